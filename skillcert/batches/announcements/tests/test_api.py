"""The announcements and exam plans API, and the public list: the services' rules, as JSON."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from skillcert.batches.announcements import services
from skillcert.batches.announcements.models import AnnouncementStatus, ExamPlan
from skillcert.batches.announcements.tests.helpers import complete_announcement, ready_batch
from skillcert.batches.deadlines import Step, deadline_for
from skillcert.batches.models import BatchState
from skillcert.core.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def _today(monkeypatch, day):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: day)


@pytest.fixture
def lead_client(client, exam_affairs_lead):
    client.force_login(exam_affairs_lead)
    return client


@pytest.fixture
def batch(agency, exam_affairs_lead):
    return ready_batch(agency, created_by=exam_affairs_lead)


@pytest.fixture
def draft(agency, exam_affairs_lead, batch):
    return complete_announcement(exam_affairs_lead, agency, [batch])


def _published(actor, agency, batch):
    announcement = complete_announcement(actor, agency, [batch])
    on = deadline_for(batch, Step.ANNOUNCEMENT)
    services.publish_announcement(actor=actor, announcement=announcement, on=on)
    announcement.refresh_from_db()
    batch.refresh_from_db()
    return announcement


@pytest.fixture
def theirs(other_agency, other_agency_admin):
    from skillcert.core.accounts.models import Role
    from skillcert.core.accounts.tests.factories import user_with_role

    lead = user_with_role(Role.EXAM_AFFAIRS_LEAD, agency=other_agency)
    batch = ready_batch(other_agency, created_by=lead)
    return _published(lead, other_agency, batch)


# --- announcements --------------------------------------------------------------------------------


def test_list_shows_the_agencys_announcements(lead_client, draft, theirs):
    body = lead_client.get("/api/v1/announcements/").json()
    assert body["count"] == 1
    (row,) = body["items"]
    assert row["id"] == draft.pk and row["status"] == "draft" and row["status_label"] == "草稿"
    assert [b["code"] for b in row["batches"]] == [draft.batches.get().code]


def test_list_filters_by_status(lead_client, draft):
    assert lead_client.get("/api/v1/announcements/?status=published").json()["count"] == 0
    assert lead_client.get("/api/v1/announcements/?status=draft").json()["count"] == 1


def test_list_refused_to_an_examiner(client, examiner, draft):
    client.force_login(examiner)
    response = client.get("/api/v1/announcements/")
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"


def test_draft_detail_lists_what_is_missing_and_the_deadlines(lead_client, draft, batch):
    services.update_announcement(actor=draft.created_by, announcement=draft, complaint_channel="")
    body = lead_client.get(f"/api/v1/announcements/{draft.pk}").json()
    assert body["missing"] == ["投诉举报渠道"] and body["notice"] is None
    assert [fee["fee_fen"] for fee in body["fees"]] == [40500]
    (row,) = body["deadlines"]
    assert row["code"] == batch.code
    assert row["announce_by"] == deadline_for(batch, Step.ANNOUNCEMENT).isoformat()
    assert row["plan_by"] == deadline_for(batch, Step.PLAN).isoformat()


def test_supervisor_reads_the_detail(client, city_supervisor, draft):
    client.force_login(city_supervisor)
    assert client.get(f"/api/v1/announcements/{draft.pk}").json()["id"] == draft.pk


def test_another_agencys_announcement_is_not_found(lead_client, theirs):
    for response in (
        lead_client.get(f"/api/v1/announcements/{theirs.pk}"),
        lead_client.post(f"/api/v1/announcements/{theirs.pk}/publish"),
        lead_client.post(
            f"/api/v1/announcements/{theirs.pk}/withdraw",
            {"reason": "x"},
            content_type="application/json",
        ),
    ):
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
    theirs.refresh_from_db()
    assert theirs.status == AnnouncementStatus.PUBLISHED


def test_publish_in_time_announces_the_batch(lead_client, monkeypatch, draft, batch):
    _today(monkeypatch, deadline_for(batch, Step.ANNOUNCEMENT))
    response = lead_client.post(f"/api/v1/announcements/{draft.pk}/publish")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "published" and body["notice"]["title"] == draft.title
    assert body["missing"] == [] and body["fees"] == []
    batch.refresh_from_db()
    assert batch.state == BatchState.ANNOUNCED
    assert AuditEvent.objects.filter(action="announcement.publish").exists()


def test_publish_after_the_deadline_is_refused_with_the_guards_message(
    lead_client, monkeypatch, draft, batch
):
    deadline = deadline_for(batch, Step.ANNOUNCEMENT)
    _today(monkeypatch, deadline + timedelta(days=1))
    response = lead_client.post(f"/api/v1/announcements/{draft.pk}/publish")
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "deadline_missed" and body["field"] is None
    assert batch.code in body["message"] and "细则第一条" in body["message"]
    assert f"{deadline.year}年{deadline.month}月{deadline.day}日" in body["message"]
    draft.refresh_from_db()
    assert draft.status == AnnouncementStatus.DRAFT


def test_publish_of_an_incomplete_notice_names_what_is_missing(lead_client, monkeypatch, draft):
    services.update_announcement(actor=draft.created_by, announcement=draft, contact_name="")
    _today(monkeypatch, deadline_for(draft.batches.get(), Step.ANNOUNCEMENT))
    response = lead_client.post(f"/api/v1/announcements/{draft.pk}/publish")
    assert response.status_code == 400
    assert response.json()["code"] == "announcement_incomplete"
    assert "联系方式：联系人" in response.json()["message"]


def test_exam_affairs_staff_may_not_publish(client, exam_affairs_staff, monkeypatch, draft, batch):
    _today(monkeypatch, deadline_for(batch, Step.ANNOUNCEMENT))
    client.force_login(exam_affairs_staff)
    response = client.post(f"/api/v1/announcements/{draft.pk}/publish")
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"


def test_withdraw_needs_a_reason(lead_client, exam_affairs_lead, agency, batch):
    announcement = _published(exam_affairs_lead, agency, batch)
    url = f"/api/v1/announcements/{announcement.pk}/withdraw"
    refused = lead_client.post(url, {"reason": " "}, content_type="application/json")
    assert refused.status_code == 400 and refused.json()["code"] == "reason_required"
    done = lead_client.post(url, {"reason": "考点调整"}, content_type="application/json")
    assert done.status_code == 200 and done.json()["status"] == "withdrawn"
    batch.refresh_from_db()
    assert batch.state == BatchState.DRAFT


def test_publish_without_csrf_token_is_refused(exam_affairs_lead, monkeypatch, draft, batch):
    _today(monkeypatch, deadline_for(batch, Step.ANNOUNCEMENT))
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(exam_affairs_lead)
    response = strict.post(f"/api/v1/announcements/{draft.pk}/publish")
    assert response.status_code == 403 and response.json()["code"] == "csrf_failed"
    draft.refresh_from_db()
    assert draft.status == AnnouncementStatus.DRAFT


# --- exam plans -----------------------------------------------------------------------------------


def test_publish_plan_in_time(lead_client, monkeypatch, exam_affairs_lead, agency, batch):
    _published(exam_affairs_lead, agency, batch)
    _today(monkeypatch, deadline_for(batch, Step.PLAN))
    response = lead_client.post(
        "/api/v1/plans/", {"batch": batch.pk}, content_type="application/json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["batch_code"] == batch.code and body["plan"]["expected_total"] == 40
    batch.refresh_from_db()
    assert batch.state == BatchState.PLANNED
    listed = lead_client.get("/api/v1/plans/").json()
    assert [p["id"] for p in listed["items"]] == [body["id"]]
    detail = lead_client.get(f"/api/v1/plans/{body['id']}").json()
    assert detail["agency_name"] == agency.name


def test_publish_plan_after_its_deadline_is_refused(
    lead_client, monkeypatch, exam_affairs_lead, agency, batch
):
    _published(exam_affairs_lead, agency, batch)
    _today(monkeypatch, deadline_for(batch, Step.PLAN) + timedelta(days=1))
    response = lead_client.post(
        "/api/v1/plans/", {"batch": batch.pk}, content_type="application/json"
    )
    assert response.status_code == 409
    assert (
        response.json()["code"] == "deadline_missed" and "细则第二条" in response.json()["message"]
    )
    assert not ExamPlan.objects.exists()


def test_publish_plan_before_the_announcement_is_refused(lead_client, batch):
    response = lead_client.post(
        "/api/v1/plans/", {"batch": batch.pk}, content_type="application/json"
    )
    assert response.status_code == 400 and response.json()["code"] == "batch_not_announced"


def test_plans_of_another_agency_are_not_found(lead_client, monkeypatch, theirs):
    their_batch = theirs.batches.get()
    _today(monkeypatch, deadline_for(their_batch, Step.PLAN))
    plan = services.publish_exam_plan(actor=theirs.published_by, batch=their_batch)
    assert lead_client.get(f"/api/v1/plans/{plan.pk}").status_code == 404
    assert lead_client.get("/api/v1/plans/").json()["count"] == 0
    response = lead_client.post(
        "/api/v1/plans/", {"batch": their_batch.pk}, content_type="application/json"
    )
    assert response.status_code == 404


# --- who may call ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/api/v1/announcements/", "/api/v1/announcements/{pk}", "/api/v1/plans/"]
)
def test_anonymous_gets_401_and_candidate_403(client, candidate, draft, path):
    url = path.format(pk=draft.pk)
    assert client.get(url).status_code == 401
    client.force_login(candidate)
    response = client.get(url)
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"


# --- public ---------------------------------------------------------------------------------------


def test_public_list_needs_no_sign_in_and_shows_published_only(
    client, exam_affairs_lead, agency, batch, draft, theirs
):
    response = client.get("/api/v1/public/announcements/")
    assert response.status_code == 200
    body = response.json()
    assert [a["id"] for a in body["items"]] == [theirs.pk]
    row = body["items"][0]
    assert row["notice"]["agency"]["name"] == theirs.agency.name and row["status"] == "published"
    assert client.get(f"/api/v1/public/announcements/{theirs.pk}").json()["id"] == theirs.pk
    assert client.get(f"/api/v1/public/announcements/{draft.pk}").status_code == 404


def test_public_list_is_the_public_pages_list(client, theirs):
    page = client.get(reverse("announcements:public_list")).content.decode()
    api = client.get("/api/v1/public/announcements/?q=柳州").json()
    assert theirs.title in page and [a["id"] for a in api["items"]] == [theirs.pk]
    assert client.get("/api/v1/public/announcements/?q=不存在").json()["count"] == 0


# --- query counts ---------------------------------------------------------------------------------


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.json()["count"]


def _add(actor, agency, n):
    """n published announcements, each with its plan, each of a batch of its own."""
    for _ in range(n):
        batch = ready_batch(agency, created_by=actor)
        _published(actor, agency, batch)
        services.publish_exam_plan(actor=actor, batch=batch, on=deadline_for(batch, Step.PLAN))


@pytest.mark.parametrize(
    "url", ["/api/v1/announcements/", "/api/v1/plans/", "/api/v1/public/announcements/"]
)
def test_list_query_count_does_not_grow_with_rows(
    lead_client, monkeypatch, exam_affairs_lead, agency, url
):
    _add(exam_affairs_lead, agency, 3)
    queries, rows = _count(lead_client, url)
    assert rows == 3
    _add(exam_affairs_lead, agency, 12)
    assert _count(lead_client, url) == (queries, 15)
