"""Tamper evidence: the chain verifies when intact and names the first edited or missing row."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, models

from skillcert.core import audit
from skillcert.core.audit.models import AuditEvent
from skillcert.core.audit.verify import (
    ANCHOR_MISSING,
    HASH_MISMATCH,
    PREV_HASH_MISMATCH,
    verify_chain,
)


@pytest.fixture
def trail(agency, agency_admin) -> list[AuditEvent]:
    return [
        audit.record(actor=agency_admin, action=f"test.step{i}", obj=agency, changes={"n": [i, i]})
        for i in range(60)
    ]


def _bypass_guards():
    """Tamper the way an intruder with SQL access would: past the ORM and the triggers.

    On SQLite the intruder drops the triggers; the test's transaction puts them back.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
        else:
            for table in ("audit_auditevent", "audit_auditanchor"):
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")
    return models.QuerySet(AuditEvent)


def test_an_intact_chain_verifies(trail):
    result = verify_chain(chunk_size=7)
    assert result.ok
    assert result.verified == 60
    assert result.head_hash == trail[-1].hash


def test_an_empty_trail_verifies(db):
    assert verify_chain().ok and verify_chain().verified == 0


def test_an_edited_row_is_named(trail):
    _bypass_guards().filter(pk=trail[20].pk).update(action="test.innocent")
    result = verify_chain(chunk_size=7)
    assert not result.ok
    assert (result.broken_event_id, result.problem) == (trail[20].pk, HASH_MISMATCH)
    assert result.verified == 20
    assert f"#{trail[20].pk}" in result.message and "被修改" in result.message


def test_an_edited_row_with_its_hash_recomputed_breaks_the_next_link(trail):
    _bypass_guards().filter(pk=trail[20].pk).update(hash="f" * 64)
    result = verify_chain()
    assert (result.broken_event_id, result.problem) == (trail[20].pk, HASH_MISMATCH)


def test_a_deleted_row_is_named_at_the_next_event(trail):
    _bypass_guards().filter(pk=trail[30].pk).delete()
    result = verify_chain(chunk_size=7)
    assert (result.broken_event_id, result.problem) == (trail[31].pk, PREV_HASH_MISMATCH)
    assert result.verified == 30
    assert "删除或插入" in result.message


def test_deleting_the_first_rows_is_detected(trail):
    _bypass_guards().filter(pk__in=[e.pk for e in trail[:3]]).delete()
    result = verify_chain()
    assert (result.broken_event_id, result.problem) == (trail[3].pk, PREV_HASH_MISMATCH)
    assert "第一条事件之前" in result.message


def test_a_cut_off_tail_is_caught_by_an_anchor(trail):
    anchor = trail[-1].hash
    _bypass_guards().filter(pk__in=[e.pk for e in trail[-2:]]).delete()
    assert verify_chain().ok  # the chain alone cannot see a shorter end
    result = verify_chain(anchor=anchor)
    assert (result.ok, result.problem) == (False, ANCHOR_MISSING)


def test_command_reports_the_count_when_intact(trail, capsys):
    call_command("verify_audit", "--chunk-size", "10")
    out = capsys.readouterr().out
    assert "审计链完整" in out and "60 条" in out and trail[-1].hash in out


def test_command_fails_naming_the_broken_event(trail):
    _bypass_guards().filter(pk=trail[5].pk).update(ip="203.0.113.9")
    with pytest.raises(CommandError) as info:
        call_command("verify_audit")
    assert info.value.returncode == 1
    assert f"#{trail[5].pk}" in str(info.value)
