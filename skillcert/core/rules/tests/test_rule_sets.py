"""Rule sets: the 2021 seed, parameter lookup, versions that never change under pinned objects."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from skillcert.core.audit.models import AuditEvent
from skillcert.core.errors import PermissionDenied
from skillcert.core.rules import current_rule_set
from skillcert.core.rules.errors import InvalidParameters, NoRuleSetInForce, RuleSetInUse
from skillcert.core.rules.models import RuleSet, RuleSetStatus
from skillcert.core.rules.parameters import PARAMETERS, UnknownParameter
from skillcert.core.rules.selectors import parameter_rows
from skillcert.core.rules.services import (
    activate_rule_set,
    create_rule_set_version,
    update_rule_set,
)

pytestmark = pytest.mark.django_db

EXPECTED_2021 = {
    "announce_lead_wd": 15,
    "plan_filing_lead_wd": 10,
    "data_report_lead_wd": 8,
    "arrangement_lead_wd": 5,
    "paper_assembly_lead_wd": 5,
    "room_seal_lead_wd": 1,
    "score_report_lag_wd": 5,
    "result_publicity_min_wd": 5,
    "archive_paper_years": 3,
    "archive_electronic_years": 5,
    "pass_mark": 60,
    "theory_invigilator_ratio": 15,
    "theory_min_invigilators_per_room": 2,
    "skill_assessor_ratio": 5,
    "skill_min_assessors": 3,
    "review_committee_min": 3,
    "room_capacity_default": 30,
    "late_entry_cutoff_min": 15,
    "earliest_handin_min": 30,
}


def _new_version(actor, based_on=None, changes=None, effective_from=date(2026, 7, 1)):
    return create_rule_set_version(
        actor=actor,
        based_on=based_on or RuleSet.objects.get(version=1),
        changes=changes or {"announce_lead_wd": 20},
        document_number="桂职鉴字〔2026〕3号",
        title="广西职业技能等级认定考务实施细则（修订）",
        effective_from=effective_from,
        note="公告提前期延长",
    )


def test_version_1_is_the_2021_rules_with_every_value():
    v1 = RuleSet.objects.get(version=1)
    assert v1.document_number == "桂职鉴字〔2021〕1号"
    assert v1.effective_from == date(2021, 5, 13)
    assert v1.status == RuleSetStatus.ACTIVE
    assert v1.counts_regional_holidays
    assert v1.parameters == EXPECTED_2021
    # Parameters registered after version 1 was seeded read their registry default.
    assert set(EXPECTED_2021) <= set(PARAMETERS)
    assert v1.param("deadline_warning_wd") == PARAMETERS["deadline_warning_wd"].default
    assert {key: v1.param(key) for key in EXPECTED_2021} == EXPECTED_2021


def test_each_parameter_shows_label_unit_and_article():
    rows = {row.key: row for row in parameter_rows(RuleSet.objects.get(version=1))}
    announce = rows["announce_lead_wd"]
    assert (announce.label, announce.unit, announce.value) == ("认定公告提前发布", "个工作日", 15)
    assert announce.article.endswith("第一条")
    assert rows["archive_electronic_years"].article.endswith("第十八条")
    assert rows["score_report_lag_wd"].article.endswith("第十四条")


def test_unknown_parameter_names_the_key():
    with pytest.raises(UnknownParameter) as caught:
        RuleSet.objects.get(version=1).param("announce_lead_days")
    assert "announce_lead_days" in str(caught.value)
    assert "announce_lead_wd" in str(caught.value)


def test_a_parameter_added_later_reads_its_default_on_older_sets():
    v1 = RuleSet.objects.get(version=1)
    v1.parameters.pop("earliest_handin_min")
    assert v1.param("earliest_handin_min") == 30


def test_current_rule_set_on_a_date(monkeypatch):
    assert current_rule_set(date(2025, 1, 1)).version == 1
    with pytest.raises(NoRuleSetInForce):
        current_rule_set(date(2021, 5, 12))
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2026, 6, 1))
    assert current_rule_set().version == 1


def test_an_active_set_is_not_edited_in_place(provincial_supervisor):
    v1 = RuleSet.objects.get(version=1)
    with pytest.raises(RuleSetInUse) as caught:
        update_rule_set(actor=provincial_supervisor, rule_set=v1, changes={"pass_mark": 70})
    assert "创建新版本" in caught.value.message
    v1.refresh_from_db()
    assert v1.param("pass_mark") == 60


def test_new_version_copies_changes_and_is_audited(provincial_supervisor):
    v2 = _new_version(provincial_supervisor)
    assert v2.version == 2 and v2.status == RuleSetStatus.DRAFT
    assert v2.param("announce_lead_wd") == 20
    assert v2.param("plan_filing_lead_wd") == 10
    assert v2.based_on.version == 1
    event = AuditEvent.objects.get(action="rules.create_version")
    assert event.changes["parameters"] == {"announce_lead_wd": [15, 20]}


def test_a_draft_may_be_edited_until_activated(provincial_supervisor):
    v2 = _new_version(provincial_supervisor)
    update_rule_set(actor=provincial_supervisor, rule_set=v2, changes={"announce_lead_wd": 18})
    v2.refresh_from_db()
    assert v2.param("announce_lead_wd") == 18
    activate_rule_set(actor=provincial_supervisor, rule_set=v2)
    with pytest.raises(RuleSetInUse):
        update_rule_set(actor=provincial_supervisor, rule_set=v2, title="改名")


def test_activation_applies_from_the_effective_date_and_supersedes(provincial_supervisor):
    v2 = _new_version(provincial_supervisor, effective_from=date(2026, 7, 1))
    assert current_rule_set(date(2026, 8, 1)).version == 1  # a draft is never in force
    activate_rule_set(actor=provincial_supervisor, rule_set=v2)
    assert RuleSet.objects.get(version=1).status == RuleSetStatus.SUPERSEDED
    assert current_rule_set(date(2026, 6, 30)).version == 1
    assert current_rule_set(date(2026, 7, 1)).version == 2
    assert current_rule_set(date(2026, 7, 1)).param("announce_lead_wd") == 20
    assert AuditEvent.objects.filter(action="rules.supersede").count() == 1


def test_invalid_values_are_refused_with_reasons(provincial_supervisor):
    with pytest.raises(InvalidParameters) as caught:
        _new_version(
            provincial_supervisor,
            changes={"skill_min_assessors": 4, "pass_mark": 130, "announce_lead_wd": "十五"},
        )
    errors = caught.value.errors
    assert "奇数" in errors["skill_min_assessors"]
    assert "不得大于100" in errors["pass_mark"]
    assert "整数" in errors["announce_lead_wd"]
    assert RuleSet.objects.count() == 1


def test_unknown_key_in_changes_is_refused(provincial_supervisor):
    with pytest.raises(InvalidParameters) as caught:
        _new_version(provincial_supervisor, changes={"announce_lead": 20})
    assert "announce_lead" in caught.value.errors


def test_only_the_provincial_supervisor_maintains_rule_sets(
    agency_admin, city_supervisor, provincial_supervisor
):
    for user in (agency_admin, city_supervisor):
        with pytest.raises(PermissionDenied):
            _new_version(user)
    v2 = _new_version(provincial_supervisor)
    for user in (agency_admin, city_supervisor):
        with pytest.raises(PermissionDenied):
            activate_rule_set(actor=user, rule_set=v2)
    assert RuleSet.objects.get(version=2).status == RuleSetStatus.DRAFT
