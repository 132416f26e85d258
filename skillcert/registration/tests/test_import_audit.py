"""One write path: an imported row is audited like a window application, in the same chain."""

from __future__ import annotations

import pytest

from skillcert.core.audit.models import AuditEvent
from skillcert.core.audit.verify import verify_chain
from skillcert.registration.models import Application
from skillcert.registration.services import applications, candidates, imports
from skillcert.registration.tests.factories import (
    FACTS_ELIGIBLE,
    IMPORT_TODAY,
    PERSON,
    cohort_row,
    fresh_id_number,
    import_batch,
    xlsx,
)

pytestmark = pytest.mark.django_db


def _import(actor, batch, rows):
    upload = imports.upload_registrations(
        actor=actor, batch=batch, file=xlsx(rows), on=IMPORT_TODAY
    )
    return imports.run_import(actor=actor, upload=upload, on=IMPORT_TODAY)


def test_each_imported_application_has_its_own_event_and_the_chain_holds(agency, exam_affairs_lead):
    batch = import_batch(agency, created_by=exam_affairs_lead)
    rows = [cohort_row(batch, 证件号码=fresh_id_number()) for _ in range(3)]
    outcome = _import(exam_affairs_lead, batch, rows)
    assert outcome.created == 3
    created = AuditEvent.objects.filter(action="registration.create_application")
    apps = set(Application.objects.filter(batch=batch).values_list("pk", flat=True))
    assert {int(e.object_id) for e in created} == apps
    event = created.first()
    assert event.agency_id == agency.pk and event.changes["channel"] == "bulk"
    assert AuditEvent.objects.filter(action="registration.import").count() == 1
    assert verify_chain().ok


def test_the_import_skips_a_person_the_window_registered_for_the_level(agency, exam_affairs_lead):
    batch = import_batch(agency, created_by=exam_affairs_lead)
    number = fresh_id_number()
    level = batch.levels.first()
    person = candidates.register_candidate(
        actor=exam_affairs_lead, agency=agency, id_number=number, today=IMPORT_TODAY, **PERSON
    )
    applications.create_application(
        actor=exam_affairs_lead, batch=batch, batch_level=level, candidate=person,
        channel="window", facts=FACTS_ELIGIBLE, today=IMPORT_TODAY,
    )  # fmt: skip
    outcome = _import(exam_affairs_lead, batch, [cohort_row(batch, 证件号码=number)])
    assert (outcome.created, outcome.already_registered) == (0, 1)
