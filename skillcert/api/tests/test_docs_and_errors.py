"""The API's own edges: the description for staff only, and one error body for every refusal."""

from __future__ import annotations

import pytest
from django.urls import reverse

from skillcert.core.accounts.models import Role
from skillcert.core.accounts.tests.factories import user_with_role
from skillcert.core.errors import DomainError, NotFound

pytestmark = pytest.mark.django_db

DOCS = ["/api/v1/docs", "/api/v1/openapi.json"]


@pytest.mark.parametrize("path", DOCS)
def test_anonymous_visitor_is_sent_to_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("path", DOCS)
def test_candidate_is_refused_the_description(client, path):
    client.force_login(user_with_role(Role.CANDIDATE))
    assert client.get(path).status_code == 403


@pytest.mark.parametrize("role", [Role.EXAM_AFFAIRS_STAFF, Role.AGENCY_ADMIN, Role.CITY_SUPERVISOR])
def test_staff_read_the_description(client, agency, role):
    user = (
        user_with_role(role)
        if role == Role.CITY_SUPERVISOR
        else user_with_role(role, agency=agency)
    )
    client.force_login(user)
    assert client.get("/api/v1/docs").status_code == 200
    assert client.get("/api/v1/openapi.json").status_code == 200


def test_description_lists_every_router_and_marks_the_public_lists(client, agency):
    client.force_login(user_with_role(Role.EXAM_AFFAIRS_STAFF, agency=agency))
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in [
        "/api/v1/batches/",
        "/api/v1/batches/{batch_id}",
        "/api/v1/batches/{batch_id}/sessions",
        "/api/v1/sites/",
        "/api/v1/rooms/{room_id}",
        "/api/v1/announcements/{pk}/publish",
        "/api/v1/plans/",
        "/api/v1/public/announcements/",
    ]:
        assert path in paths, path
    assert "security" not in paths["/api/v1/public/announcements/"]["get"]
    assert paths["/api/v1/batches/"]["get"]["security"] == [{"StaffSession": []}]
    refusal = paths["/api/v1/batches/{batch_id}"]["get"]["responses"]["404"]
    assert refusal["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorOut")


def test_domain_error_dict_carries_the_field():
    error = DomainError("请填写批次编号。", code="invalid_input", field="code")
    assert error.as_dict() == {
        "code": "invalid_input",
        "message": "请填写批次编号。",
        "field": "code",
    }
    assert NotFound("未找到。").as_dict()["field"] is None


def test_anonymous_api_call_gets_the_error_body(client):
    response = client.get("/api/v1/batches/")
    assert response.status_code == 401
    body = response.json()
    assert body["code"] == "not_authenticated" and body["message"] == "请先登录。"
    assert body["field"] is None


@pytest.mark.parametrize("path", ["/api/docs", "/api/openapi.json"])
def test_unversioned_description_address_leads_to_the_staff_only_one(client, agency, path):
    response = client.get(path, follow=True)
    assert response.redirect_chain[0] == (path.replace("/api/", "/api/v1/"), 302)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:login"))
    client.force_login(user_with_role(Role.CANDIDATE))
    assert client.get(path, follow=True).status_code == 403
    client.force_login(user_with_role(Role.EXAM_AFFAIRS_STAFF, agency=agency))
    assert client.get(path, follow=True).status_code == 200
