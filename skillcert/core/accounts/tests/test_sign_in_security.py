"""Issue 20, finding 5, as an attacker makes the requests: guessing passwords is locked out per
account and per address, every sign-in and failure is audited without the password, weak and
reused passwords are refused, the listed roles need a second factor, and idle staff sessions end.
"""

from __future__ import annotations

import json
import re
import time
from datetime import UTC, datetime, timedelta

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from skillcert.core.accounts.models import AGENCY_ROLES, SECOND_FACTOR_ROLES, Role
from skillcert.core.accounts.tests.factories import TEST_PASSWORD, user_with_role
from skillcert.core.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

LOGIN = "accounts:login"
WRONG = "Wrong-guess-0001"
NOW = datetime(2026, 3, 16, 9, 0, tzinfo=UTC)


def _sign_in(client, username, password, **extra):
    return client.post(reverse(LOGIN), {"username": username, "password": password}, **extra)


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def _everything_audited() -> str:
    """The audit trail and axes' own attempt records, as one searchable text."""
    rows = [*AuditEvent.objects.values(), *AccessAttempt.objects.values()]
    return json.dumps(rows, default=str, ensure_ascii=False)


# --- lockout --------------------------------------------------------------------------------------


def test_fifty_guesses_lock_the_account_even_against_the_right_password(client, agency_admin):
    for i in range(50):
        response = _sign_in(client, agency_admin.username, f"Guess-{i:04d}-pw")
        assert response.status_code in {200, 429}
        assert not _signed_in(client)
    refused = _sign_in(client, agency_admin.username, TEST_PASSWORD)
    body = refused.content.decode()
    assert refused.status_code == 429
    assert not _signed_in(client)
    assert "登录失败次数过多" in body and "已被暂时锁定" in body
    assert "30 分钟" in body and "管理员解除锁定" in body
    # What the person typed as their name stays in the form.
    assert f'value="{agency_admin.username}"' in body
    assert client.get(reverse("ui:home")).status_code == 302


def test_account_lock_holds_from_another_address(client, settings, agency_admin):
    for _ in range(settings.LOGIN_FAILURE_LIMIT_PER_ACCOUNT):
        _sign_in(client, agency_admin.username, WRONG, REMOTE_ADDR="10.1.1.1")
    refused = _sign_in(client, agency_admin.username, TEST_PASSWORD, REMOTE_ADDR="10.2.2.2")
    assert refused.status_code == 429 and not _signed_in(client)


def test_one_failure_fewer_than_the_limit_does_not_lock(client, settings, agency_admin):
    for _ in range(settings.LOGIN_FAILURE_LIMIT_PER_ACCOUNT - 1):
        _sign_in(client, agency_admin.username, WRONG)
    assert _sign_in(client, agency_admin.username, TEST_PASSWORD).status_code == 302
    assert _signed_in(client)


def test_address_lock_spans_accounts_but_not_other_addresses(client, settings, agency):
    victims = [user_with_role(Role.EXAMINER, agency=agency) for _ in range(2)]
    # Spraying one guess at many names from one address: the address is locked.
    for i in range(settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS):
        _sign_in(client, f"nobody{i}", WRONG, REMOTE_ADDR="10.9.9.9")
    refused = _sign_in(client, victims[0].username, TEST_PASSWORD, REMOTE_ADDR="10.9.9.9")
    assert refused.status_code == 429 and "已被暂时锁定" in refused.content.decode()
    # The same person from their own office is not locked out by the attacker's address.
    ok = _sign_in(client, victims[1].username, TEST_PASSWORD, REMOTE_ADDR="10.3.3.3")
    assert ok.status_code == 302


