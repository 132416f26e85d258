from datetime import date

import pytest

from skillcert.core.accounts.models import Role
from skillcert.core.accounts.tests.factories import user_with_role


@pytest.fixture
def api_client(client, agency):
    client.force_login(user_with_role(Role.EXAM_AFFAIRS_STAFF, agency=agency))
    return client


def test_api_needs_a_signed_in_session(client, db):
    assert client.get("/api/v1/calendar/days/2026-10-08").status_code == 401


def test_make_up_working_sunday_is_a_working_day(api_client):
    response = api_client.get("/api/v1/calendar/days/2026-09-20")
    assert response.status_code == 200
    # 2026-09-20 is a Sunday made a working day before National Day.
    assert response.json() == {"date": "2026-09-20", "is_working_day": True}


def test_national_day_holiday_is_not_a_working_day(api_client):
    assert api_client.get("/api/v1/calendar/days/2026-10-05").json()["is_working_day"] is False


def test_shift_back_counts_from_the_day_before(api_client):
    response = api_client.get("/api/v1/calendar/shift", {"day": "2025-10-15", "working_days": -8})
    # DOMAIN.md §2.2: T−8 of 2025-10-15 is the make-up Sunday 2025-09-28.
    assert response.json()["result"] == date(2025, 9, 28).isoformat()


def test_domain_error_becomes_json_with_code_and_chinese_message(api_client):
    response = api_client.get("/api/v1/calendar/days/2031-03-02")
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "calendar_unavailable"
    assert "2031" in body["message"]


def test_openapi_schema_is_served(api_client):
    schema = api_client.get("/api/v1/openapi.json").json()
    assert "/api/v1/calendar/days/{day}" in schema["paths"]
