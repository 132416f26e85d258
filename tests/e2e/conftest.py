"""Playwright driving Debian's Chromium against pytest-django's live server.

Playwright's sync API runs an asyncio event loop in the test thread, which makes Django refuse
ORM calls there as "async-unsafe"; the calls are in fact synchronous, so the check is lifted.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
SCRATCH = Path(__file__).resolve().parents[2] / "var" / "screenshots"
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
    """Where the browser tests save their screenshots.

    The user guide's copies in docs/screenshots are rewritten only by `make screenshots`
    (SKILLCERT_UPDATE_SCREENSHOTS=1), so an ordinary test run leaves the work tree clean; otherwise
    they go to var/screenshots, to look at after a run.
    """
    target = SCREENSHOTS if os.environ.get("SKILLCERT_UPDATE_SCREENSHOTS") else SCRATCH
    target.mkdir(parents=True, exist_ok=True)
    return target
