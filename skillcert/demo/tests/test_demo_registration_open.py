"""Issue 19, finding 10: on any day the calendar allows, the demo holds a batch open for online
registration, and no demo announcement's registration period ends before its publication; on a
day it cannot (next year's calendar missing) the demo says so plainly."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from skillcert.batches.announcements.models import Announcement, AnnouncementStatus
from skillcert.demo.services import load_demo
from skillcert.registration.selectors import open_batches

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "today",
    [date(2026, 1, 26), date(2026, 4, 1), date(2026, 7, 15), date(2026, 9, 30), date(2026, 11, 2)],
)
def test_demo_has_a_batch_open_for_registration_today(monkeypatch, client, today):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: today)
    notes: list[str] = []
    load_demo(notes=notes)
    for a in Announcement.objects.filter(status=AnnouncementStatus.PUBLISHED):
        published = timezone.localtime(a.published_at).date()
        assert a.registration_start >= published and a.registration_end >= published, a.title
    open_now = open_batches(on=today)
    assert open_now, f"no demo batch open for registration on {today}"
    assert any(n.startswith("正在报名：批次 " + open_now[0].code) for n in notes)
    # A candidate reaches its public page and the 网上报名 link from the list of notices.
    notice = Announcement.objects.get(batches=open_now[0], status=AnnouncementStatus.PUBLISHED)
    page = client.get(reverse("announcements:public_detail", args=[notice.pk]))
    assert f"{reverse('registration:signup')}?batch={open_now[0].pk}" in page.text


def test_without_next_years_calendar_the_demo_says_no_batch_is_open(monkeypatch):
    today = date(2026, 12, 21)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: today)
    notes: list[str] = []
    load_demo(notes=notes)
    assert not open_batches(on=today)
    assert any(
        n.startswith("今天（2026年12月21日）没有正在报名的演示批次") and "2027年" in n
        for n in notes
    )
