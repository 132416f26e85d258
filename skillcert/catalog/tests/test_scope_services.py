"""Agency scope (备案): who may grant and revoke, overlaps, and the selectors other stages call."""

from __future__ import annotations

from datetime import date

import pytest

from skillcert.catalog.errors import EligibilityRuleInvalid, OutOfScope, ScopeError
from skillcert.catalog.models import AgencyScope, StandardLevel
from skillcert.catalog.selectors import levels_in_scope, require_in_scope, scope_for
from skillcert.catalog.services import (
    create_clause,
    grant_agency_scope,
    revoke_agency_scope,
    update_subject,
    validate_conditions,
)
from skillcert.catalog.tests import factories as f
from skillcert.core.audit.models import AuditEvent
from skillcert.core.errors import NotFound, PermissionDenied

pytestmark = pytest.mark.django_db


@pytest.fixture
def electrician_4() -> StandardLevel:
    return f.seeded_level("电工", 4)


def test_provincial_supervisor_grants_and_the_agency_is_in_scope_only_within_validity(
    provincial_supervisor, agency, electrician_4
):
    scope = grant_agency_scope(
        actor=provincial_supervisor,
        agency=agency,
        standard_level=electrician_4,
        valid_from=date(2026, 1, 1),
        valid_until=date(2026, 12, 31),
        document_number="桂人社备〔2026〕1号",
    )
    assert scope_for(agency, electrician_4, date(2026, 6, 1)) == scope
    require_in_scope(agency, electrician_4, date(2026, 6, 1))
    assert list(levels_in_scope(agency, date(2026, 6, 1))) == [electrician_4]
    for outside in (date(2025, 12, 31), date(2027, 1, 1)):
        assert scope_for(agency, electrician_4, outside) is None
        assert not levels_in_scope(agency, outside).exists()
    with pytest.raises(OutOfScope) as refused:
        require_in_scope(agency, electrician_4, date(2027, 1, 1))
    assert refused.value.code == "out_of_scope"
    assert refused.value.message.startswith(
        "本机构未备案认定 电工 四级/中级工（2027年1月1日），不能安排或认定。"
    )
    event = AuditEvent.objects.get(action="catalog.grant_scope")
    assert event.agency == agency and event.changes["valid_from"] == "2026-01-01"


def test_revoked_scope_no_longer_counts(provincial_supervisor, agency, electrician_4):
    scope = grant_agency_scope(
        actor=provincial_supervisor,
        agency=agency,
        standard_level=electrician_4,
        valid_from=date(2025, 1, 1),
    )
    revoke_agency_scope(actor=provincial_supervisor, scope=scope)
    with pytest.raises(OutOfScope):
        require_in_scope(agency, electrician_4, date(2026, 6, 1))
    assert AgencyScope.objects.get(pk=scope.pk).revoked_at is not None
    assert AuditEvent.objects.filter(action="catalog.revoke_scope").count() == 1
    with pytest.raises(ScopeError):
        revoke_agency_scope(actor=provincial_supervisor, scope=scope)


def test_overlapping_validity_is_refused_but_an_adjacent_period_is_not(
    provincial_supervisor, agency, electrician_4
):
    grant_agency_scope(
        actor=provincial_supervisor,
        agency=agency,
        standard_level=electrician_4,
        valid_from=date(2025, 1, 1),
        valid_until=date(2025, 12, 31),
    )
    with pytest.raises(ScopeError) as refused:
        grant_agency_scope(
            actor=provincial_supervisor,
            agency=agency,
            standard_level=electrician_4,
            valid_from=date(2025, 6, 1),
        )
    assert "2025年1月1日至2025年12月31日" in refused.value.message
    assert "重叠" in refused.value.message
    grant_agency_scope(
        actor=provincial_supervisor,
        agency=agency,
        standard_level=electrician_4,
        valid_from=date(2026, 1, 1),
    )
    assert AgencyScope.objects.filter(agency=agency).count() == 2


def test_city_supervisor_maintains_only_agencies_of_their_city(
    city_supervisor, agency, other_agency, electrician_4
):
    # The fixture's city supervisor belongs to 南宁, like `agency`; `other_agency` is in 柳州.
    grant_agency_scope(
        actor=city_supervisor,
        agency=agency,
        standard_level=electrician_4,
        valid_from=date(2026, 1, 1),
    )
    with pytest.raises(NotFound):
        grant_agency_scope(
            actor=city_supervisor,
            agency=other_agency,
            standard_level=electrician_4,
            valid_from=date(2026, 1, 1),
        )
    assert not AgencyScope.objects.filter(agency=other_agency).exists()


