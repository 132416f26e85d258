"""The demo loader publishes through the services, once."""

from __future__ import annotations

import pytest

from skillcert.batches.announcements.demo import load_announcements_demo
from skillcert.batches.announcements.models import Announcement, AnnouncementStatus, ExamPlan
from skillcert.batches.announcements.tests.helpers import ready_batch
from skillcert.batches.deadlines import Step, deadline_for
from skillcert.batches.models import BatchState

pytestmark = pytest.mark.django_db


def test_demo_publishes_announcement_and_plan_idempotently(exam_affairs_lead, agency):
    announced = ready_batch(agency, created_by=exam_affairs_lead)
    planned = ready_batch(agency, created_by=exam_affairs_lead)
    on = deadline_for(planned, Step.ANNOUNCEMENT)
    for _ in range(2):
        load_announcements_demo(
            actor=exam_affairs_lead, batches=[announced, planned], planned=[planned], on=on
        )
    announcement = Announcement.objects.get()
    assert announcement.status == AnnouncementStatus.PUBLISHED
    assert announcement.fees.count() == 2 and announcement.snapshot["items"][0]["eligibility"]
    announced.refresh_from_db()
    planned.refresh_from_db()
    assert announced.state == BatchState.ANNOUNCED
    assert planned.state == BatchState.PLANNED
    assert ExamPlan.objects.count() == 1
