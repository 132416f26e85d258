from __future__ import annotations

import pytest

from skillcert.batches.announcements.hooks import register_completions


@pytest.fixture(autouse=True)
def _our_step_completions() -> None:
    # Another app's test may have left its own function for the announcement step registered.
    register_completions()
