"""Registration services: who a candidate is, what they may apply for, and when (细则第三条)."""

from __future__ import annotations

from datetime import date

import pytest

from skillcert.batches.models import BatchState
from skillcert.batches.tests import factories as f
from skillcert.core.audit.models import AuditEvent
from skillcert.core.errors import IllegalTransition, NotFound, PermissionDenied
from skillcert.core.identity import InvalidIdNumber
from skillcert.registration import errors, selectors
from skillcert.registration.models import Application, ApplicationState, Candidate
from skillcert.registration.services import applications
from skillcert.registration.tests.factories import (
    FACTS_ELIGIBLE,
    TODAY,
    bad_check_digit,
    id_number,
    open_batch,
    person,
    publish_window,
    supply_materials,
)

pytestmark = pytest.mark.django_db


def test_resident_id_gives_sex_and_birth_date_and_is_stored_encrypted(exam_affairs_staff):
    number = id_number(birth="19900307", seq="123")  # 17th digit 3: odd, a man
    cand = person(exam_affairs_staff, number=number, sex="female", birth_date=date(2000, 1, 1))
    assert cand.sex == "male"
    assert cand.birth_date == date(1990, 3, 7)
    stored = Candidate.objects.values_list("id_number", flat=True).get(pk=cand.pk)
    assert number not in stored
    event = AuditEvent.objects.get(action="registration.register_candidate")
    assert number not in str(event.changes)


def test_same_person_is_found_by_id_number_and_contact_updated(exam_affairs_staff):
    first = person(exam_affairs_staff, number=id_number())
    again = person(exam_affairs_staff, number=id_number().lower(), phone="13900000009")
    assert again.pk == first.pk
    assert Candidate.objects.count() == 1
    assert Candidate.objects.get().phone == "13900000009"


def test_bad_check_digit_names_the_field_and_writes_nothing(exam_affairs_staff):
    with pytest.raises(InvalidIdNumber) as exc:
        person(exam_affairs_staff, number=bad_check_digit(id_number()))
    assert "证件号码" in exc.value.message and "校验位" in exc.value.message
    assert not Candidate.objects.exists()


def test_future_birth_date_in_id_is_refused(exam_affairs_staff):
    with pytest.raises(InvalidIdNumber) as exc:
        person(exam_affairs_staff, number=id_number(birth="20261001"))
    assert "晚于今天" in exc.value.message
    assert not Candidate.objects.exists()


def test_candidate_registers_only_themself(candidate, agency):
    cand = person(candidate)
    assert cand.user == candidate and cand.agency == agency


def test_someone_with_no_desk_role_cannot_register_people(examiner):
    with pytest.raises(PermissionDenied):
        person(examiner)


def test_online_application_by_the_candidate_then_submitted(candidate, agency, exam_affairs_lead):
    batch, bl = open_batch(agency, created_by=exam_affairs_lead)
    cand = person(candidate)
    app = applications.create_application(
        actor=candidate, batch=batch, batch_level=bl, candidate=cand, channel="online",
        facts=FACTS_ELIGIBLE, today=TODAY,
    )  # fmt: skip
    assert app.state == ApplicationState.DRAFT and app.agency == agency
    supply_materials(candidate, app)
    app = applications.submit_application(actor=candidate, application=app, today=TODAY)
    assert app.state == ApplicationState.SUBMITTED and app.submitted_at
    assert AuditEvent.objects.filter(action="registration.submit_application").exists()


def test_online_application_for_someone_else_is_refused(candidate, agency, exam_affairs_lead):
    batch, bl = open_batch(agency, created_by=exam_affairs_lead)
    other = person(exam_affairs_lead)
    with pytest.raises(PermissionDenied):
        applications.create_application(
            actor=candidate, batch=batch, batch_level=bl, candidate=other, channel="online",
            facts={}, today=TODAY,
        )  # fmt: skip


def test_window_registration_needs_desk_role_of_that_agency(
    agency, exam_affairs_lead, examiner, other_agency_admin
):
    batch, bl = open_batch(agency, created_by=exam_affairs_lead)
    cand = person(exam_affairs_lead)
    for actor, error in ((examiner, PermissionDenied), (other_agency_admin, NotFound)):
        with pytest.raises(error):
            applications.create_application(
                actor=actor, batch=batch, batch_level=bl, candidate=cand, channel="window",
                facts={}, today=TODAY,
            )  # fmt: skip
    assert not Application.objects.exists()


