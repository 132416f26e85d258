"""Objects pin the version in force when created; a pinned version never changes under them.

Later stages (Batch) use ``PinsRuleSet``; here a small model built for the test stands in, its
table created inside the test's transaction so the rollback removes it.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.apps import apps
from django.db import connection, models
from django.db.models import ProtectedError

from skillcert.core.rules.errors import RuleSetInUse
from skillcert.core.rules.models import PinsRuleSet, RuleSet, RuleSetStatus
from skillcert.core.rules.selectors import is_in_use, is_pinned, pin_current_rule_set
from skillcert.core.rules.services import (
    activate_rule_set,
    create_rule_set_version,
    update_rule_set,
)


@pytest.fixture
def planned_thing(db):
    class PlannedThing(PinsRuleSet):
        name = models.CharField(max_length=20)

        class Meta:
            app_label = "rules"

    try:
        # The schema editor refuses to open inside SQLite's test transaction, so collect its SQL
        # without entering it and run that: both databases roll the CREATE TABLE back with the
        # test.
        editor = connection.schema_editor(collect_sql=True)
        editor.deferred_sql = []
        editor.create_model(PlannedThing)
        with connection.cursor() as cursor:
            for sql in [*editor.collected_sql, *(str(s) for s in editor.deferred_sql)]:
                cursor.execute(sql)
        yield PlannedThing
    finally:
        del apps.all_models["rules"]["plannedthing"]
        apps.clear_cache()


def _draft(actor, based_on, **changes):
    return create_rule_set_version(
        actor=actor,
        based_on=based_on,
        changes=changes,
        document_number="桂职鉴字〔2026〕3号",
        title="修订版",
        effective_from=date(2026, 7, 1),
    )


def test_new_objects_pin_the_version_in_force_and_keep_it(planned_thing, provincial_supervisor):
    early = planned_thing(name="六月批次")
    pin_current_rule_set(early, on=date(2026, 6, 15))
    early.save()
    assert early.rule_set.version == 1

    v2 = _draft(provincial_supervisor, early.rule_set, announce_lead_wd=20)
    activate_rule_set(actor=provincial_supervisor, rule_set=v2)

    late = planned_thing(name="七月批次")
    pin_current_rule_set(late, on=date(2026, 7, 2))
    late.save()

    early = planned_thing.objects.select_related("rule_set").get(pk=early.pk)
    assert early.rule_set.version == 1
    assert early.rule_set.param("announce_lead_wd") == 15
    assert late.rule_set.param("announce_lead_wd") == 20


def test_pinning_keeps_an_explicit_choice(planned_thing):
    v1 = RuleSet.objects.get(version=1)
    thing = planned_thing(name="指定", rule_set=v1)
    assert pin_current_rule_set(thing, on=date(2030, 1, 1)) == v1


def test_a_pinned_draft_is_not_edited_in_place(planned_thing, provincial_supervisor):
    v1 = RuleSet.objects.get(version=1)
    draft = _draft(provincial_supervisor, v1, pass_mark=65)
    assert not is_in_use(draft)
    planned_thing.objects.create(name="试点批次", rule_set=draft)
    assert is_pinned(draft) and is_in_use(draft)

    with pytest.raises(RuleSetInUse) as caught:
        update_rule_set(actor=provincial_supervisor, rule_set=draft, changes={"pass_mark": 70})
    assert "新版本" in caught.value.message
    draft.refresh_from_db()
    assert draft.param("pass_mark") == 65
    assert draft.status == RuleSetStatus.DRAFT


def test_a_pinned_version_cannot_be_deleted(planned_thing):
    v1 = RuleSet.objects.get(version=1)
    planned_thing.objects.create(name="批次", rule_set=v1)
    with pytest.raises(ProtectedError):
        v1.delete()
