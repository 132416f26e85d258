"""The batches API: the same reads and writes as the pages, scoped to the caller, errors as JSON."""

from __future__ import annotations

from datetime import date, time

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from skillcert.batches.deadlines import Step, deadline_for
from skillcert.batches.models import Batch, BatchState, Session
from skillcert.batches.tests import factories as f
from skillcert.catalog.models import Subject, SubjectKind
from skillcert.core.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

D = date(2026, 6, 10)


@pytest.fixture
def lead_client(client, exam_affairs_lead):
    client.force_login(exam_affairs_lead)
    return client


@pytest.fixture
def draft(agency, exam_affairs_lead):
    b = f.batch(agency, created_by=exam_affairs_lead, first=D, last=date(2026, 6, 11))
    f.batch_level(b)
    return b


@pytest.fixture
def theirs(other_agency, exam_affairs_lead):
    return f.batch(other_agency, created_by=exam_affairs_lead, first=D, code="LZ-001")


# --- reads ----------------------------------------------------------------------------------------


def test_list_shows_the_agencys_batches_only(lead_client, draft, theirs):
    body = lead_client.get("/api/v1/batches/").json()
    assert body["count"] == 1
    (row,) = body["items"]
    assert row["code"] == draft.code and row["state"] == "draft" and row["state_label"] == "草稿"
    assert row["level_count"] == 1 and row["agency_name"] == draft.agency.name


def test_list_filters_by_search_and_state(lead_client, agency, exam_affairs_lead, draft):
    f.batch(agency, created_by=exam_affairs_lead, first=D, code="NN-X", state=BatchState.CANCELLED)
    codes = [r["code"] for r in lead_client.get("/api/v1/batches/?q=NN-X").json()["items"]]
    assert codes == ["NN-X"]
    rows = lead_client.get("/api/v1/batches/?state=draft").json()["items"]
    assert [r["code"] for r in rows] == [draft.code]


def test_list_pages(lead_client, agency, exam_affairs_lead):
    for n in range(3):
        f.batch(agency, created_by=exam_affairs_lead, first=date(2026, 6, 10 + n))
    body = lead_client.get("/api/v1/batches/?page=2&page_size=2").json()
    assert body["count"] == 3 and len(body["items"]) == 1


def test_city_supervisor_lists_the_region(client, city_supervisor, draft, theirs):
    client.force_login(city_supervisor)  # 南宁: the agency's city, not 柳州
    codes = [r["code"] for r in client.get("/api/v1/batches/").json()["items"]]
    assert codes == [draft.code]


def test_detail_has_levels_sessions_timeline_and_transitions(
    lead_client, agency, draft, monkeypatch
):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: date(2026, 5, 1))
    site = f.site(agency)
    f.session(draft.levels.get(), site_=site, rooms=[f.room(site)])
    body = lead_client.get(f"/api/v1/batches/{draft.pk}").json()
    assert body["code"] == draft.code and body["rule_set_version"] == draft.rule_set.version
    assert len(body["levels"]) == 1 and body["levels"][0]["expected_candidates"] == 30
    (session,) = body["sessions"]
    assert session["subject"] == "理论知识考试" and session["start_time"] == "09:00:00"
    assert session["site_name"] == site.name and len(session["rooms"]) == 1
    steps = {s["step"]: s for s in body["deadlines"]["steps"]}
    # The page's deadline, from the one kernel (细则第一条: 15 working days before D).
    assert steps["announcement"]["deadline"] == deadline_for(draft, Step.ANNOUNCEMENT).isoformat()
    assert steps["announcement"]["article"].startswith("细则第一条")
    assert steps["announcement"]["status"] == "due"
    assert body["deadlines"]["calendar_error"] == ""
    assert [g["subject"] for g in body["missing_sessions"]] == ["操作技能考核"]
    assert "cancelled" in body["transitions"]


def test_supervisor_reads_detail_without_transitions(client, city_supervisor, draft):
    client.force_login(city_supervisor)
    body = client.get(f"/api/v1/batches/{draft.pk}").json()
    assert body["code"] == draft.code and body["transitions"] == []


