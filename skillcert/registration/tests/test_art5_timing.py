"""细则第五条 held in use (issue 19, findings 6 and 7), as the agency and the supervisors act.

The data report closes registration: the page says so, with the announced end date and the
applications still waiting for review, and the agency must confirm. The candidate list is public
from no later than the report deadline; the supervisors' list flags a late or short publicity.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from skillcert.batches.announcements.models import Announcement, AnnouncementStatus
from skillcert.batches.models import BatchState
from skillcert.core.audit.models import AuditEvent
from skillcert.core.calendar.models import Region
from skillcert.core.calendar.services import add_calendar_day
from skillcert.registration.models import ApplicationState, DataReport, Publicity
from skillcert.registration.services.report import report_batch_data
from skillcert.registration.tests.factories import BEFORE, application, planned_batch

pytestmark = pytest.mark.django_db


def _freeze(monkeypatch, day: date) -> None:
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: day)


def _announce(batch, *, start: date, end: date, by) -> Announcement:
    announcement = Announcement.objects.create(
        agency=batch.agency,
        title="认定公告",
        registration_start=start,
        registration_end=end,
        status=AnnouncementStatus.PUBLISHED,
        published_at=timezone.now(),
        created_by=by,
    )
    announcement.batches.add(batch)
    return announcement


@pytest.fixture
def open_batch(agency, exam_affairs_lead):
    """A planned batch whose announced registration runs to 28 May, one application approved and
    one still waiting for review."""
    batch, (bl,) = planned_batch(agency, created_by=exam_affairs_lead)
    _announce(batch, start=date(2026, 5, 4), end=date(2026, 5, 28), by=exam_affairs_lead)
    application(bl, created_by=exam_affairs_lead, name="韦小敏")
    application(bl, created_by=exam_affairs_lead, name="黄志明", state=ApplicationState.SUBMITTED)
    return batch


def test_report_page_warns_of_closing_registration_and_of_open_review(
    client, monkeypatch, open_batch, exam_affairs_lead
):
    _freeze(monkeypatch, BEFORE)
    client.force_login(exam_affairs_lead)
    url = reverse("registration:report_batch", args=[open_batch.pk])

    page = client.get(url).content.decode()
    assert "上报后本批次即停止报名" in page and "报名截止日期为2026年5月28日" in page
    assert "尚有1份申报待审核" in page
    assert "我已知悉上述情况，确认上报" in page

    refused = client.post(url, {"note": ""})
    assert refused.status_code == 200
    assert "请确认知悉后再上报" in refused.content.decode()
    assert not DataReport.objects.exists()
    open_batch.refresh_from_db()
    assert open_batch.state == BatchState.PLANNED

    response = client.post(url, {"note": "", "confirmed": "on"})
    assert response.status_code == 302
    report = DataReport.objects.get()
    assert len(report.rows) == 1
    event = AuditEvent.objects.get(action="registration.report")
    assert any("2026年5月28日" in w for w in event.changes["confirmed_warnings"])


def test_no_warning_once_registration_has_ended_and_review_is_done(
    client, monkeypatch, agency, exam_affairs_lead
):
    batch, (bl,) = planned_batch(agency, created_by=exam_affairs_lead)
    _announce(batch, start=date(2026, 5, 4), end=date(2026, 5, 22), by=exam_affairs_lead)
    application(bl, created_by=exam_affairs_lead)
    _freeze(monkeypatch, BEFORE)
    client.force_login(exam_affairs_lead)
    url = reverse("registration:report_batch", args=[batch.pk])
    page = client.get(url).content.decode()
    assert "上报后本批次即停止报名" not in page and "待审核" not in page
    assert client.post(url, {"note": ""}).status_code == 302


@pytest.fixture
def reported(agency, exam_affairs_lead):
    batch, (bl,) = planned_batch(agency, created_by=exam_affairs_lead)
    application(bl, created_by=exam_affairs_lead)
    report_batch_data(actor=exam_affairs_lead, batch=batch, today=BEFORE)
    return batch


def test_publicity_starting_after_the_deadline_is_refused_and_flagged_when_excepted(
    client, monkeypatch, reported, exam_affairs_lead, city_supervisor
):
    _freeze(monkeypatch, BEFORE)
    client.force_login(exam_affairs_lead)
    url = reverse("registration:publicity_publish", args=[reported.pk])

    response = client.post(url, {"starts_on": "2026-06-01"})
    page = response.content.decode()
    assert response.status_code == 200
    # The deadline is 认定前8个工作日 of the 10 June exam: Friday 29 May.
    assert "细则第五条" in page and "2026年5月29日" in page and "2026年6月1日" in page
    assert 'value="2026-06-01"' in page  # what was typed is kept
    assert not Publicity.objects.exists()

    # With the city centre's recorded exception the agency may start later; the supervisors'
    # list then says so.
    client.force_login(city_supervisor)
    client.post(
        reverse("batches:exception", args=[reported.pk]),
        {"step": "data_report", "reason": "公示栏维修，延后公示"},
    )
    client.force_login(exam_affairs_lead)
    assert client.post(url, {"starts_on": "2026-06-01"}).status_code == 302
    client.force_login(city_supervisor)
    home = client.get(reverse("registration:report_home")).content.decode()
    assert "公示开始晚于时限" in home and "2026年6月1日起公示" in home


def test_supervisors_list_flags_a_publicity_shorter_than_the_minimum(
    client, monkeypatch, reported, exam_affairs_lead, city_supervisor, provincial_supervisor
):
    _freeze(monkeypatch, BEFORE)
    client.force_login(exam_affairs_lead)
    url = reverse("registration:publicity_publish", args=[reported.pk])
    assert client.post(url, {"starts_on": "2026-05-26"}).status_code == 302
    client.force_login(city_supervisor)
    home = client.get(reverse("registration:report_home")).content.decode()
    assert "2026年5月26日 至 2026年6月1日" in home and "公示期不足" not in home

    # A holiday entered afterwards inside the period leaves it one working day short.
    add_calendar_day(
        actor=provincial_supervisor,
        day=date(2026, 5, 27),
        region=Region.NATIONAL,
        is_working_day=False,
        name="临时休假",
    )
    home = client.get(reverse("registration:report_home")).content.decode()
    assert "公示期不足" in home and "共4个工作日，少于规定的5个工作日" in home
    page = client.get(reverse("registration:report_batch", args=[reported.pk])).content.decode()
    assert "公示期不足" in page