def test_signing_in_to_an_own_account_does_not_clear_the_address_count(
    client, settings, agency, candidate
):
    victim = user_with_role(Role.EXAMINER, agency=agency)
    for i in range(settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS - 1):
        _sign_in(client, f"nobody{i}", WRONG, REMOTE_ADDR="10.9.9.9")
    assert _sign_in(client, candidate.username, TEST_PASSWORD, REMOTE_ADDR="10.9.9.9").status_code
    client.logout()
    _sign_in(client, "one-more-guess", WRONG, REMOTE_ADDR="10.9.9.9")
    refused = _sign_in(client, victim.username, TEST_PASSWORD, REMOTE_ADDR="10.9.9.9")
    assert refused.status_code == 429


def test_lock_ends_after_the_cool_off(client, settings, monkeypatch, agency_admin):
    monkeypatch.setattr("axes.handlers.proxy.now", lambda: NOW)
    monkeypatch.setattr("axes.attempts.now", lambda: NOW)
    for _ in range(settings.LOGIN_FAILURE_LIMIT_PER_ACCOUNT):
        _sign_in(client, agency_admin.username, WRONG)
    assert _sign_in(client, agency_admin.username, TEST_PASSWORD).status_code == 429
    later = NOW + timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES, seconds=1)
    monkeypatch.setattr("axes.handlers.proxy.now", lambda: later)
    monkeypatch.setattr("axes.attempts.now", lambda: later)
    assert _sign_in(client, agency_admin.username, TEST_PASSWORD).status_code == 302


def test_agency_admin_unlocks_a_staff_member(client, settings, agency, agency_admin):
    examiner = user_with_role(Role.EXAMINER, agency=agency)
    for _ in range(settings.LOGIN_FAILURE_LIMIT_PER_ACCOUNT):
        _sign_in(client, examiner.username, WRONG, REMOTE_ADDR="10.4.4.4")
    assert _sign_in(client, examiner.username, TEST_PASSWORD).status_code == 429

    client.force_login(agency_admin)
    url = reverse("accounts:staff_unlock", args=[examiner.pk])
    assert "解除登录锁定" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert AuditEvent.objects.filter(action="auth.unlock", object_id=str(examiner.pk)).exists()
    client.logout()
    assert _sign_in(client, examiner.username, TEST_PASSWORD).status_code == 302


def test_another_agencys_admin_cannot_unlock(client, settings, agency, other_agency_admin):
    examiner = user_with_role(Role.EXAMINER, agency=agency)
    for _ in range(settings.LOGIN_FAILURE_LIMIT_PER_ACCOUNT):
        _sign_in(client, examiner.username, WRONG)
    client.force_login(other_agency_admin)
    assert client.post(reverse("accounts:staff_unlock", args=[examiner.pk])).status_code == 404
    client.logout()
    assert _sign_in(client, examiner.username, TEST_PASSWORD).status_code == 429


def test_operator_command_unlocks(client, settings, agency_admin):
    for _ in range(settings.LOGIN_FAILURE_LIMIT_PER_ACCOUNT):
        _sign_in(client, agency_admin.username, WRONG)
    call_command("unlock_sign_in", agency_admin.username)
    assert _sign_in(client, agency_admin.username, TEST_PASSWORD).status_code == 302


# --- audit ----------------------------------------------------------------------------------------


def test_success_and_failure_are_audited_without_the_password(client, agency_admin):
    secret_guess = "Zhe-shi-mima-42"
    _sign_in(client, agency_admin.username, secret_guess)
    _sign_in(client, "no-such-person", secret_guess)
    _sign_in(client, agency_admin.username, TEST_PASSWORD)

    failed = AuditEvent.objects.filter(action="auth.login_failed").order_by("id")
    assert [e.changes["username"] for e in failed] == [agency_admin.username, "no-such-person"]
    assert failed[0].object_id == str(agency_admin.pk) and failed[1].object_id == ""
    assert all(e.actor_id is None and e.actor_label == "匿名用户" for e in failed)
    assert all(e.ip == "127.0.0.1" for e in failed)
    ok = AuditEvent.objects.get(action="auth.login")
    assert ok.actor_id == agency_admin.pk and ok.ip == "127.0.0.1"

    stored = _everything_audited()
    assert secret_guess not in stored and TEST_PASSWORD not in stored