@pytest.mark.parametrize(
    "path", ["/api/v1/batches/{batch}", "/api/v1/sites/{site}", "/api/v1/rooms/{room}"]
)
def test_another_agencys_object_is_not_found(lead_client, other_agency, theirs, path):
    site = f.site(other_agency)
    room = f.room(site)
    response = lead_client.get(path.format(batch=theirs.pk, site=site.pk, room=room.pk))
    assert response.status_code == 404
    assert response.json() == {
        "code": "not_found",
        "message": "未找到该记录，或您无权查看。",
        "field": None,
    }


def test_sites_and_rooms(lead_client, agency, other_agency):
    site = f.site(agency, name="民族大道考点")
    active = f.room(site, name="101")
    f.room(site, name="102", is_active=False)
    f.site(other_agency)
    body = lead_client.get("/api/v1/sites/").json()
    assert [(s["name"], s["room_count"]) for s in body["items"]] == [("民族大道考点", 1)]
    detail = lead_client.get(f"/api/v1/sites/{site.pk}").json()
    assert [(r["name"], r["is_active"]) for r in detail["rooms"]] == [("101", True), ("102", False)]
    room = lead_client.get(f"/api/v1/rooms/{active.pk}").json()
    assert room["site_id"] == site.pk and room["room_type_label"] == "理论考场"
    assert room["capacity"] == 30


def test_sites_filter_by_active(lead_client, agency):
    f.site(agency, name="启用考点")
    f.site(agency, name="停用考点", is_active=False)
    rows = lead_client.get("/api/v1/sites/?active=false").json()["items"]
    assert [s["name"] for s in rows] == ["停用考点"]


def test_site_list_refused_outside_an_agency(client, city_supervisor):
    client.force_login(city_supervisor)
    response = client.get("/api/v1/sites/")
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"


# --- who may call ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/api/v1/batches/", "/api/v1/batches/1", "/api/v1/sites/", "/api/v1/rooms/1"]
)
def test_anonymous_gets_401_json(client, db, path):
    response = client.get(path)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


@pytest.mark.parametrize("path", ["/api/v1/batches/", "/api/v1/batches/{batch}", "/api/v1/sites/"])
def test_candidate_account_is_refused(client, candidate, draft, path):
    client.force_login(candidate)
    response = client.get(path.format(batch=draft.pk))
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_candidate_cannot_write_either(client, candidate, agency):
    client.force_login(candidate)
    response = client.post("/api/v1/batches/", _batch_body(), content_type="application/json")
    assert response.status_code == 403
    assert not Batch.objects.exists()


# --- writes ---------------------------------------------------------------------------------------


def _batch_body(**overrides):
    body = {
        "code": "NN-2026-06",
        "name": "2026年6月认定",
        "first_exam_day": "2026-06-10",
        "last_exam_day": "2026-06-11",
    }
    body.update(overrides)
    return body


def test_create_batch_draft(lead_client, agency, exam_affairs_lead):
    response = lead_client.post("/api/v1/batches/", _batch_body(), content_type="application/json")
    assert response.status_code == 201
    body = response.json()
    batch = Batch.objects.get(pk=body["id"])
    assert batch.agency == agency and batch.state == BatchState.DRAFT and batch.rule_set_id
    assert body["code"] == "NN-2026-06"
    assert AuditEvent.objects.filter(action="batch.create", actor=exam_affairs_lead).exists()


def test_domain_error_is_json_with_code_message_and_field(lead_client, draft):
    response = lead_client.post(
        "/api/v1/batches/", _batch_body(code=draft.code), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid_input",
        "message": f"本机构已有编号为“{draft.code}”的批次，请换一个编号。",
        "field": "code",
    }


