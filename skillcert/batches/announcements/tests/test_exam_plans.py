"""Exam plans (细则第二条): after the announcement, every subject scheduled, in time.

Supervisors see their region's plans, and the city centre is told when one is published.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from skillcert.batches.announcements import services
from skillcert.batches.announcements.errors import ExamPlanError
from skillcert.batches.announcements.models import ExamPlan
from skillcert.batches.announcements.tests.helpers import complete_announcement, ready_batch
from skillcert.batches.deadlines import DeadlineMissed, Step, deadline_for, timeline
from skillcert.batches.models import BatchState, Session
from skillcert.catalog.models import SubjectKind
from skillcert.core.accounts.models import Role
from skillcert.core.accounts.tests.factories import user_with_role
from skillcert.core.notifications.models import Notification
from skillcert.core.orgs.tests.factories import city_centre

pytestmark = pytest.mark.django_db


def _announced(actor, agency, **kwargs):
    batch = ready_batch(agency, created_by=actor, **kwargs)
    announcement = complete_announcement(actor, agency, [batch])
    services.publish_announcement(
        actor=actor, announcement=announcement, on=deadline_for(batch, Step.ANNOUNCEMENT)
    )
    batch.refresh_from_db()
    return batch


def test_plan_refused_before_the_announcement(exam_affairs_lead, agency):
    batch = ready_batch(agency, created_by=exam_affairs_lead)
    with pytest.raises(ExamPlanError) as refused:
        services.publish_exam_plan(
            actor=exam_affairs_lead, batch=batch, on=deadline_for(batch, Step.PLAN)
        )
    assert refused.value.code == "batch_not_announced"


def test_plan_refused_while_a_subject_has_no_session(exam_affairs_lead, agency):
    batch = _announced(exam_affairs_lead, agency)
    Session.objects.filter(batch=batch, subject__kind=SubjectKind.SKILL).delete()
    with pytest.raises(ExamPlanError) as refused:
        services.publish_exam_plan(
            actor=exam_affairs_lead, batch=batch, on=deadline_for(batch, Step.PLAN)
        )
    assert "操作技能考核" in refused.value.message and "细则第二条" in refused.value.message


def test_plan_refused_after_its_deadline(exam_affairs_lead, agency):
    batch = _announced(exam_affairs_lead, agency)
    deadline = deadline_for(batch, Step.PLAN)
    with pytest.raises(DeadlineMissed) as refused:
        services.publish_exam_plan(
            actor=exam_affairs_lead, batch=batch, on=deadline + timedelta(days=1)
        )
    assert "细则第二条" in refused.value.message
    assert f"{deadline.year}年{deadline.month}月{deadline.day}日" in refused.value.message
    batch.refresh_from_db()
    assert batch.state == BatchState.ANNOUNCED and not ExamPlan.objects.exists()


def test_plan_published_in_time_moves_batch_and_tells_the_city_centre(
    exam_affairs_lead, agency, city_supervisor
):
    liuzhou = user_with_role(Role.CITY_SUPERVISOR, centre=city_centre("柳州"))
    batch = _announced(exam_affairs_lead, agency)
    deadline = deadline_for(batch, Step.PLAN)
    plan = services.publish_exam_plan(actor=exam_affairs_lead, batch=batch, on=deadline)
    batch.refresh_from_db()
    assert batch.state == BatchState.PLANNED
    snap = plan.snapshot
    assert snap["expected_total"] == 40
    assert [s["kind"] for s in snap["levels"][0]["subjects"]] == ["理论知识考试", "操作技能考核"]
    assert len(snap["sessions"]) == 2 and snap["sessions"][0]["rooms"]
    notice = Notification.objects.get(user=city_supervisor)
    assert batch.code in notice.body
    assert notice.url == reverse("announcements:plan_detail", args=[plan.pk])
    assert not Notification.objects.filter(user=liuzhou).exists()
    step = next(s for s in timeline(batch, today=deadline) if s.step == Step.PLAN)
    assert step.status == "done"
    with pytest.raises(ExamPlanError):
        services.publish_exam_plan(actor=exam_affairs_lead, batch=batch, on=deadline)


def test_supervisors_see_plans_of_their_region_only(
    client, exam_affairs_lead, agency, city_supervisor, provincial_supervisor
):
    liuzhou = user_with_role(Role.CITY_SUPERVISOR, centre=city_centre("柳州"))
    batch = _announced(exam_affairs_lead, agency)
    plan = services.publish_exam_plan(
        actor=exam_affairs_lead, batch=batch, on=deadline_for(batch, Step.PLAN)
    )
    detail = reverse("announcements:plan_detail", args=[plan.pk])
    for viewer in (city_supervisor, provincial_supervisor, exam_affairs_lead):
        client.force_login(viewer)
        assert batch.code in client.get(reverse("announcements:plans")).content.decode()
        page = client.get(detail)
        assert page.status_code == 200 and "民族大道考点" in page.content.decode()
    client.force_login(liuzhou)
    assert batch.code not in client.get(reverse("announcements:plans")).content.decode()
    assert client.get(detail).status_code == 404


def test_plan_list_filters_by_agency_and_exam_date(
    client, exam_affairs_lead, agency, provincial_supervisor
):
    batch = _announced(exam_affairs_lead, agency)
    services.publish_exam_plan(
        actor=exam_affairs_lead, batch=batch, on=deadline_for(batch, Step.PLAN)
    )
    client.force_login(provincial_supervisor)
    url = reverse("announcements:plans")
    day = batch.first_exam_day
    assert batch.code in client.get(url, {"agency": agency.pk}).content.decode()
    later = {"exam_from": (day + timedelta(days=1)).isoformat()}
    assert batch.code not in client.get(url, later).content.decode()


def test_publish_plan_page_shows_gaps_and_publishes(client, exam_affairs_lead, agency, monkeypatch):
    batch = _announced(exam_affairs_lead, agency)
    deadline = deadline_for(batch, Step.PLAN)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: deadline)
    client.force_login(exam_affairs_lead)
    url = reverse("announcements:plan_publish", args=[batch.pk])
    assert batch.code in client.get(reverse("announcements:plans")).content.decode()
    page = client.get(url).content.decode()
    assert "计划预览" in page and "民族大道考点" in page
    response = client.post(url)
    plan = ExamPlan.objects.get(batch=batch)
    assert response.status_code == 302 and response.url == reverse(
        "announcements:plan_detail", args=[plan.pk]
    )


def test_publish_plan_page_shows_the_refusal(client, exam_affairs_lead, agency, monkeypatch):
    batch = _announced(exam_affairs_lead, agency)
    late = deadline_for(batch, Step.PLAN) + timedelta(days=1)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: late)
    client.force_login(exam_affairs_lead)
    response = client.post(reverse("announcements:plan_publish", args=[batch.pk]))
    assert response.status_code == 409
    assert "考试计划未发布" in response.content.decode()
    assert "细则第二条" in response.content.decode()