def test_refusals_during_a_lockout_are_audited_as_locked(client, settings, agency_admin):
    for _ in range(settings.LOGIN_FAILURE_LIMIT_PER_ACCOUNT + 2):
        _sign_in(client, agency_admin.username, WRONG)
    _sign_in(client, agency_admin.username, TEST_PASSWORD)
    locked = AuditEvent.objects.filter(action="auth.login_locked")
    assert locked.count() >= 3
    assert not AuditEvent.objects.filter(action="auth.login").exists()


# --- password rules -------------------------------------------------------------------------------


def _change_password(client, old, new):
    return client.post(
        reverse("accounts:password_change"),
        {"old_password": old, "new_password1": new, "new_password2": new},
    )


@pytest.mark.parametrize(
    ("weak", "message"),
    [
        ("passwordpassword", "容易被猜中"),
        ("guangxi2026", "容易被猜中"),
        ("Guangxi@2026", "容易被猜中"),
        ("2026Nanning!", "容易被猜中"),
        ("p@ssw0rd2026", "容易被猜中"),
        ("Short-1", "密码太短"),
        ("1234567890123", "不能全是数字"),
        ("qwertyuiop", "过于常见"),
    ],
)
def test_weak_passwords_are_refused_in_chinese(client, agency_admin, weak, message):
    client.force_login(agency_admin)
    response = _change_password(client, TEST_PASSWORD, weak)
    assert response.status_code == 200
    assert message in response.content.decode()
    agency_admin.refresh_from_db()
    assert agency_admin.check_password(TEST_PASSWORD)


def test_password_like_the_username_is_refused(client, agency):
    user = user_with_role(Role.EXAMINER, agency=agency, username="weilijuan2026")
    client.force_login(user)
    response = _change_password(client, TEST_PASSWORD, "weilijuan2026x")
    assert "过于相似" in response.content.decode()


def test_current_and_recent_passwords_are_refused(client, settings, agency_admin):
    client.force_login(agency_admin)
    same = _change_password(client, TEST_PASSWORD, TEST_PASSWORD)
    assert "不能与当前密码或最近" in same.content.decode()

    first, second = "Bagui-Shan-ridge-1", "Lijiang-river-bend-2"
    assert _change_password(client, TEST_PASSWORD, first).status_code == 302
    assert _change_password(client, first, second).status_code == 302
    back = _change_password(client, second, TEST_PASSWORD)
    assert "不能与当前密码或最近" in back.content.decode()
    agency_admin.refresh_from_db()
    assert agency_admin.check_password(second)


def test_the_rules_are_shown_beside_the_new_password_field(client, agency_admin):
    client.force_login(agency_admin)
    page = client.get(reverse("accounts:password_change")).content.decode()
    assert 'id="id_new_password1_helptext"' in page
    assert (
        "至少10个字符" in page
        and "不能是地名、年份" in page
        and "最近5次" in page
        and "。；" not in page
    )


def test_a_good_password_is_accepted(client, agency_admin):
    client.force_login(agency_admin)
    assert _change_password(client, TEST_PASSWORD, "Zuojiang-huashan-mural").status_code == 302


# --- second factor --------------------------------------------------------------------------------


@pytest.fixture
def second_factor_on(settings):
    settings.REQUIRE_SECOND_FACTOR = True


