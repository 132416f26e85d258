"""The demo loader is idempotent and creates a login for every role."""

from __future__ import annotations

from django.core.management import call_command

from skillcert.core.accounts.models import Membership, Role, User
from skillcert.core.audit.models import AuditEvent
from skillcert.core.orgs.models import Agency
from skillcert.demo.services import DEMO_PASSWORD, load_demo


def _counts() -> tuple[int, int, int, int]:
    return (
        User.objects.count(),
        Membership.objects.count(),
        Agency.objects.count(),
        AuditEvent.objects.count(),
    )


def test_load_demo_twice_gives_the_same_counts(db):
    first = load_demo()
    counts = _counts()
    second = load_demo()
    assert _counts() == counts
    assert first == second


def test_demo_has_every_role_and_shared_password_without_forced_change(db):
    logins = load_demo()
    assert {login.role for login in logins} == {role.value for role in Role}
    for login in logins:
        user = User.objects.get(username=login.username)
        assert user.check_password(DEMO_PASSWORD)
        assert not user.must_change_password
    nanning = Agency.objects.get(code="S450100001")
    assert nanning.centre.city == "南宁" and nanning.agency_type == "S"
    assert Agency.objects.get(code="Y450200001").centre.city == "柳州"


def test_demo_command_prints_logins_and_url(db, capsys):
    call_command("demo")
    call_command("demo")
    out = capsys.readouterr().out
    assert "nn.admin" in out and "机构管理员" in out
    assert DEMO_PASSWORD in out and "http://127.0.0.1:8000" in out
