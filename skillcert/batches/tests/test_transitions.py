"""The batch state machine: every pair of states is either in the table or refused."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from skillcert.batches.deadlines import has_step_completion
from skillcert.batches.errors import InvalidInput
from skillcert.batches.models import BatchState
from skillcert.batches.services.transitions import STATE_STEPS, TRANSITIONS, transition_batch
from skillcert.batches.tests import factories as f
from skillcert.core.audit.models import AuditEvent
from skillcert.core.errors import IllegalTransition, NotFound, PermissionDenied

pytestmark = pytest.mark.django_db

PAIRS = [(a, b) for a in BatchState.values for b in BatchState.values]
# Entering a state that a step's service reaches (announced, planned, sealed, ...) needs that step
# done: tested here by refusal, and through those services in their own tests.
GATED = {state.value for state, (step, _how) in STATE_STEPS.items() if has_step_completion(step)}
LEGAL = [(a, b) for a, b in PAIRS if b in TRANSITIONS[a] and b not in GATED]
GATED_PAIRS = [(a, b) for a, b in PAIRS if b in TRANSITIONS[a] and b in GATED]
ILLEGAL = [(a, b) for a, b in PAIRS if b not in TRANSITIONS[a]]


def test_the_table_is_the_life_of_a_batch():
    forward = [
        "draft", "announced", "planned", "reported", "arranged", "sealed", "in_progress",
        "scoring", "publicity", "submitted", "certified", "archived",
    ]  # fmt: skip
    for a, b in itertools.pairwise(forward):
        assert b in TRANSITIONS[a]
    before_exam = forward[: forward.index("in_progress")]
    assert {s for s in BatchState.values if "cancelled" in TRANSITIONS[s]} == set(before_exam)


@pytest.mark.parametrize(("start", "to"), ILLEGAL)
def test_illegal_transition_refused_naming_both_states(agency, exam_affairs_lead, start, to):
    b = f.batch(agency, created_by=exam_affairs_lead, first=date(2026, 6, 10), state=start)
    with pytest.raises(IllegalTransition) as exc:
        transition_batch(actor=exam_affairs_lead, batch=b, to=to, reason="原因")
    assert BatchState(start).label in exc.value.message
    assert BatchState(to).label in exc.value.message
    b.refresh_from_db()
    assert b.state == start
    assert not AuditEvent.objects.filter(action="batch.transition").exists()


@pytest.mark.parametrize(("start", "to"), LEGAL)
def test_legal_transition_moves_and_is_audited(agency, exam_affairs_lead, start, to):
    b = f.batch(agency, created_by=exam_affairs_lead, first=date(2026, 6, 10), state=start)
    transition_batch(actor=exam_affairs_lead, batch=b, to=to, reason="考点停电，取消本批次")
    b.refresh_from_db()
    assert b.state == to
    assert b.state_changed_at is not None
    event = AuditEvent.objects.get(action="batch.transition")
    assert event.changes["state"] == [start, to]


def test_cancelling_needs_a_reason(agency, exam_affairs_lead):
    b = f.batch(agency, created_by=exam_affairs_lead, first=date(2026, 6, 10))
    with pytest.raises(InvalidInput):
        transition_batch(actor=exam_affairs_lead, batch=b, to=BatchState.CANCELLED)
    b.refresh_from_db()
    assert b.state == BatchState.DRAFT


def test_only_exam_affairs_moves_a_batch(agency, exam_affairs_lead, examiner, other_agency_admin):
    b = f.batch(agency, created_by=exam_affairs_lead, first=date(2026, 6, 10))
    with pytest.raises(PermissionDenied):
        transition_batch(actor=examiner, batch=b, to=BatchState.ANNOUNCED)
    with pytest.raises(NotFound):
        transition_batch(actor=other_agency_admin, batch=b, to=BatchState.ANNOUNCED)
    b.refresh_from_db()
    assert b.state == BatchState.DRAFT


def test_sealed_only_when_every_room_is_sealed(agency, exam_affairs_lead):
    b = f.batch(agency, created_by=exam_affairs_lead, first=date(2026, 6, 10), state="arranged")
    bl = f.batch_level(b)
    site = f.site(agency)
    f.session(bl, site_=site, rooms=[f.room(site)])
    with pytest.raises(IllegalTransition) as exc:
        transition_batch(actor=exam_affairs_lead, batch=b, to=BatchState.SEALED)
    assert "细则第九条" in exc.value.message
    b.refresh_from_db()
    assert b.state == BatchState.ARRANGED


@pytest.mark.parametrize(("start", "to"), GATED_PAIRS)
def test_a_state_reached_by_a_step_cannot_be_set_by_hand(agency, exam_affairs_lead, start, to):
    b = f.batch(agency, created_by=exam_affairs_lead, first=date(2026, 6, 10), state=start)
    with pytest.raises(IllegalTransition) as exc:
        transition_batch(actor=exam_affairs_lead, batch=b, to=to)
    assert "尚未完成" in exc.value.message and "细则第" in exc.value.message
    b.refresh_from_db()
    assert b.state == start


def test_announced_and_planned_are_gated_by_their_steps():
    assert {"announced", "planned", "sealed"} <= GATED


def test_batch_page_offers_no_manual_move_into_a_gated_state(client, agency, exam_affairs_lead):
    b = f.batch(agency, created_by=exam_affairs_lead, first=date(2026, 6, 10))
    client.force_login(exam_affairs_lead)
    page = client.get(f"/batches/{b.pk}/").content.decode()
    assert 'value="announced"' not in page
    assert 'value="cancelled"' in page
