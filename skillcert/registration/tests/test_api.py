"""Registration's API: the same tenancy, masking and refusals as the pages."""

from __future__ import annotations

import json
from datetime import date

import pytest

from skillcert.core.audit.models import AuditEvent
from skillcert.registration.models import Application, IdempotencyKey
from skillcert.registration.publicity import publish_candidate_list
from skillcert.registration.services.report import report_batch_data
from skillcert.registration.tests.factories import (
    BEFORE,
    FACTS_ELIGIBLE,
    PERSON,
    TODAY,
    application,
    id_number,
    open_batch,
    person,
    planned_batch,
    submitted,
)

pytestmark = pytest.mark.django_db

API = "/api/v1/registration"


def _freeze(monkeypatch, day: date) -> None:
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: day)


@pytest.fixture
def level(agency, exam_affairs_lead):
    return open_batch(agency, created_by=exam_affairs_lead)


def _entry(bl, number: str, name: str = "韦小敏") -> dict:
    return {
        "batch_level_id": bl.pk,
        "person": {**PERSON, "id_number": number, "name": name},
        "facts": FACTS_ELIGIBLE,
    }


def _post(client, batch, entries, **headers):
    return client.post(
        f"{API}/batches/{batch.pk}/applications",
        data=json.dumps({"applications": entries}),
        content_type="application/json",
        headers=headers,
    )


def test_list_is_paginated_and_masks_id_numbers(client, monkeypatch, level, exam_affairs_lead):
    _freeze(monkeypatch, TODAY)
    batch, bl = level
    number = id_number(seq="881")
    submitted(exam_affairs_lead, batch, bl, person(exam_affairs_lead, number=number))
    client.force_login(exam_affairs_lead)
    body = client.get(f"{API}/batches/{batch.pk}/applications").json()
    assert body["count"] == 1 and body["page"] == 1
    (row,) = body["items"]
    assert row["state"] == "submitted" and row["candidate_name"] == "韦小敏"
    assert number not in json.dumps(body, ensure_ascii=False)
    assert row["id_number"].startswith(number[:2]) and "*" in row["id_number"]


def test_another_agencys_batch_and_application_are_not_found(
    client, monkeypatch, level, exam_affairs_lead, other_agency_admin
):
    _freeze(monkeypatch, TODAY)
    batch, bl = level
    app = submitted(exam_affairs_lead, batch, bl, person(exam_affairs_lead))
    client.force_login(other_agency_admin)
    assert client.get(f"{API}/batches/{batch.pk}/applications").status_code == 404
    assert client.get(f"{API}/applications/{app.pk}").status_code == 404
    refused = _post(client, batch, [_entry(bl, id_number(seq="882"))])
    assert refused.status_code == 404
    assert not Application.objects.filter(batch=batch).exclude(pk=app.pk).exists()


def test_status_of_one_application(client, monkeypatch, level, exam_affairs_lead):
    _freeze(monkeypatch, TODAY)
    batch, bl = level
    app = submitted(exam_affairs_lead, batch, bl, person(exam_affairs_lead))
    client.force_login(exam_affairs_lead)
    body = client.get(f"{API}/applications/{app.pk}").json()
    assert (body["id"], body["state"], body["state_label"]) == (app.pk, "submitted", "待审核")


def test_bulk_create_with_the_same_key_creates_once(client, monkeypatch, level, exam_affairs_lead):
    _freeze(monkeypatch, TODAY)
    batch, bl = level
    client.force_login(exam_affairs_lead)
    entries = [
        _entry(bl, id_number(seq="883"), "韦小敏"),
        _entry(bl, id_number(seq="884"), "黄美玲"),
    ]
    first = _post(client, batch, entries, **{"Idempotency-Key": "cohort-1"})
    assert first.status_code == 201, first.content
    assert first.json()["count"] == 2
    again = _post(client, batch, entries, **{"Idempotency-Key": "cohort-1"})
    assert again.status_code == 201 and again.json() == first.json()
    assert Application.objects.filter(batch=batch).count() == 2
    assert IdempotencyKey.objects.filter(user=exam_affairs_lead).count() == 1
    events = AuditEvent.objects.filter(action="registration.create_application")
    assert events.count() == 2


def test_bulk_create_is_all_or_nothing_and_names_the_entry(
    client, monkeypatch, level, exam_affairs_lead
):
    _freeze(monkeypatch, TODAY)
    batch, bl = level
    client.force_login(exam_affairs_lead)
    entries = [_entry(bl, id_number(seq="885")), _entry(bl, "450103199003071230")]
    refused = _post(client, batch, entries)
    assert refused.status_code == 400
    assert refused.json()["message"].startswith("第2条：")
    assert not Application.objects.filter(batch=batch).exists()


def test_candidate_cannot_bulk_create(client, monkeypatch, level, candidate):
    _freeze(monkeypatch, TODAY)
    batch, bl = level
    client.force_login(candidate)
    assert _post(client, batch, [_entry(bl, id_number(seq="886"))]).status_code in (403, 404)
    assert not Application.objects.filter(batch=batch).exists()


def test_public_publicity_list_is_masked_and_404_before_410_after(
    client, monkeypatch, agency, exam_affairs_lead
):
    batch, (bl,) = planned_batch(agency, created_by=exam_affairs_lead)
    number = "450103199003071234"
    application(bl, created_by=exam_affairs_lead, name="韦小敏", id_no=number)
    report_batch_data(actor=exam_affairs_lead, batch=batch, today=BEFORE)
    start = date(2026, 5, 26)
    publish_candidate_list(actor=exam_affairs_lead, batch=batch, starts_on=start, today=BEFORE)
    url = f"{API}/public/publicity/{batch.pk}"
    _freeze(monkeypatch, date(2026, 5, 25))
    assert client.get(url).status_code == 404
    _freeze(monkeypatch, start)
    body = client.get(url).json()
    text = json.dumps(body, ensure_ascii=False)
    assert body["rows"][0]["name"] == "韦*敏" and "韦小敏" not in text and number not in text
    _freeze(monkeypatch, date(2026, 6, 2))
    assert client.get(url).status_code == 410


def test_a_body_that_is_not_the_schema_is_refused_after_the_batch_is_found(
    client, level, exam_affairs_lead
):
    batch, _bl = level
    client.force_login(exam_affairs_lead)
    refused = client.post(f"{API}/batches/{batch.pk}/applications", {})
    assert refused.status_code == 400 and refused.json()["code"] == "invalid_body"
