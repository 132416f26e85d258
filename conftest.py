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


def _is_committed_test(item: pytest.Item) -> bool:
    names = getattr(item, "fixturenames", ())
    marker = item.get_closest_marker("django_db")
    return (
        "live_server" in names
        or "transactional_db" in names
        or (marker is not None and bool(marker.kwargs.get("transaction")))
    )


# Tests that commit (browser tests with live_server among them) end by emptying every table, which
# takes the reference data that migrations seed (centres, the holiday table, rule set 1) away from
# the tests after them on the same worker. It is put back before and after each such test.
# (Serialized rollback cannot do this for browser tests: once Playwright's event loop runs, the
# test gets a connection without Django's serialized copy.)


@pytest.fixture(autouse=True)
def _reference_data_before_committed_test(request: pytest.FixtureRequest) -> None:
    if _is_committed_test(request.node):
        request.getfixturevalue("transactional_db")
        from skillcert.core.reference_data import ensure_reference_data

        ensure_reference_data()


_db_blocker = None


@pytest.fixture(scope="session", autouse=True)
def _remember_db_blocker(django_db_blocker):
    global _db_blocker
    _db_blocker = django_db_blocker
    yield


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None):
    yield
    if _db_blocker is None or nextitem is None or not _is_committed_test(item):
        return  # with no next item the test database is already gone
    from django.db import connection

    from skillcert.core.reference_data import ensure_reference_data

    with _db_blocker.unblock():
        ensure_reference_data()
        # Possibly a connection of the browser test's own; left open it would keep PostgreSQL
        # from dropping the test database at the end of the session.
        connection.close()


@pytest.fixture(scope="session")
def _media_dir(tmp_path_factory: pytest.TempPathFactory):
    return tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _media_root(settings, _media_dir):
    """Uploaded files go to a temporary folder, never into the work tree's var/media."""
    settings.MEDIA_ROOT = _media_dir


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    """Jobs run inline in tests: the immediate backend executes a task as it is enqueued."""
    settings.TASKS = IMMEDIATE_TASKS


@pytest.fixture(autouse=True)
def audit_anchor_dir(settings, tmp_path):
    """Each test's audit anchor files in its own directory, never in var/ where the demo's are."""
    settings.AUDIT_ANCHOR_DIR = tmp_path / "audit-anchors"
    return settings.AUDIT_ANCHOR_DIR


@pytest.fixture(autouse=True)
def no_second_factor(settings):
    """Tests not about sign-in act without the TOTP step; the sign-in tests turn it back on."""
    settings.REQUIRE_SECOND_FACTOR = False


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


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix: None, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """SQLite tests use a database file, not memory: the browser tests' live server then gives
    each of its request threads a connection of its own instead of sharing the test thread's,
    which SQLite refuses once a connection crosses threads."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        name = tmp_path_factory.mktemp("database") / "test_skillcert.sqlite3"
        database.setdefault("TEST", {})["NAME"] = str(name)
