"""audit.record: what an event captures, and that its hash survives a trip through the database."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

import pytest

from skillcert.core import audit
from skillcert.core.accounts.models import Role
from skillcert.core.audit.chain import GENESIS_HASH, event_digest
from skillcert.core.audit.context import request_context
from skillcert.core.audit.keys import chain_key
from skillcert.core.audit.models import AuditEvent
from skillcert.core.audit.services import chain_payload
from skillcert.core.audit.verify import verify_chain


def test_record_captures_ip_role_and_organisation_from_the_request_context(agency, agency_admin):
    membership = agency_admin.memberships.get()
    with request_context(ip="10.0.0.7", membership=membership):
        event = audit.record(actor=agency_admin, action="batch.announce", obj=agency)
    event = AuditEvent.objects.get(pk=event.pk)
    assert event.ip == "10.0.0.7"
    assert event.role == Role.AGENCY_ADMIN
    assert event.role_label == "机构管理员"
    assert event.organisation_label == agency.name
    assert event.actor == agency_admin
    assert event.actor_label == str(agency_admin)
    assert event.agency == agency
    assert (event.object_type, event.object_id) == ("orgs.Agency", str(agency.pk))


def test_membership_of_someone_else_is_not_attributed(agency_admin, other_agency_admin):
    with request_context(ip="10.0.0.7", membership=other_agency_admin.memberships.get()):
        event = audit.record(actor=agency_admin, action="test.other")
    assert event.role == "" and event.organisation_label == "" and event.agency is None


def test_agency_defaults_to_the_acting_membership(agency, agency_admin, other_agency):
    with request_context(membership=agency_admin.memberships.get()):
        event = audit.record(actor=agency_admin, action="candidate.view")
    assert event.agency == agency
    explicit = audit.record(actor=agency_admin, action="x", agency=other_agency)
    assert explicit.agency == other_agency


def test_system_and_anonymous_actors_are_labelled(db):
    from django.contrib.auth.models import AnonymousUser

    assert audit.record(actor=None, action="jobs.purge").actor_label == "系统"
    event = audit.record(actor=AnonymousUser(), action="accounts.login_failed")
    assert event.actor is None and event.actor_label == "匿名用户"


def test_events_chain_from_genesis(agency_admin):
    first = audit.record(actor=agency_admin, action="a")
    second = audit.record(actor=agency_admin, action="b")
    assert first.prev_hash == GENESIS_HASH
    assert second.prev_hash == first.hash
    assert first.hash == event_digest(GENESIS_HASH, chain_payload(first), key=chain_key())


def test_awkward_changes_hash_the_same_after_reading_back(agency_admin):
    changes = {
        "exam_date": [date(2026, 3, 2), date(2026, 3, 9)],
        "fee": [Decimal("120.50"), None],
        "moment": datetime(2026, 3, 2, 14, 5),
        "id": UUID("12345678-1234-5678-1234-567812345678"),
        "big": 1e20,
        "ratio": 0.1,
        "tiny": 1.5e-7,
        "whole": 3.0,
        "tuple": (1, "二"),
        7: "int key",
        "nested": {"b": [True, False, None], "a": "中文\n换行"},
    }
    event = audit.record(actor=agency_admin, action="score.change", changes=changes)
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.changes == event.changes
    assert stored.changes["exam_date"] == ["2026-03-02", "2026-03-09"]
    assert stored.changes["big"] == 10**20 and stored.changes["whole"] == 3
    assert stored.changes["7"] == "int key"
    assert event_digest(stored.prev_hash, chain_payload(stored), key=chain_key()) == stored.hash
    assert stored.occurred_at == event.occurred_at
    assert verify_chain().ok


def test_changes_that_cannot_be_kept_exactly_are_refused(agency_admin):
    with pytest.raises(ValueError):
        audit.record(actor=agency_admin, action="x", changes={"score": float("nan")})
    assert not AuditEvent.objects.exists()
