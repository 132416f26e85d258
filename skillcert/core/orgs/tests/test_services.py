"""Agencies are registered and edited by the provincial centre only."""

from __future__ import annotations

import pytest

from skillcert.core.audit.models import AuditEvent
from skillcert.core.errors import PermissionDenied
from skillcert.core.orgs import services
from skillcert.core.orgs.models import AgencyStatus, AgencyType
from skillcert.core.orgs.services import AgencyError
from skillcert.core.orgs.tests.factories import city_centre, province_centre


def _register(actor, **overrides):
    values = {
        "actor": actor,
        "name": "桂林市示范职业技能评价中心",
        "agency_type": AgencyType.SOCIAL,
        "code": "s450300001",
        "centre": city_centre("桂林"),
        "address": "桂林市七星区",
        "contact_name": "莫少伟",
        "contact_phone": "0773-5551234",
        "contact_email": "",
    }
    values.update(overrides)
    return services.register_agency(**values)


def test_provincial_supervisor_registers_agency_with_normalised_code(provincial_supervisor):
    agency = _register(provincial_supervisor)
    assert agency.code == "S450300001"
    assert agency.centre.city == "桂林"
    event = AuditEvent.objects.get(action="agency.register")
    assert event.agency == agency and event.changes["centre"] == "桂林市职业技能鉴定指导中心"


def test_agency_code_must_be_unique_with_chinese_error(provincial_supervisor, agency):
    with pytest.raises(AgencyError, match=f"已被「{agency.name}」使用") as info:
        _register(provincial_supervisor, code=agency.code)
    assert info.value.field == "code"


def test_agency_must_belong_to_a_city_centre(provincial_supervisor):
    with pytest.raises(AgencyError, match="设区市"):
        _register(provincial_supervisor, centre=province_centre())


@pytest.mark.parametrize("role_fixture", ["city_supervisor", "agency_admin"])
def test_only_the_provincial_centre_registers_agencies(db, request, role_fixture):
    actor = request.getfixturevalue(role_fixture)
    with pytest.raises(PermissionDenied):
        _register(actor)


def test_update_records_old_and_new_values(provincial_supervisor, agency):
    services.update_agency(
        actor=provincial_supervisor, agency=agency, status=AgencyStatus.SUSPENDED
    )
    agency.refresh_from_db()
    assert agency.status == AgencyStatus.SUSPENDED
    event = AuditEvent.objects.get(action="agency.update")
    assert event.changes == {"status": ["active", "suspended"]}


def test_update_without_change_writes_no_event(provincial_supervisor, agency):
    services.update_agency(actor=provincial_supervisor, agency=agency, name=agency.name)
    assert not AuditEvent.objects.filter(action="agency.update").exists()


def test_update_to_a_taken_code_is_refused(provincial_supervisor, agency, other_agency):
    with pytest.raises(AgencyError, match="已被"):
        services.update_agency(actor=provincial_supervisor, agency=agency, code=other_agency.code)