def _code(device: TOTPDevice, *, offset: int = 0) -> str:
    """What the phone shows now (or ``offset`` time steps later)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset * device.step
    return f"{totp.token():06d}"


STAFF_PAGES = ["ui:home", "accounts:staff_list", "audit:event_list", "batches:list"]


@pytest.mark.parametrize("role", sorted(SECOND_FACTOR_ROLES, key=str))
def test_listed_roles_reach_nothing_with_the_password_alone(client, second_factor_on, agency, role):
    user = user_with_role(role, agency=agency) if role in AGENCY_ROLES else user_with_role(role)
    assert _sign_in(client, user.username, TEST_PASSWORD).status_code == 302
    for url in [*(reverse(name) for name in STAFF_PAGES), "/api/v1/openapi.json"]:
        response = client.get(url)
        if url.startswith("/api/"):
            assert response.status_code == 403, url
        else:
            assert response.status_code == 302, url
            assert response.url.startswith(reverse("accounts:otp_setup")), url


def test_roles_not_listed_sign_in_with_the_password(client, second_factor_on, examiner, candidate):
    for user in (examiner, candidate):
        _sign_in(client, user.username, TEST_PASSWORD)
        assert client.get(reverse("ui:home")).status_code == 200
        client.logout()


def test_setting_off_lets_the_listed_roles_in_with_the_password(client, settings, agency_admin):
    settings.REQUIRE_SECOND_FACTOR = False
    _sign_in(client, agency_admin.username, TEST_PASSWORD)
    assert client.get(reverse("ui:home")).status_code == 200


def test_enrol_then_sign_in_with_a_code_and_a_recovery_code_once(
    client, second_factor_on, monkeypatch, agency_admin
):
    _sign_in(client, agency_admin.username, TEST_PASSWORD)
    setup = client.get(reverse("accounts:otp_setup"))
    page = setup.content.decode()
    assert setup.status_code == 200 and "<svg" in page and "密钥" in page
    device = TOTPDevice.objects.get(user=agency_admin, confirmed=False)
    wrong = client.post(reverse("accounts:otp_setup"), {"otp_token": "000000"})
    assert "验证码不正确" in wrong.content.decode()
    # After a wrong code the device makes one wait (django-otp's throttle): even the right code
    # is refused at once, and accepted a few seconds later.
    throttled = client.post(reverse("accounts:otp_setup"), {"otp_token": _code(device)})
    assert "验证码不正确" in throttled.content.decode()
    later = timezone.now() + timedelta(seconds=5)
    monkeypatch.setattr("django.utils.timezone.now", lambda: later)

    done = client.post(reverse("accounts:otp_setup"), {"otp_token": _code(device)})
    codes_page = done.content.decode()
    assert "只显示这一次" in codes_page
    codes = re.findall(r"<code>([a-z0-9]{10})</code>", codes_page)
    assert len(codes) == 10
    assert client.get(reverse("accounts:staff_list")).status_code == 200
    assert AuditEvent.objects.filter(action="auth.enrol_totp").count() == 1

    # Next sign-in: the password, then a recovery code instead of the phone.
    client.post(reverse("accounts:logout"))
    _sign_in(client, agency_admin.username, TEST_PASSWORD)
    assert client.get(reverse("ui:home")).url.startswith(reverse("accounts:otp_verify"))
    used = client.post(reverse("accounts:otp_verify"), {"otp_token": codes[0]})
    assert used.status_code == 302
    assert client.get(reverse("accounts:staff_list")).status_code == 200

    # The same recovery code does not work a second time.
    client.post(reverse("accounts:logout"))
    _sign_in(client, agency_admin.username, TEST_PASSWORD)
    again = client.post(reverse("accounts:otp_verify"), {"otp_token": codes[0]})
    assert again.status_code == 200 and "验证码不正确" in again.content.decode()
    assert client.get(reverse("ui:home")).status_code == 302
    assert AuditEvent.objects.filter(action="auth.second_factor_failed").exists()
    # A fresh TOTP code does, once the wrong attempt's wait is over.
    much_later = later + timedelta(seconds=5)
    monkeypatch.setattr("django.utils.timezone.now", lambda: much_later)
    device.refresh_from_db()
    ok = client.post(reverse("accounts:otp_verify"), {"otp_token": _code(device, offset=1)})
    assert ok.status_code == 302
    assert client.get(reverse("ui:home")).status_code == 200
    stored = _everything_audited()
    assert codes[0] not in stored
    # Nor are the codes in the database as such.
    from django_otp.plugins.otp_static.models import StaticToken

    assert not StaticToken.objects.filter(token__in=codes).exists()
    assert StaticToken.objects.filter(device__user=agency_admin).count() == len(codes) - 1


def test_a_totp_code_is_refused_when_replayed(client, second_factor_on, agency_admin):
    from skillcert.core.accounts import signin

    device = signin.enrol_demo_device(user=agency_admin)
    code = _code(device)
    _sign_in(client, agency_admin.username, TEST_PASSWORD)
    assert client.post(reverse("accounts:otp_verify"), {"otp_token": code}).status_code == 302
    client.post(reverse("accounts:logout"))
    _sign_in(client, agency_admin.username, TEST_PASSWORD)
    replay = client.post(reverse("accounts:otp_verify"), {"otp_token": code})
    assert replay.status_code == 200 and "验证码不正确" in replay.content.decode()


def test_demo_otp_prints_the_current_code(settings, second_factor_on, agency_admin, capsys):
    from skillcert.core.accounts import signin

    settings.DEBUG = True  # the command refuses to read secrets outside the demo

    device = signin.enrol_demo_device(user=agency_admin)
    call_command("demo_otp", agency_admin.username)
    assert capsys.readouterr().out.strip() == _code(device)


# --- session timeouts -----------------------------------------------------------------------------


def _at(monkeypatch, moment: datetime) -> None:
    monkeypatch.setattr("django.utils.timezone.now", lambda: moment)


def test_staff_session_ends_after_the_idle_timeout(client, settings, monkeypatch, examiner):
    _at(monkeypatch, NOW)
    _sign_in(client, examiner.username, TEST_PASSWORD)
    idle = timedelta(minutes=settings.STAFF_IDLE_TIMEOUT_MINUTES)
    _at(monkeypatch, NOW + idle - timedelta(seconds=1))
    assert client.get(reverse("ui:home")).status_code == 200
    # Activity resets the clock; a further full period of silence ends the session.
    _at(monkeypatch, NOW + 2 * idle)
    response = client.get(reverse("accounts:staff_list"))
    assert response.status_code == 302 and response.url.startswith(reverse(LOGIN))
    assert not _signed_in(client)
    login_page = client.get(response.url).content.decode()
    assert "未操作" in login_page and "已自动退出" in login_page


def test_an_htmx_request_after_the_idle_timeout_reloads_to_the_login_page(
    client, settings, monkeypatch, examiner
):
    _at(monkeypatch, NOW)
    _sign_in(client, examiner.username, TEST_PASSWORD)
    _at(monkeypatch, NOW + timedelta(minutes=settings.STAFF_IDLE_TIMEOUT_MINUTES, seconds=1))
    response = client.get(reverse("ui:home"), headers={"HX-Request": "true"})
    assert response.status_code == 204 and response["HX-Redirect"] == reverse(LOGIN)
    assert not _signed_in(client)


def test_candidates_keep_the_ordinary_session(client, settings, monkeypatch, candidate):
    _at(monkeypatch, NOW)
    _sign_in(client, candidate.username, TEST_PASSWORD)
    _at(monkeypatch, NOW + timedelta(minutes=settings.STAFF_IDLE_TIMEOUT_MINUTES + 5))
    assert client.get(reverse("ui:home")).status_code == 200


def test_every_session_ends_at_its_absolute_lifetime(client, settings, monkeypatch, examiner):
    _at(monkeypatch, NOW)
    _sign_in(client, examiner.username, TEST_PASSWORD)
    step = timedelta(minutes=settings.STAFF_IDLE_TIMEOUT_MINUTES - 1)
    moment = NOW
    while moment + step < NOW + timedelta(seconds=settings.SESSION_COOKIE_AGE):
        moment += step
        _at(monkeypatch, moment)
        assert client.get(reverse("ui:home")).status_code == 200
    _at(monkeypatch, NOW + timedelta(seconds=settings.SESSION_COOKIE_AGE + 1))
    response = client.get(reverse("ui:home"))
    assert response.status_code == 302 and not _signed_in(client)
