"""Staff accounts are opened and changed only by their own agency's administrator."""

from __future__ import annotations

import pytest

from skillcert.core.accounts import services
from skillcert.core.accounts.errors import AccountError
from skillcert.core.accounts.models import Membership, Role
from skillcert.core.accounts.tests.factories import TEST_PASSWORD, user_with_role
from skillcert.core.audit.models import AuditEvent
from skillcert.core.errors import NotFound, PermissionDenied
from skillcert.core.orgs.tests.factories import city_centre, province_centre


def _create(actor, agency, **overrides):
    values = {
        "actor": actor,
        "agency": agency,
        "username": "lu.junjie",
        "full_name": "卢俊杰",
        "phone": "13807710015",
        "email": "lujj@example.cn",
        "roles": [Role.EXAMINER, Role.INVIGILATOR],
        "initial_password": "Guangxi-Init-2026",
    }
    values.update(overrides)
    return services.create_staff_account(**values)


def test_admin_creates_staff_with_roles_and_first_login_obligation(agency_admin, agency):
    user = _create(agency_admin, agency)
    assert user.must_change_password
    assert user.check_password("Guangxi-Init-2026")
    assert set(
        Membership.objects.filter(user=user, agency=agency).values_list("role", flat=True)
    ) == {
        Role.EXAMINER,
        Role.INVIGILATOR,
    }


def test_staff_creation_is_audited_without_the_password(agency_admin, agency):
    user = _create(agency_admin, agency)
    event = AuditEvent.objects.get(action="account.create_staff")
    assert event.actor == agency_admin
    assert event.agency == agency
    assert event.object_id == str(user.pk)
    assert event.changes["roles"] == ["examiner", "invigilator"]
    assert "Guangxi-Init-2026" not in str(event.changes)
    assert not any("password" in key for key in event.changes)


def test_without_initial_password_a_one_time_password_is_generated(agency_admin, agency):
    user = _create(agency_admin, agency, initial_password=None)
    assert user.temporary_password
    assert user.check_password(user.temporary_password)
    assert user.temporary_password not in str(AuditEvent.objects.last().changes)


def test_admin_of_another_agency_gets_not_found(other_agency_admin, agency):
    with pytest.raises(NotFound):
        _create(other_agency_admin, agency)


def test_other_roles_of_the_agency_are_refused(exam_affairs_lead, agency):
    with pytest.raises(PermissionDenied, match="机构管理员"):
        _create(exam_affairs_lead, agency)


def test_centre_roles_cannot_be_granted_inside_an_agency(agency_admin, agency):
    with pytest.raises(AccountError, match="不是评价机构的角色") as info:
        _create(agency_admin, agency, roles=[Role.CITY_SUPERVISOR])
    assert info.value.field == "roles"


def test_duplicate_username_is_refused_case_insensitively(agency_admin, agency):
    _create(agency_admin, agency)
    with pytest.raises(AccountError, match="已被使用") as info:
        _create(agency_admin, agency, username="LU.JUNJIE")
    assert info.value.field == "username"


def test_weak_initial_password_is_refused_beside_its_field(agency_admin, agency):
    with pytest.raises(AccountError) as info:
        _create(agency_admin, agency, initial_password="12345")
    assert info.value.field == "initial_password"


def test_last_admin_cannot_be_revoked(agency_admin, agency):
    with pytest.raises(AccountError, match="唯一的机构管理员"):
        services.revoke_role(
            actor=agency_admin, agency=agency, user=agency_admin, role=Role.AGENCY_ADMIN
        )
    assert Membership.objects.get(user=agency_admin, role=Role.AGENCY_ADMIN).is_active


def test_admin_role_can_be_revoked_once_another_admin_exists(agency_admin, agency):
    second = user_with_role(Role.AGENCY_ADMIN, agency=agency)
    services.revoke_role(actor=second, agency=agency, user=agency_admin, role=Role.AGENCY_ADMIN)
    assert not Membership.objects.get(user=agency_admin, role=Role.AGENCY_ADMIN).is_active
    assert AuditEvent.objects.filter(action="account.revoke_role").exists()


def test_set_staff_roles_grants_and_revokes_to_match(agency_admin, agency):
    user = _create(agency_admin, agency)
    services.set_staff_roles(
        actor=agency_admin, agency=agency, user=user, roles=[Role.EXAMINER, Role.TECHNICIAN]
    )
    active = set(
        Membership.objects.filter(user=user, agency=agency, is_active=True).values_list(
            "role", flat=True
        )
    )
    assert active == {Role.EXAMINER, Role.TECHNICIAN}


def test_granting_a_role_to_someone_outside_the_agency_is_not_found(
    agency_admin, agency, other_agency_admin
):
    with pytest.raises(NotFound):
        services.grant_role(
            actor=agency_admin, agency=agency, user=other_agency_admin, role=Role.EXAMINER
        )


def test_deactivate_ends_roles_and_disables_login(agency_admin, agency, examiner):
    services.deactivate_account(actor=agency_admin, agency=agency, user=examiner)
    examiner.refresh_from_db()
    assert not examiner.is_active
    assert not Membership.objects.filter(user=examiner, is_active=True).exists()


def test_deactivate_keeps_login_when_person_works_elsewhere(agency_admin, agency, other_agency):
    person = user_with_role(Role.EXAMINER, agency=agency)
    Membership.objects.create(user=person, role=Role.EXAMINER, agency=other_agency)
    services.deactivate_account(actor=agency_admin, agency=agency, user=person)
    person.refresh_from_db()
    assert person.is_active
    assert Membership.objects.filter(user=person, agency=other_agency, is_active=True).exists()


def test_admin_cannot_deactivate_self(agency_admin, agency):
    with pytest.raises(AccountError, match="自己"):
        services.deactivate_account(actor=agency_admin, agency=agency, user=agency_admin)


def test_provincial_supervisor_creates_city_supervisor(provincial_supervisor):
    user = services.create_centre_account(
        actor=provincial_supervisor,
        centre=city_centre("柳州"),
        username="lz.sup",
        full_name="蒙春华",
        phone="",
        email="",
        role=Role.CITY_SUPERVISOR,
    )
    membership = user.memberships.get()
    assert membership.centre.city == "柳州"
    assert user.must_change_password
    assert AuditEvent.objects.filter(action="account.create_centre", object_id=user.pk).exists()


def test_city_supervisor_role_refused_in_the_provincial_centre(provincial_supervisor):
    with pytest.raises(AccountError, match="设区市"):
        services.create_centre_account(
            actor=provincial_supervisor,
            centre=province_centre(),
            username="wrong",
            full_name="某某",
            phone="",
            email="",
            role=Role.CITY_SUPERVISOR,
        )


def test_city_supervisor_cannot_create_centre_accounts(city_supervisor):
    with pytest.raises(PermissionDenied):
        services.create_centre_account(
            actor=city_supervisor,
            centre=city_centre("南宁"),
            username="x.sup",
            full_name="某某",
            phone="",
            email="",
            role=Role.EXTERNAL_SUPERVISOR,
        )


def test_bootstrap_refused_once_a_provincial_supervisor_exists(provincial_supervisor):
    with pytest.raises(PermissionDenied):
        services.bootstrap_provincial_supervisor(
            username="second",
            full_name="某某",
            phone="",
            email="",
            initial_password=TEST_PASSWORD,
        )
