"""The public page of a stand-in stage built on the shared machinery: 404 before the period, 410
after it, masked rows during it, objections with CSRF and a rate limit, answers recorded once."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from skillcert.core.accounts.tests.factories import UserFactory
from skillcert.core.audit.models import AuditEvent
from skillcert.core.publicity.errors import ObjectionRefused
from skillcert.core.publicity.models import ObjectionState
from skillcert.core.publicity.tests.example import RATE, Notice, NoticeObjection, answer

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("example_site", "fresh_cache")]

ROWS = [{"name": "欧阳娜娜", "id_number": "450103199001011234", "level": "四级/中级工"}]
OBJECTION = {
    "name": "王先生",
    "contact": "13900001111",
    "content": "欧**娜并未在本单位工作满一年。",
}


def _freeze(monkeypatch, day: date) -> None:
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: day)


def _notice(subject="b1", title="电工考生名单", starts=date(2026, 5, 26), ends=date(2026, 6, 1)):
    return Notice.objects.create(
        subject=subject,
        title=title,
        rows=ROWS,
        starts_on=starts,
        ends_on=ends,
        published_by=UserFactory(),
    )


def test_page_is_404_before_the_period_200_during_and_410_after(client, monkeypatch):
    _notice()
    _freeze(monkeypatch, date(2026, 5, 25))
    assert client.get("/publicity-tests/b1/").status_code == 404
    _freeze(monkeypatch, date(2026, 6, 1))
    page = client.get("/publicity-tests/b1/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "欧**娜" in text and "45************1234" in text
    assert "欧阳娜娜" not in text and "450103199001011234" not in text
    _freeze(monkeypatch, date(2026, 6, 2))
    gone = client.get("/publicity-tests/b1/")
    assert gone.status_code == 410 and "公示期已结束" in gone.content.decode()
    assert "欧**娜" not in gone.content.decode()
    assert client.get("/publicity-tests/nothing/").status_code == 404


def test_a_correction_replaces_the_page_and_the_index_lists_open_ones_only(client, monkeypatch):
    _notice(title="第1版名单")
    _notice(title="第2版名单")
    _notice(subject="b2", title="已结束的名单", starts=date(2026, 5, 11), ends=date(2026, 5, 15))
    _freeze(monkeypatch, date(2026, 5, 27))
    assert "第2版名单" in client.get("/publicity-tests/b1/").content.decode()
    index = client.get("/publicity-tests/").content.decode()
    assert "第2版名单" in index
    assert "第1版名单" not in index and "已结束的名单" not in index


def test_objection_is_taken_audited_and_keeps_the_address(client, monkeypatch):
    notice = _notice()
    _freeze(monkeypatch, date(2026, 5, 27))
    response = client.post("/publicity-tests/b1/", OBJECTION, REMOTE_ADDR="10.0.0.7")
    assert response.status_code == 302 and response.url.endswith("?submitted=1#objection")
    objection = NoticeObjection.objects.get()
    assert (objection.notice, objection.state, objection.ip) == (
        notice,
        ObjectionState.OPEN,
        "10.0.0.7",
    )
    event = AuditEvent.objects.get(action="publicity_tests.objection_submit")
    assert event.changes == {"publicity": notice.pk, "name": "王先生"}


def test_an_incomplete_objection_is_refused_beside_the_field(client, monkeypatch):
    _notice()
    _freeze(monkeypatch, date(2026, 5, 27))
    response = client.post("/publicity-tests/b1/", {**OBJECTION, "content": "太短了"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "至少10个字" in page and 'value="王先生"' in page
    assert not NoticeObjection.objects.exists()


def test_objections_are_rate_limited_per_address(client, monkeypatch):
    _notice()
    _freeze(monkeypatch, date(2026, 5, 27))
    for _ in range(RATE.limit):
        assert client.post("/publicity-tests/b1/", OBJECTION).status_code == 302
    refused = client.post("/publicity-tests/b1/", OBJECTION)
    assert refused.status_code == 429 and "一小时内最多提交2条异议" in refused.content.decode()
    assert NoticeObjection.objects.count() == RATE.limit
    assert client.post("/publicity-tests/b1/", OBJECTION, REMOTE_ADDR="10.0.0.9").status_code == 302


def test_the_objection_form_needs_the_csrf_token(monkeypatch):
    _notice()
    _freeze(monkeypatch, date(2026, 5, 27))
    assert (
        Client(enforce_csrf_checks=True).post("/publicity-tests/b1/", OBJECTION).status_code == 403
    )
    assert not NoticeObjection.objects.exists()


def test_no_objection_after_the_period(client, monkeypatch):
    _notice()
    _freeze(monkeypatch, date(2026, 6, 2))
    assert client.post("/publicity-tests/b1/", OBJECTION).status_code == 410
    assert not NoticeObjection.objects.exists()


def test_an_answer_is_recorded_once_and_audited():
    notice = _notice()
    objection = NoticeObjection.objects.create(
        notice=notice, name="王先生", contact="x", content="异议内容异议内容异议内容"
    )
    staff = UserFactory()
    with pytest.raises(ObjectionRefused) as empty:
        answer(actor=staff, objection=objection, text="  ")
    assert empty.value.field == "answer"
    answered = answer(actor=staff, objection=objection, text="经核实，资格有效。")
    assert answered.is_answered and answered.answered_by == staff and answered.answered_at
    assert AuditEvent.objects.filter(action="publicity_tests.answer").count() == 1
    with pytest.raises(ObjectionRefused) as again:
        answer(actor=staff, objection=objection, text="再次答复")
    assert again.value.code == "already_answered"
