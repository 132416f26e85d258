"""Reference data that data migrations seed: the centres, the holiday table, rule set version 1.

Tests that commit (browser tests against a live server among them) end by emptying every table,
migration-seeded rows included. ``ensure_reference_data`` puts back whatever is missing by running
the migrations' own seed functions, so there is one source for these rows.
"""

from __future__ import annotations

import importlib

from django.apps import apps

SEEDS = [
    ("orgs", "Centre", "skillcert.core.orgs.migrations.0002_seed_centres"),
    (
        "calendar",
        "CalendarYear",
        "skillcert.core.calendar.migrations.0002_seed_national_and_guangxi",
    ),
    ("rules", "RuleSet", "skillcert.core.rules.migrations.0002_seed_2021_rules"),
    ("catalog", "Occupation", "skillcert.catalog.migrations.0003_seed_catalogue"),
    ("batches", "ChecklistItem", "skillcert.batches.migrations.0004_seed_checklist_items"),
    (
        "registration",
        "RejectionReason",
        "skillcert.registration.migrations.0002_seed_rejection_reasons",
    ),
]


def ensure_reference_data() -> list[str]:
    """Seed each empty reference table; return the labels of the tables that were seeded."""
    seeded = []
    for app_label, model_name, module in SEEDS:
        if apps.get_model(app_label, model_name).objects.exists():
            continue
        importlib.import_module(module).seed(apps, None)
        seeded.append(f"{app_label}.{model_name}")
    return seeded
