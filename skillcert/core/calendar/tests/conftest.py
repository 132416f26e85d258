from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone


@pytest.fixture
def today_2026_06_01(monkeypatch):
    """Freeze "today" where a default (the rule set in force) depends on it."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: date(2026, 6, 1))
    return date(2026, 6, 1)
