"""Linking an account to an agency's record it did not create (issue 19): a one-time code to the
phone on file, or the agency's desk; wrong, expired and exhausted codes never link."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from skillcert.core.accounts.models import Role
from skillcert.core.accounts.tests.factories import user_with_role
from skillcert.core.audit.models import AuditEvent
from skillcert.core.notifications.models import OutboxMessage
from skillcert.registration.models import Application, Candidate, CandidateLinkRequest, LinkState
from skillcert.registration.services import linking
from skillcert.registration.tests.factories import TODAY, id_number, open_batch
from skillcert.registration.tests.test_registration_views import form_data

pytestmark = pytest.mark.django_db

NUMBER = id_number(birth="19920816", seq="579")
NAME, PHONE = "黄美玲", "13877005566"


@pytest.fixture(autouse=True)
def _frozen(monkeypatch, settings, tmp_path):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def level(agency, exam_affairs_lead):
    return open_batch(agency, created_by=exam_affairs_lead)[1]


@pytest.fixture
def window_app(client, exam_affairs_staff, level):
    client.force_login(exam_affairs_staff)
    data = form_data(level, id_number=NUMBER, name=NAME, phone=PHONE)
    assert client.post(reverse("registration:window_register"), data).status_code == 302
    client.logout()
    return Application.objects.get()


@pytest.fixture
def link_page(client, candidate, window_app, level):
    """The candidate applied online with the window person's ID number and name."""
    client.force_login(candidate)
    r = client.post(
        reverse("registration:apply"),
        form_data(level, id_number=NUMBER, name=NAME, phone="13600001111", employer="自填单位"),
    )
    assert r.status_code == 302 and "/link/" in r.url
    return r.url


def _send(client, url):
    return client.post(url, {"send": "1"})


