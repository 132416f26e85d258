from __future__ import annotations

from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection

from skillcert.core.publicity.tests.example import Notice, NoticeObjection

TEMPLATES = Path(__file__).resolve().parent / "templates"


@pytest.fixture(scope="module")
def example_tables(django_db_setup, django_db_blocker):
    """The stand-in stage's tables, made outside any test's transaction (SQLite cannot change
    its schema inside one) and dropped when the module is done."""
    with django_db_blocker.unblock(), connection.schema_editor() as editor:
        editor.create_model(Notice)
        editor.create_model(NoticeObjection)
    yield
    with django_db_blocker.unblock(), connection.schema_editor() as editor:
        editor.delete_model(NoticeObjection)
        editor.delete_model(Notice)


@pytest.fixture
def example_site(settings, example_tables):
    """The stand-in stage's pages beside the real site, with its own templates."""
    settings.ROOT_URLCONF = "skillcert.core.publicity.tests.example"
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], TEMPLATES]}
    ]


@pytest.fixture
def fresh_cache(db):
    """The rate limit's counters start at zero (the cache is the database's in the tests)."""
    cache.clear()
    yield
    cache.clear()