def test_request_not_matching_the_schema_names_the_field(lead_client):
    response = lead_client.post(
        "/api/v1/batches/", _batch_body(first_exam_day="明天"), content_type="application/json"
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_request" and body["field"] == "first_exam_day"
    assert body["detail"]  # django-ninja's own list of problems, kept beside


def test_examiner_may_not_create_a_batch(client, examiner):
    client.force_login(examiner)
    response = client.post("/api/v1/batches/", _batch_body(), content_type="application/json")
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"
    assert not Batch.objects.exists()


def test_write_without_csrf_token_is_refused(exam_affairs_lead):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(exam_affairs_lead)
    response = strict.post("/api/v1/batches/", _batch_body(), content_type="application/json")
    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"
    assert not Batch.objects.exists()
    # The same request with the token from the cookie goes through.
    assert strict.get(reverse("batches:create")).status_code == 200  # a page with a form
    token = strict.cookies["csrftoken"].value
    response = strict.post(
        "/api/v1/batches/", _batch_body(), content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code == 201


def _session_body(draft, site, rooms, **overrides):
    bl = draft.levels.get()
    body = {
        "subject": Subject.objects.get(
            standard_level=bl.standard_level, kind=SubjectKind.THEORY
        ).pk,
        "date": "2026-06-10",
        "start_time": "09:00",
        "end_time": "10:30",
        "site": site.pk,
        "rooms": [r.pk for r in rooms],
        "expected_candidates": 20,
    }
    body.update(overrides)
    return body


def test_add_session(lead_client, agency, draft):
    site = f.site(agency)
    room = f.room(site)
    response = lead_client.post(
        f"/api/v1/batches/{draft.pk}/sessions",
        _session_body(draft, site, [room]),
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    session = Session.objects.get(pk=response.json()["id"])
    assert session.batch == draft and list(session.rooms.all()) == [room]
    assert session.start_time == time(9, 0)
    assert AuditEvent.objects.filter(action="batch.session_add").exists()


def test_add_session_too_short_names_the_field(lead_client, agency, draft):
    site = f.site(agency)
    response = lead_client.post(
        f"/api/v1/batches/{draft.pk}/sessions",
        _session_body(draft, site, [f.room(site)], end_time="09:30"),
        content_type="application/json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["field"] == "end_time" and "不得少于90分钟" in body["message"]
    assert not Session.objects.exists()


def test_add_session_with_another_agencys_site_is_not_found(
    lead_client, agency, other_agency, draft
):
    site = f.site(other_agency)
    response = lead_client.post(
        f"/api/v1/batches/{draft.pk}/sessions",
        _session_body(draft, site, [f.room(site)]),
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not Session.objects.exists()


def test_add_session_to_another_agencys_batch_is_not_found(lead_client, agency, draft, theirs):
    site = f.site(agency)
    response = lead_client.post(
        f"/api/v1/batches/{theirs.pk}/sessions",
        _session_body(draft, site, [f.room(site)]),
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not Session.objects.exists()


def test_cancel_needs_a_reason_then_moves_the_batch(lead_client, draft):
    url = f"/api/v1/batches/{draft.pk}/transition"
    response = lead_client.post(url, {"to": "cancelled"}, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["field"] == "reason" and response.json()["code"] == "reason_required"
    response = lead_client.post(
        url, {"to": "cancelled", "reason": "报名人数不足"}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["state"] == "cancelled"
    draft.refresh_from_db()
    assert draft.state == BatchState.CANCELLED


def test_illegal_transition_is_409(lead_client, draft):
    response = lead_client.post(
        f"/api/v1/batches/{draft.pk}/transition", {"to": "sealed"}, content_type="application/json"
    )
    assert response.status_code == 409 and response.json()["code"] == "illegal_transition"


# --- query counts ---------------------------------------------------------------------------------


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.json()["count"]


def _add_rows(agency, actor, n):
    for _ in range(n):
        site = f.site(agency)
        f.room(site)
        b = f.batch(agency, created_by=actor, first=D)
        f.batch_level(b)


@pytest.mark.parametrize("url", ["/api/v1/batches/", "/api/v1/sites/"])
def test_list_query_count_does_not_grow_with_rows(lead_client, agency, exam_affairs_lead, url):
    _add_rows(agency, exam_affairs_lead, 3)
    queries, rows = _count(lead_client, url)
    assert rows == 3
    _add_rows(agency, exam_affairs_lead, 12)
    assert _count(lead_client, url) == (queries, 15)