def _code_sent() -> str:
    message = OutboxMessage.objects.order_by("-pk").first()
    assert message.recipient == PHONE  # the phone on file, not the account's
    return re.search(r"验证码 (\d{6})", message.body).group(1)


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_the_code_to_the_phone_on_file_links_the_account(client, candidate, window_app, link_page):
    assert _send(client, link_page).status_code == 302
    code = _code_sent()
    link = CandidateLinkRequest.objects.get()
    assert link.code_hash and code not in link.code_hash  # only a keyed hash at rest
    r = client.post(link_page, {"code": code})
    assert r.status_code == 302 and r.url == reverse("registration:apply")
    record = Candidate.objects.get()
    assert record.user == candidate and record.phone == PHONE  # linked, nothing overwritten
    event = AuditEvent.objects.get(action="candidate.link")
    assert event.changes["method"] == "code" and event.agency_id == window_app.agency_id
    # The form comes back with what was typed before the proof, and the ID number.
    form = client.get(r.url)
    assert "自填单位" in form.text and NUMBER in form.text
    # Now the window application is the account's, and the PDF opens.
    assert (
        client.get(reverse("registration:my_application", args=[window_app.pk])).status_code == 200
    )
    pdf = client.get(reverse("registration:application_pdf", args=[window_app.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_a_wrong_code_does_not_link_and_keeps_what_was_typed(client, link_page):
    _send(client, link_page)
    wrong = _wrong(_code_sent())
    r = client.post(link_page, {"code": wrong})
    assert r.status_code == 400 and "验证码不正确，还可尝试4次" in r.text
    assert f'value="{wrong}"' in r.text
    assert Candidate.objects.get().user is None
    assert AuditEvent.objects.filter(action="candidate.link_code_failed").count() == 1


def test_an_expired_code_does_not_link(client, monkeypatch, link_page):
    _send(client, link_page)
    code = _code_sent()
    later = timezone.now() + timedelta(minutes=11)
    monkeypatch.setattr(linking, "_now", lambda now=None: later)
    r = client.post(link_page, {"code": code})
    assert r.status_code == 400 and "验证码已过期，请重新获取" in r.text
    assert Candidate.objects.get().user is None


def test_too_many_wrong_codes_then_the_right_one_still_fails(client, settings, link_page):
    _send(client, link_page)
    code = _code_sent()
    for _ in range(settings.REGISTRATION_LINK_CODE["max_attempts"]):
        r = client.post(link_page, {"code": _wrong(code)})
    assert "该验证码已失效，请重新获取" in r.text
    r = client.post(link_page, {"code": code})
    assert r.status_code == 400 and Candidate.objects.get().user is None


def test_sends_are_limited_then_only_the_desk_can_link(client, monkeypatch, settings, link_page):
    settings.REGISTRATION_LINK_CODE = {**settings.REGISTRATION_LINK_CODE, "max_sends": 2}
    start = timezone.now()
    for i in range(2):
        monkeypatch.setattr(linking, "_now", lambda now=None, i=i: start + timedelta(minutes=2 * i))
        assert _send(client, link_page).status_code == 302
    code = _code_sent()
    monkeypatch.setattr(linking, "_now", lambda now=None: start + timedelta(minutes=5))
    assert "发送次数已达上限" in _send(client, link_page).text
    for _ in range(settings.REGISTRATION_LINK_CODE["max_attempts"]):
        r = client.post(link_page, {"code": _wrong(code)})
    assert "请携带身份证到评价机构窗口确认关联" in r.text
    assert CandidateLinkRequest.objects.get().state == LinkState.LOCKED
    assert client.post(link_page, {"code": code}).status_code == 400
    assert "已不能通过短信验证关联，请按方式二到评价机构窗口确认" in client.get(link_page).text
    assert OutboxMessage.objects.count() == 2 and Candidate.objects.get().user is None


def test_a_second_code_within_the_resend_interval_is_refused(client, link_page):
    _send(client, link_page)
    r = _send(client, link_page)
    assert r.status_code == 400 and "秒后再重新获取" in r.text
    assert OutboxMessage.objects.count() == 1


def test_the_desk_links_a_named_account_after_checking_the_id_card(
    client, candidate, exam_affairs_staff, window_app, link_page
):
    client.force_login(exam_affairs_staff)
    page = client.get(reverse("registration:my_application", args=[window_app.pk]))
    assert "等待关联的账户" in page.text and candidate.username in page.text
    url = reverse("registration:link_account", args=[window_app.pk])
    r = client.post(url, {"username": "no-such-user"})
    assert r.status_code == 400 and "未找到该考生账户" in r.text and "no-such-user" in r.text
    assert client.post(url, {"username": candidate.username}).status_code == 302
    assert Candidate.objects.get().user == candidate
    event = AuditEvent.objects.get(action="candidate.link")
    assert event.changes["method"] == "desk" and event.actor == exam_affairs_staff
    client.force_login(candidate)
    assert client.get(link_page).status_code == 302  # linked: straight on to the form
    assert (
        client.get(reverse("registration:my_application", args=[window_app.pk])).status_code == 200
    )


def test_another_agencys_desk_cannot_link_the_record(client, other_agency, candidate, window_app):
    other_desk = user_with_role(Role.EXAM_AFFAIRS_LEAD, agency=other_agency)
    client.force_login(other_desk)
    url = reverse("registration:link_account", args=[window_app.pk])
    assert client.post(url, {"username": candidate.username}).status_code == 404
    assert Candidate.objects.get().user is None


def test_a_record_linked_to_another_account_is_not_taken_over(client, candidate, level, link_page):
    code_page = link_page
    _send(client, code_page)
    client.post(code_page, {"code": _code_sent()})
    assert Candidate.objects.get().user == candidate
    intruder = user_with_role(Role.CANDIDATE, full_name=NAME)
    client.force_login(intruder)
    r = client.post(reverse("registration:apply"), form_data(level, id_number=NUMBER, name=NAME))
    assert r.status_code == 302 and "/link/" in r.url
    assert Candidate.objects.get().user == candidate
    theirs = Application.objects.get()
    assert client.get(reverse("registration:my_application", args=[theirs.pk])).status_code == 404
    # Someone else's link request is not even visible.
    assert client.get(code_page).status_code == 404
