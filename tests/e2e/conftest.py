"""Playwright driving Debian's Chromium against pytest-django's live server.

Playwright's sync API runs an asyncio event loop in the test thread, which makes Django refuse
ORM calls there as "async-unsafe"; the calls are in fact synchronous, so the check is lifted.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def browser() -> Iterator:
    if not CHROMIUM.exists():
        pytest.skip("Debian Chromium is not installed at /usr/bin/chromium (run `make browser`)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def screenshots_dir() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


# A live-server test must commit, so the database is flushed after it, and the flush also removes
# the centres that a data migration seeded. Serialized rollback did not restore them here: Django
# keeps its serialized copy on the connection object, and once Playwright's event loop runs, the
# test found a connection without it. So the centres are seeded (idempotently, by the migration's
# own function) before each of these tests, in case another app's committed test ran just before
# on this worker, and again after it for the tests that follow.


def _seed_centres() -> None:
    from django.apps import apps

    importlib.import_module("skillcert.core.orgs.migrations.0002_seed_centres").seed(apps, None)


def _is_committed_test(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    return marker is not None and bool(marker.kwargs.get("transaction"))


@pytest.fixture(autouse=True)
def _centres_present(request: pytest.FixtureRequest) -> None:
    if _is_committed_test(request.node):
        _seed_centres()


_db_blocker = None


@pytest.fixture(scope="session", autouse=True)
def _remember_db_blocker(django_db_blocker) -> Iterator[None]:
    global _db_blocker
    _db_blocker = django_db_blocker
    yield


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    yield
    if _db_blocker is None or not _is_committed_test(item):
        return
    if nextitem is None:  # the session is over and the test database already dropped
        return
    from django.db import connection

    with _db_blocker.unblock():
        _seed_centres()
        # This may be a connection of its own (see above); left open, it would keep PostgreSQL
        # from dropping the test database at the end of the session.
        connection.close()
