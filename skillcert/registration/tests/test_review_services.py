"""Review (细则第四条): approve only on a met clause, reject with a reason, return with a note;
every decision is recorded, audited and told to the candidate."""

from __future__ import annotations

import pytest

from skillcert.core.audit.models import AuditEvent
from skillcert.core.errors import IllegalTransition, NotFound, PermissionDenied
from skillcert.core.notifications.models import Notification
from skillcert.registration import errors, selectors
from skillcert.registration.models import (
    ApplicationState,
    Decision,
    RejectionReason,
    ReviewDecision,
)
from skillcert.registration.services import applications, eligibility, review
from skillcert.registration.tests.factories import (
    FACTS_NOT_ELIGIBLE,
    TODAY,
    open_batch,
    person,
    submitted,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def online_app(candidate, agency, exam_affairs_lead):
    batch, bl = open_batch(agency, created_by=exam_affairs_lead)
    cand = person(candidate)
    return submitted(candidate, batch, bl, cand, channel="online")


def test_evaluation_lists_each_clause_with_its_text(online_app):
    result = eligibility.evaluate_application(online_app, on=TODAY)
    assert result.met
    assert [c.met for c in result.clauses] == [True, False]
    assert result.clauses[0].text.startswith("累计从事本职业工作满5年")


def test_approve_records_the_met_clause_and_notifies(online_app, exam_affairs_lead, candidate):
    app = review.approve_application(actor=exam_affairs_lead, application=online_app, today=TODAY)
    assert app.state == ApplicationState.APPROVED and app.decided_at
    decision = ReviewDecision.objects.get(application=app)
    assert decision.decision == Decision.APPROVED and decision.clause.ordinal == 1
    assert decision.evaluation["met"] is True
    note = Notification.objects.get(user=candidate)
    assert note.title == "报名审核通过" and "第1项" in note.body
    assert AuditEvent.objects.filter(action="registration.approve_application").exists()


def test_approve_is_refused_when_no_clause_is_met(candidate, agency, exam_affairs_lead):
    batch, bl = open_batch(agency, created_by=exam_affairs_lead)
    app = submitted(
        candidate, batch, bl, person(candidate), facts=FACTS_NOT_ELIGIBLE, channel="online"
    )
    with pytest.raises(errors.NotEligible) as exc:
        review.approve_application(actor=exam_affairs_lead, application=app, today=TODAY)
    assert "不满足" in exc.value.message and "第1项" in exc.value.message
    app.refresh_from_db()
    assert app.state == ApplicationState.SUBMITTED
    assert not ReviewDecision.objects.exists()
    assert not Notification.objects.exists()


def test_approve_with_a_clause_not_met_is_refused(online_app, exam_affairs_lead):
    clause2 = selectors.level_clauses(online_app)[1]
    with pytest.raises(errors.NotEligible):
        review.approve_application(
            actor=exam_affairs_lead, application=online_app, clause=clause2, today=TODAY
        )


def test_reject_with_reason_notifies(online_app, exam_affairs_staff, candidate):
    reason = RejectionReason.objects.filter(is_active=True).first()
    app = review.reject_application(
        actor=exam_affairs_staff, application=online_app, reason=reason, note="工作证明无单位盖章"
    )
    assert app.state == ApplicationState.REJECTED
    decision = ReviewDecision.objects.get(application=app)
    assert decision.reason == reason and decision.note == "工作证明无单位盖章"
    note = Notification.objects.get(user=candidate)
    assert reason.label in note.body and "工作证明无单位盖章" in note.body


def test_return_needs_a_note_then_candidate_can_resubmit(online_app, agency_head, candidate):
    with pytest.raises(errors.RegistrationError) as exc:
        review.return_application(actor=agency_head, application=online_app, note="  ")
    assert exc.value.field == "note"
    app = review.return_application(
        actor=agency_head, application=online_app, note="请补传学历证书"
    )
    assert app.state == ApplicationState.RETURNED
    assert "请补传学历证书" in Notification.objects.get(user=candidate).body
    app = applications.submit_application(actor=candidate, application=app, today=TODAY)
    assert app.state == ApplicationState.SUBMITTED


def test_only_reviewers_of_that_agency_decide(
    online_app, examiner, agency_admin, other_agency_admin
):
    reason = RejectionReason.objects.first()
    for actor in (examiner, agency_admin):
        with pytest.raises(PermissionDenied):
            review.reject_application(actor=actor, application=online_app, reason=reason)
    with pytest.raises(NotFound):
        review.reject_application(actor=other_agency_admin, application=online_app, reason=reason)


def test_decided_application_cannot_be_decided_again(online_app, exam_affairs_lead):
    review.approve_application(actor=exam_affairs_lead, application=online_app, today=TODAY)
    with pytest.raises(IllegalTransition):
        review.return_application(actor=exam_affairs_lead, application=online_app, note="再看看")


def test_home_page_lists_applications_to_review_and_returned_ones(
    client, online_app, exam_affairs_lead, candidate
):
    client.force_login(exam_affairs_lead)
    assert "审核考生申报" in client.get("/").text
    review.return_application(actor=exam_affairs_lead, application=online_app, note="请补传照片")
    client.force_login(candidate)
    assert "补正被退回的申报" in client.get("/").text


def test_cohort_declared_work_years_can_be_approved_on_a_cumulative_clause(
    candidate, agency, exam_affairs_lead
):
    # A cohort spreadsheet gives 本职业工作年限 as a number ("declared"); clause 1 of the test
    # level is 累计从事本职业工作满5年, which 7 declared years meet, shown as such to the reviewer.
    batch, bl = open_batch(agency, created_by=exam_affairs_lead)
    facts = {"declared": {"work_years": "7"}}
    app = submitted(candidate, batch, bl, person(candidate), facts=facts, channel="online")
    result = eligibility.evaluate_application(app, on=TODAY)
    assert result.clauses[0].met
    assert any("填报本职业累计工作年限7年" in e for e in result.clauses[0].atoms[0].evidence)
    approved = review.approve_application(actor=exam_affairs_lead, application=app, today=TODAY)
    assert approved.state == ApplicationState.APPROVED