def test_batch_not_announced_is_closed(agency, exam_affairs_lead):
    batch, bl = open_batch(agency, created_by=exam_affairs_lead, state=BatchState.DRAFT)
    cand = person(exam_affairs_lead)
    with pytest.raises(errors.RegistrationClosed) as exc:
        applications.create_application(
            actor=exam_affairs_lead, batch=batch, batch_level=bl, candidate=cand,
            channel="window", facts={}, today=TODAY,
        )  # fmt: skip
    assert "不在报名阶段" in exc.value.message and exc.value.field == "batch_level"


def test_outside_the_announced_registration_period_is_refused(agency, exam_affairs_lead):
    batch, bl = open_batch(agency, created_by=exam_affairs_lead)
    publish_window(
        batch, start=date(2026, 8, 3), end=date(2026, 8, 28), created_by=exam_affairs_lead
    )
    cand = person(exam_affairs_lead)
    with pytest.raises(errors.RegistrationClosed) as exc:
        applications.create_application(
            actor=exam_affairs_lead, batch=batch, batch_level=bl, candidate=cand,
            channel="window", facts={}, today=TODAY,
        )  # fmt: skip
    assert "2026年8月3日至2026年8月28日" in exc.value.message
    assert "2026年9月1日" in exc.value.message
    assert selectors.open_batches(on=TODAY) == []
    assert selectors.open_batches(on=date(2026, 8, 20)) == [batch]


def test_level_outside_the_agency_scope_is_refused(agency, exam_affairs_lead):
    batch, bl = open_batch(agency, created_by=exam_affairs_lead, in_scope=False)
    cand = person(exam_affairs_lead)
    with pytest.raises(errors.RegistrationError) as exc:
        applications.create_application(
            actor=exam_affairs_lead, batch=batch, batch_level=bl, candidate=cand,
            channel="window", facts={}, today=TODAY,
        )  # fmt: skip
    assert exc.value.field == "batch_level" and "未备案" in exc.value.message
    assert not Application.objects.exists()


def test_second_application_for_the_same_level_is_refused(agency, exam_affairs_lead):
    batch, bl = open_batch(agency, created_by=exam_affairs_lead)
    cand = person(exam_affairs_lead)
    kwargs = dict(
        actor=exam_affairs_lead, batch=batch, batch_level=bl, candidate=cand, channel="window",
        facts={}, today=TODAY,
    )  # fmt: skip
    applications.create_application(**kwargs)
    with pytest.raises(errors.DuplicateApplication) as exc:
        applications.create_application(**kwargs)
    assert "只能申报一次" in exc.value.message and exc.value.field == "batch_level"
    assert Application.objects.count() == 1


def test_same_occupation_and_level_in_an_overlapping_batch_is_flagged(agency, exam_affairs_lead):
    batch, bl = open_batch(agency, created_by=exam_affairs_lead)
    other_batch = f.batch(
        agency, created_by=exam_affairs_lead, first=batch.first_exam_day,
        state=BatchState.ANNOUNCED,
    )  # fmt: skip
    other_bl = f.batch_level(other_batch, bl.standard_level)
    later = f.batch(
        agency, created_by=exam_affairs_lead, first=date(2026, 11, 16), state=BatchState.ANNOUNCED
    )
    later_bl = f.batch_level(later, bl.standard_level)
    cand = person(exam_affairs_lead)

    def apply(b, level):
        return applications.create_application(
            actor=exam_affairs_lead, batch=b, batch_level=level, candidate=cand,
            channel="window", facts={}, today=TODAY,
        )  # fmt: skip

    first = apply(batch, bl)
    assert first.duplicate_of is None
    assert apply(other_batch, other_bl).duplicate_of == first
    assert apply(later, later_bl).duplicate_of is None


def test_withdraw_then_cannot_submit(candidate, agency, exam_affairs_lead):
    batch, bl = open_batch(agency, created_by=exam_affairs_lead)
    cand = person(candidate)
    app = applications.create_application(
        actor=candidate, batch=batch, batch_level=bl, candidate=cand, channel="online",
        facts={}, today=TODAY,
    )  # fmt: skip
    app = applications.withdraw_application(actor=candidate, application=app)
    assert app.state == ApplicationState.WITHDRAWN
    with pytest.raises(IllegalTransition):
        applications.submit_application(actor=candidate, application=app, today=TODAY)


def test_malformed_facts_are_refused(agency, exam_affairs_lead):
    batch, bl = open_batch(agency, created_by=exam_affairs_lead)
    cand = person(exam_affairs_lead)
    bad = {"work_periods": [{"start": "2020-05-01", "end": "2019-01-01", "scope": "same"}]}
    with pytest.raises(errors.RegistrationError) as exc:
        applications.create_application(
            actor=exam_affairs_lead, batch=batch, batch_level=bl, candidate=cand,
            channel="window", facts=bad, today=TODAY,
        )  # fmt: skip
    assert "早于开始日期" in exc.value.message
    assert not Application.objects.exists()