def test_agency_staff_cannot_grant_and_another_agency_is_not_found(
    agency_admin, other_agency_admin, provincial_supervisor, agency, electrician_4
):
    with pytest.raises(PermissionDenied):
        grant_agency_scope(
            actor=agency_admin,
            agency=agency,
            standard_level=electrician_4,
            valid_from=date(2026, 1, 1),
        )
    scope = grant_agency_scope(
        actor=provincial_supervisor,
        agency=agency,
        standard_level=electrician_4,
        valid_from=date(2026, 1, 1),
    )
    with pytest.raises(NotFound):
        revoke_agency_scope(actor=other_agency_admin, scope=scope)
    with pytest.raises(PermissionDenied):
        revoke_agency_scope(actor=agency_admin, scope=scope)
    assert AgencyScope.objects.get(pk=scope.pk).revoked_at is None


def test_valid_until_before_valid_from_is_refused(provincial_supervisor, agency, electrician_4):
    with pytest.raises(ScopeError, match="截止日期不能早于生效日期"):
        grant_agency_scope(
            actor=provincial_supervisor,
            agency=agency,
            standard_level=electrician_4,
            valid_from=date(2026, 2, 1),
            valid_until=date(2026, 1, 1),
        )


@pytest.mark.parametrize(
    ("conditions", "named"),
    [
        ({"type": "work_years"}, "列表"),
        ([], "列表"),
        (["text"], "第1项条件不是对象"),
        ([{"type": "years_of_service", "min_years": 3}], "未知的条件类型 'years_of_service'"),
        ([{"type": "work_years", "min_years": 5}], "第1项条件（work_years）有误：scope"),
        (
            [
                {"type": "age_at_least", "years": 16},
                {"type": "holds_cert", "min_level": 7, "scope": "same"},
            ],
            "第2项条件（holds_cert）有误：min_level",
        ),
        ([{"type": "work_years", "min_years": -2, "scope": "same"}], "min_years：须为正数"),
        ([{"type": "training_completed", "hours": 80, "extra": 1}], "含未知参数 ['extra']"),
    ],
)
def test_bad_conditions_are_refused_naming_the_atom(conditions, named):
    with pytest.raises(EligibilityRuleInvalid) as refused:
        validate_conditions(conditions)
    assert named in refused.value.message


def test_a_clause_with_bad_conditions_is_never_stored(provincial_supervisor, electrician_4):
    before = electrician_4.eligibility_clauses.count()
    with pytest.raises(EligibilityRuleInvalid):
        create_clause(
            actor=provincial_supervisor,
            standard_level=electrician_4,
            text="累计从事本职业工作8年（含）以上。",
            conditions=[{"type": "work_years", "min_years": "八"}],
        )
    assert electrician_4.eligibility_clauses.count() == before


def test_editing_a_subject_of_a_standard_in_use_is_allowed_and_audited_as_such(
    provincial_supervisor, agency, electrician_4, agency_admin
):
    grant_agency_scope(
        actor=provincial_supervisor,
        agency=agency,
        standard_level=electrician_4,
        valid_from=date(2026, 1, 1),
    )
    subject = electrician_4.subjects.get(kind="theory")
    update_subject(actor=provincial_supervisor, subject=subject, min_duration_minutes=120)
    subject.refresh_from_db()
    assert subject.min_duration_minutes == 120
    event = AuditEvent.objects.get(action="catalog.update_subject")
    assert event.changes["min_duration_minutes"] == [90, 120]
    assert event.changes["in_use"] is True
    with pytest.raises(PermissionDenied):
        update_subject(actor=agency_admin, subject=subject, min_duration_minutes=60)


def test_demo_scopes_are_granted_once(provincial_supervisor, agency, other_agency):
    from skillcert.catalog.demo import load_catalog_demo

    agency.code, other_agency.code = "S450100001", "Y450200001"
    agency.save()
    other_agency.save()
    load_catalog_demo(province_user=provincial_supervisor, agencies=[agency, other_agency])
    load_catalog_demo(province_user=provincial_supervisor, agencies=[agency, other_agency])
    on = date(2026, 6, 1)
    nanning = {(s.standard.occupation.name, s.level) for s in levels_in_scope(agency, on)}
    assert ("电工", 3) in nanning and ("电工", 2) not in nanning
    assert ("企业人力资源管理师", 4) in nanning and ("健康照护师", 3) not in nanning
    liuzhou = {(s.standard.occupation.name, s.level) for s in levels_in_scope(other_agency, on)}
    assert liuzhou == {("焊工", 5), ("焊工", 4), ("焊工", 3), ("电工", 5), ("电工", 4)}
    assert AgencyScope.objects.count() == len(nanning) + len(liuzhou) == 16
