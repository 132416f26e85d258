"""Issue 19, finding 10: staff draft the announcement, the lead publishes it. A complete draft
puts a to-do on the lead's home page and a publish button on the draft; staff get neither."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from skillcert.batches.announcements.models import AnnouncementStatus
from skillcert.batches.announcements.tests.helpers import complete_announcement, ready_batch

pytestmark = pytest.mark.django_db

TODAY = date(2026, 7, 20)  # a Monday, well before the helper batch's announcement deadline


@pytest.fixture(autouse=True)
def _frozen(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


def test_complete_draft_by_staff_gives_the_lead_a_todo_and_a_button(
    client, agency, exam_affairs_staff, exam_affairs_lead
):
    batch = ready_batch(agency, created_by=exam_affairs_staff)
    draft = complete_announcement(exam_affairs_staff, agency, [batch])
    detail = reverse("announcements:detail", args=[draft.pk])
    publish = reverse("announcements:publish", args=[draft.pk])

    client.force_login(exam_affairs_staff)
    assert "认定公告待发布" not in client.get(reverse("ui:home")).text
    assert publish not in client.get(detail).text

    client.force_login(exam_affairs_lead)
    home = client.get(reverse("ui:home")).text
    assert "认定公告待发布" in home and detail in home
    page = client.get(detail).text
    assert f'href="{publish}"' in page and "发布公告" in page
    r = client.post(publish)
    draft.refresh_from_db()
    assert r.status_code == 302 and draft.status == AnnouncementStatus.PUBLISHED
    assert "认定公告待发布" not in client.get(reverse("ui:home")).text


def test_incomplete_draft_is_no_todo(client, agency, exam_affairs_lead):
    batch = ready_batch(agency, created_by=exam_affairs_lead)
    complete_announcement(exam_affairs_lead, agency, [batch], complaint_channel="")
    client.force_login(exam_affairs_lead)
    assert "认定公告待发布" not in client.get(reverse("ui:home")).text
