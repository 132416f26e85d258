"""Every registration list page runs as many queries for 15 rows as for 3 (N+1 guard)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from skillcert.registration.models import (
    Application,
    ApplicationState,
    Candidate,
    Objection,
    RegistrationImport,
)
from skillcert.registration.publicity import publish_candidate_list
from skillcert.registration.services.report import report_batch_data
from skillcert.registration.tests.factories import BEFORE, application, planned_batch

pytestmark = pytest.mark.django_db

START = date(2026, 5, 26)


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return len(ctx.captured_queries)


def _same_for_3_and_15(client, url: str, add_rows: Callable[[int], None]) -> None:
    add_rows(3)
    client.get(url)  # warm caches (session, content types) that a first request fills once
    few = _queries(client, url)
    add_rows(12)
    assert _queries(client, url) == few


@pytest.fixture
def batch_and_level(agency, exam_affairs_lead):
    batch, (bl,) = planned_batch(agency, created_by=exam_affairs_lead)
    return batch, bl


def test_review_queue(client, exam_affairs_lead, batch_and_level):
    batch, bl = batch_and_level
    client.force_login(exam_affairs_lead)

    def add(n: int) -> None:
        for _ in range(n):
            application(bl, created_by=exam_affairs_lead, state=ApplicationState.SUBMITTED)
        # Some rows point at another application, as the duplicate check links them.
        first = Application.objects.filter(batch=batch).order_by("pk").first()
        Application.objects.filter(batch=batch).exclude(pk=first.pk).update(duplicate_of=first)

    _same_for_3_and_15(client, reverse("registration:review_queue", args=[batch.pk]), add)


def test_review_home(client, agency, exam_affairs_lead):
    client.force_login(exam_affairs_lead)

    def add(n: int) -> None:
        for _ in range(n):
            _batch, (bl,) = planned_batch(agency, created_by=exam_affairs_lead)
            application(bl, created_by=exam_affairs_lead, state=ApplicationState.SUBMITTED)

    _same_for_3_and_15(client, reverse("registration:review_home"), add)


def test_my_applications(client, agency, exam_affairs_lead, candidate):
    client.force_login(candidate)

    def add(n: int) -> None:
        for _ in range(n):
            _batch, (bl,) = planned_batch(agency, created_by=exam_affairs_lead)
            app = application(bl, created_by=exam_affairs_lead, state=ApplicationState.RETURNED)
            Candidate.objects.filter(pk=app.candidate_id).update(user=candidate)

    _same_for_3_and_15(client, reverse("registration:my_applications"), add)


def test_import_list(client, agency, exam_affairs_lead, batch_and_level):
    batch, _bl = batch_and_level
    client.force_login(exam_affairs_lead)

    def add(n: int) -> None:
        for i in range(n):
            RegistrationImport.objects.create(
                agency=agency,
                batch=batch,
                file="registration/imports/x.xlsx",
                original_name=f"cohort-{i}.xlsx",
                sha256="0" * 64,
                uploaded_by=exam_affairs_lead,
            )

    _same_for_3_and_15(client, reverse("registration:import_list"), add)


def test_report_home(client, agency, exam_affairs_lead):
    client.force_login(exam_affairs_lead)

    def add(n: int) -> None:
        for _ in range(n):
            batch, (bl,) = planned_batch(agency, created_by=exam_affairs_lead)
            application(bl, created_by=exam_affairs_lead)
            report_batch_data(actor=exam_affairs_lead, batch=batch, today=BEFORE)
            publish_candidate_list(
                actor=exam_affairs_lead, batch=batch, starts_on=START, today=BEFORE
            )

    # Each row's deadline and publicity flags ask the working-day calendar: the request reads
    # the calendar table's freshness once, whatever the number of rows.
    _same_for_3_and_15(client, reverse("registration:report_home"), add)


@pytest.fixture
def publicity(batch_and_level, exam_affairs_lead):
    batch, bl = batch_and_level
    application(bl, created_by=exam_affairs_lead)
    report_batch_data(actor=exam_affairs_lead, batch=batch, today=BEFORE)
    return publish_candidate_list(
        actor=exam_affairs_lead, batch=batch, starts_on=START, today=BEFORE
    )


def test_report_batch_versions(client, exam_affairs_lead, batch_and_level):
    batch, bl = batch_and_level
    client.force_login(exam_affairs_lead)
    url = reverse("registration:report_batch", args=[batch.pk])

    def add(n: int) -> None:
        for _ in range(n):
            application(bl, created_by=exam_affairs_lead)

    # Rows of the page are the report's applications: the list is read from the report's JSON
    # and the current approved applications, whatever their number.
    _same_for_3_and_15(client, url, add)


def test_objection_list(client, exam_affairs_lead, publicity):
    client.force_login(exam_affairs_lead)

    def add(n: int) -> None:
        for i in range(n):
            Objection.objects.create(
                publicity=publicity, name=f"群众{i}", contact="13800000000", content="异议"
            )

    _same_for_3_and_15(client, reverse("registration:objection_list"), add)


def test_public_publicity_index(client, monkeypatch, agency, exam_affairs_lead):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: START)

    def add(n: int) -> None:
        for _ in range(n):
            batch, (bl,) = planned_batch(agency, created_by=exam_affairs_lead)
            application(bl, created_by=exam_affairs_lead)
            report_batch_data(actor=exam_affairs_lead, batch=batch, today=BEFORE)
            publish_candidate_list(
                actor=exam_affairs_lead, batch=batch, starts_on=START, today=BEFORE
            )

    _same_for_3_and_15(client, reverse("registration:publicity_index"), add)
