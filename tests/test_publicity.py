"""The candidate publicity (细则第五条): the period on the working-day calendar, the public page
with masked names and numbers only, 410 once over, and objections from the public to the agency."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core.cache import cache
from django.urls import reverse

from skillcert.core.audit.models import AuditEvent
from skillcert.core.identity import decrypt_id_number
from skillcert.core.notifications.models import Notification
from skillcert.registration.models import Objection, ObjectionState, Publicity
from skillcert.registration.publicity import (
    OBJECTION_LIMIT,
    PublicityError,
    answer_objection,
    publish_candidate_list,
)
from skillcert.registration.services.report import report_batch_data
from skillcert.registration.tests.factories import BEFORE, application, planned_batch

pytestmark = pytest.mark.django_db

START = date(2026, 5, 26)  # Tuesday; 5 working days: 26, 27, 28, 29 May and Monday 1 June
END = date(2026, 6, 1)


def _freeze(monkeypatch, day: date) -> None:
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: day)


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def reported(agency, exam_affairs_lead):
    batch, (bl,) = planned_batch(agency, created_by=exam_affairs_lead)
    apps = [
        application(bl, created_by=exam_affairs_lead, name="韦小敏", phone="13877110001"),
        application(bl, created_by=exam_affairs_lead, name="欧阳娜娜", phone="13877110002"),
    ]
    report_batch_data(actor=exam_affairs_lead, batch=batch, today=BEFORE)
    return batch, apps


@pytest.fixture
def published(reported, exam_affairs_lead):
    batch, apps = reported
    publicity = publish_candidate_list(
        actor=exam_affairs_lead, batch=batch, starts_on=START, today=BEFORE
    )
    return publicity, apps


def test_period_is_the_rule_sets_working_days(published):
    publicity, _apps = published
    assert (publicity.starts_on, publicity.ends_on) == (START, END)
    event = AuditEvent.objects.get(action="registration.publicity_publish")
    assert event.changes["ends_on"] == "2026-06-01"


def test_period_follows_the_parameter_of_the_pinned_rule_set(reported, exam_affairs_lead):
    batch, _apps = reported
    rule_set = batch.rule_set
    rule_set.parameters = {**rule_set.parameters, "candidate_publicity_min_wd": 3}
    rule_set.save()
    publicity = publish_candidate_list(
        actor=exam_affairs_lead, batch=batch, starts_on=START, today=BEFORE
    )
    assert publicity.ends_on == date(2026, 5, 28)


def test_a_year_without_calendar_data_is_refused_by_name(reported, exam_affairs_lead):
    batch, _apps = reported
    with pytest.raises(PublicityError) as exc:
        publish_candidate_list(
            actor=exam_affairs_lead, batch=batch, starts_on=date(2027, 3, 1), today=BEFORE
        )
    assert "2027" in exc.value.message
    assert not Publicity.objects.exists()


def test_nothing_to_publish_before_the_report(agency, exam_affairs_lead):
    batch, _levels = planned_batch(agency, created_by=exam_affairs_lead)
    with pytest.raises(PublicityError) as exc:
        publish_candidate_list(actor=exam_affairs_lead, batch=batch, today=BEFORE)
    assert "细则第五条" in exc.value.message


def test_publishing_after_the_deadline_is_refused(reported, exam_affairs_lead):
    batch, _apps = reported
    from skillcert.batches.errors import DeadlineMissed

    with pytest.raises(DeadlineMissed):
        publish_candidate_list(actor=exam_affairs_lead, batch=batch, today=date(2026, 6, 1))


def test_public_page_shows_masked_names_and_numbers_only(client, monkeypatch, published):
    publicity, apps = published
    _freeze(monkeypatch, date(2026, 5, 28))
    response = client.get(reverse("registration:publicity_page", args=[publicity.batch_id]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "韦*" in page and "欧**娜" in page
    assert "韦小敏" not in page and "欧阳娜娜" not in page
    for app in apps:
        plain = decrypt_id_number(app.candidate.id_number)
        assert plain not in page
        assert f"{plain[:2]}{'*' * 12}{plain[-4:]}" in page
        assert app.candidate.phone not in page
        assert app.candidate.address not in page
    assert not re.search(r"(?<!\d)1[3-9]\d{9}(?!\d)", page)
    assert "<img" not in page
    assert "2026年5月26日 至 2026年6月1日" in page
    # The printable version: the print stylesheet hides the form and the navigation.
    from django.contrib.staticfiles import finders

    assert "registration/publicity.css" in page and "data-print" in page
    from pathlib import Path

    css = Path(finders.find("registration/publicity.css")).read_text(encoding="utf-8")
    assert "@media print" in css and ".no-print" in css


def test_page_answers_410_after_the_period_and_404_without_one(
    client, monkeypatch, published, agency, exam_affairs_lead
):
    publicity, _apps = published
    url = reverse("registration:publicity_page", args=[publicity.batch_id])
    _freeze(monkeypatch, END)
    assert client.get(url).status_code == 200  # the last day still shows
    _freeze(monkeypatch, date(2026, 6, 2))
    gone = client.get(url)
    assert gone.status_code == 410
    text = gone.content.decode()
    assert "已于2026年6月1日结束" in text and "韦*" not in text
    _freeze(monkeypatch, date(2026, 5, 25))  # before it starts
    assert client.get(url).status_code == 404
    other, _levels = planned_batch(agency, created_by=exam_affairs_lead)
    missing = client.get(reverse("registration:publicity_page", args=[other.pk]))
    assert missing.status_code == 404


def test_index_lists_open_pages_only(client, monkeypatch, published):
    publicity, _apps = published
    index = reverse("registration:publicity_index")
    _freeze(monkeypatch, date(2026, 5, 27))
    page = client.get(index).content.decode()
    assert reverse("registration:publicity_page", args=[publicity.batch_id]) in page
    assert publicity.batch.name not in client.get(index, {"q": "无此机构"}).content.decode()
    _freeze(monkeypatch, date(2026, 6, 2))
    assert publicity.batch.name not in client.get(index).content.decode()


def test_objection_goes_to_the_agency_queue_and_the_city_centre(
    client, monkeypatch, published, city_supervisor, exam_affairs_lead
):
    publicity, _apps = published
    _freeze(monkeypatch, date(2026, 5, 27))
    url = reverse("registration:publicity_page", args=[publicity.batch_id])
    response = client.post(
        url,
        {
            "name": "王先生",
            "contact": "13900001111",
            "content": "韦*（证件尾号）并未在本单位工作满一年。",
        },
    )
    assert response.status_code == 302
    assert "已提交" in client.get(response.url).content.decode()
    objection = Objection.objects.get()
    assert (objection.name, objection.state) == ("王先生", ObjectionState.OPEN)
    assert AuditEvent.objects.filter(action="registration.objection_submit").exists()
    told = set(Notification.objects.values_list("user_id", flat=True))
    assert {city_supervisor.pk, exam_affairs_lead.pk} <= told

    client.force_login(exam_affairs_lead)
    queue = client.get(reverse("registration:objection_list"), {"state": "open"}).content.decode()
    assert "王先生" in queue
    detail = reverse("registration:objection_detail", args=[objection.pk])
    answered = client.post(detail, {"answer": "经核实，该考生社保记录满一年，资格有效。"})
    assert answered.status_code == 302
    objection.refresh_from_db()
    assert objection.state == ObjectionState.ANSWERED and objection.answered_by == exam_affairs_lead
    assert "经核实" in client.get(detail).content.decode()


def test_invalid_objection_keeps_the_input_and_says_why(client, monkeypatch, published):
    publicity, _apps = published
    _freeze(monkeypatch, date(2026, 5, 27))
    url = reverse("registration:publicity_page", args=[publicity.batch_id])
    response = client.post(url, {"name": "王先生", "contact": "", "content": "太短"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="王先生"' in page and "太短</textarea>" in page
    assert "这个字段是必填项" in page or "请填写" in page
    response = client.post(url, {"name": "王先生", "contact": "13900001111", "content": "太短"})
    assert "至少10个字" in response.content.decode()
    assert not Objection.objects.exists()


def test_objections_are_rate_limited_per_address(client, monkeypatch, published):
    publicity, _apps = published
    _freeze(monkeypatch, date(2026, 5, 27))
    url = reverse("registration:publicity_page", args=[publicity.batch_id])
    data = {
        "name": "王先生",
        "contact": "13900001111",
        "content": "对名单中一名考生的工作年限有异议。",
    }
    for _ in range(OBJECTION_LIMIT):
        assert client.post(url, data).status_code == 302
    refused = client.post(url, data)
    assert refused.status_code == 429
    assert "一小时内最多提交" in refused.content.decode()
    assert Objection.objects.count() == OBJECTION_LIMIT
    other = client.post(url, data, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302


def test_objection_form_needs_the_csrf_token(monkeypatch, published):
    from django.test import Client

    publicity, _apps = published
    _freeze(monkeypatch, date(2026, 5, 27))
    strict = Client(enforce_csrf_checks=True)
    url = reverse("registration:publicity_page", args=[publicity.batch_id])
    data = {
        "name": "王先生",
        "contact": "13900001111",
        "content": "对名单中一名考生的工作年限有异议。",
    }
    assert strict.post(url, data).status_code == 403
    assert not Objection.objects.exists()


def test_only_the_agency_answers(published, city_supervisor, other_agency_admin):
    from skillcert.core.errors import NotFound, PermissionDenied

    publicity, _apps = published
    objection = Objection.objects.create(
        publicity=publicity, name="王先生", contact="x", content="异议内容异议内容异议内容"
    )
    with pytest.raises(PermissionDenied):
        answer_objection(actor=city_supervisor, objection=objection, answer="已核实")
    with pytest.raises(NotFound):
        answer_objection(actor=other_agency_admin, objection=objection, answer="已核实")


def test_lead_publishes_from_the_page_and_a_past_start_is_refused_beside_the_field(
    client, monkeypatch, reported, exam_affairs_lead
):
    batch, _apps = reported
    _freeze(monkeypatch, BEFORE)
    client.force_login(exam_affairs_lead)
    url = reverse("registration:publicity_publish", args=[batch.pk])
    assert "5 个工作日" in client.get(url).content.decode()
    refused = client.post(url, {"starts_on": "2026-05-20"})
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "早于今天" in page and 'value="2026-05-20"' in page
    assert client.post(url, {"starts_on": "2026-05-26"}).status_code == 302
    publicity = Publicity.objects.get()
    assert (publicity.starts_on, publicity.ends_on) == (START, END)
    detail = client.get(reverse("registration:report_batch", args=[batch.pk])).content.decode()
    assert "2026年5月26日 至 2026年6月1日" in detail


def test_open_objections_are_on_the_agencys_to_do_list(
    client, monkeypatch, published, exam_affairs_lead
):
    publicity, _apps = published
    Objection.objects.create(
        publicity=publicity, name="王先生", contact="x", content="异议内容异议内容异议内容"
    )
    client.force_login(exam_affairs_lead)
    home = client.get(reverse("ui:home")).content.decode()
    assert "答复考生名单公示异议" in home
