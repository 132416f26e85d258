"""The seeded catalogue must be there even after a committed test emptied the tables."""

from __future__ import annotations

import importlib

import pytest


@pytest.fixture(autouse=True)
def _catalogue_seed(request: pytest.FixtureRequest) -> None:
    if "db" not in request.fixturenames and not request.node.get_closest_marker("django_db"):
        return
    request.getfixturevalue("db")
    from django.apps import apps

    if not apps.get_model("catalog", "Occupation").objects.exists():
        importlib.import_module("skillcert.catalog.migrations.0003_seed_catalogue").seed(apps, None)
