"""Fixtures every app's tests share: an agency in 南宁, one in 柳州, and a user per role."""

from __future__ import annotations

import pytest

from skillcert.core.accounts.models import Role
from skillcert.core.accounts.tests.factories import user_with_role
from skillcert.core.orgs.tests.factories import AgencyFactory, city_centre

IMMEDIATE_TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default"],
    }
}


def pytest_collection_modifyitems(items):
    """Transactional tests (browser tests with live_server among them) empty every table when they
    end, which would take the reference data that migrations seed (centres, the holiday table,
    rule set 1) away from the tests after them. Serialized rollback puts it back."""
    for item in items:
        names = getattr(item, "fixturenames", None)
        if names is None:
            continue
        marker = item.get_closest_marker("django_db")
        transactional = "live_server" in names or "transactional_db" in names
        if marker is not None and marker.kwargs.get("transaction"):
            transactional = True
        if transactional and "django_db_serialized_rollback" not in names:
            names.append("django_db_serialized_rollback")


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    """Jobs run inline in tests: the immediate backend executes a task as it is enqueued."""
    settings.TASKS = IMMEDIATE_TASKS


@pytest.fixture
def agency(db):
    return AgencyFactory(name="南宁市示例职业技能评价中心", centre=city_centre("南宁"))


@pytest.fixture
def other_agency(db):
    return AgencyFactory(name="柳州市另一评价机构", centre=city_centre("柳州"))


def _role_fixture(role: Role):
    @pytest.fixture
    def _fixture(db, agency):
        from skillcert.core.accounts.models import AGENCY_ROLES

        if role in AGENCY_ROLES:
            return user_with_role(role, agency=agency)
        return user_with_role(role)

    return _fixture


provincial_supervisor = _role_fixture(Role.PROVINCIAL_SUPERVISOR)
city_supervisor = _role_fixture(Role.CITY_SUPERVISOR)
external_supervisor = _role_fixture(Role.EXTERNAL_SUPERVISOR)
agency_admin = _role_fixture(Role.AGENCY_ADMIN)
agency_head = _role_fixture(Role.AGENCY_HEAD)
exam_affairs_lead = _role_fixture(Role.EXAM_AFFAIRS_LEAD)
exam_affairs_staff = _role_fixture(Role.EXAM_AFFAIRS_STAFF)
examiner = _role_fixture(Role.EXAMINER)
invigilator = _role_fixture(Role.INVIGILATOR)
technician = _role_fixture(Role.TECHNICIAN)
internal_supervisor = _role_fixture(Role.INTERNAL_SUPERVISOR)
candidate = _role_fixture(Role.CANDIDATE)


@pytest.fixture
def other_agency_admin(db, other_agency):
    return user_with_role(Role.AGENCY_ADMIN, agency=other_agency)


@pytest.fixture(autouse=True, scope="session")
def fast_password_hashing():
    """Tests create hundreds of users; production's PBKDF2 cost would dominate the suite."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
