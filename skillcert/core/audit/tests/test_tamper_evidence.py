"""Issue 20, finding 6: a forged audit trail is caught, on SQLite as on PostgreSQL.

The intruder here has full SQL access but not the audit key: they edit a row and recompute every
later hash with SHA-256, downgrade rows to the unkeyed scheme, or cut the last rows off. The keyed
chain names the first bad event; the signed anchors (in their table and in files outside it)
name what is missing.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import sqlite3

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, models, transaction
from django.urls import reverse

from skillcert.core import audit
from skillcert.core.audit import sqlite_guard
from skillcert.core.audit.anchors import anchor_if_due, anchors_from_files, write_anchor
from skillcert.core.audit.chain import (
    CHAINED_FIELDS,
    GENESIS_HASH,
    KEYED_HMAC_SHA256,
    LEGACY_SHA256,
    chain_payload,
)
from skillcert.core.audit.models import AppendOnlyError, AuditAnchor, AuditEvent
from skillcert.core.audit.tests.test_chain import _bypass_guards
from skillcert.core.audit.verify import (
    ANCHOR_FORGED,
    ANCHOR_MISMATCH,
    ANCHOR_MISSING,
    DOWNGRADE,
    HASH_MISMATCH,
    verify_chain,
)


@pytest.fixture
def trail(agency, agency_admin) -> list[AuditEvent]:
    return [
        audit.record(actor=agency_admin, action=f"test.step{i}", obj=agency, changes={"n": i})
        for i in range(12)
    ]


def _sha256(prev_hash: str, row: dict) -> str:
    canonical = json.dumps(
        chain_payload(row), ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )
    return hashlib.sha256(f"{prev_hash}\n{canonical}".encode()).hexdigest()


def _rewrite_without_key(start_id: int, *, edit: dict | None = None, version: int | None = None):
    """Edit one event and recompute every hash from it on with plain SHA-256, as an intruder
    with SQL access (and the published chain format) but without the key would."""
    rows = _bypass_guards()
    if edit:
        rows.filter(pk=start_id).update(**edit)
    prev = GENESIS_HASH
    for row in AuditEvent.objects.order_by("id").values("id", "hash", *CHAINED_FIELDS):
        if row["id"] >= start_id:
            new_hash = _sha256(prev, row)
            fields = {"prev_hash": prev, "hash": new_hash}
            if version is not None:
                fields["chain_version"] = version
            rows.filter(pk=row["id"]).update(**fields)
            row["hash"] = new_hash
        prev = row["hash"]


def test_new_events_are_keyed(trail):
    assert {e.chain_version for e in trail} == {KEYED_HMAC_SHA256}
    # Not a plain SHA-256: without the key nobody can reproduce the hash.
    row = AuditEvent.objects.values("id", "prev_hash", "hash", *CHAINED_FIELDS).get(pk=trail[0].pk)
    assert _sha256(row["prev_hash"], row) != row["hash"]
    assert verify_chain().ok


def test_edit_with_every_later_hash_recomputed_without_the_key_is_named(trail):
    _rewrite_without_key(trail[5].pk, edit={"action": "test.innocent"})
    result = verify_chain()
    assert (result.ok, result.broken_event_id, result.problem) == (
        False,
        trail[5].pk,
        HASH_MISMATCH,
    )
    with pytest.raises(CommandError) as info:
        call_command("verify_audit")
    assert info.value.returncode == 1 and f"#{trail[5].pk}" in str(info.value)


def test_downgrading_rewritten_rows_to_the_unkeyed_scheme_is_named(trail):
    _rewrite_without_key(trail[5].pk, edit={"ip": "203.0.113.9"}, version=LEGACY_SHA256)
    result = verify_chain()
    assert (result.broken_event_id, result.problem) == (trail[5].pk, DOWNGRADE)


def test_a_whole_chain_rewritten_unkeyed_disagrees_with_its_anchor(trail):
    anchor = write_anchor()
    _rewrite_without_key(trail[0].pk, edit={"action": "test.innocent"}, version=LEGACY_SHA256)
    result = verify_chain()
    assert (result.broken_event_id, result.problem) == (trail[-1].pk, ANCHOR_MISMATCH)
    assert anchor.day.isoformat() in result.message


def test_legacy_rows_before_keying_still_verify(trail):
    """Migration path: rows written before the key keep version 1 and verify with SHA-256."""
    _rewrite_without_key(trail[0].pk, version=LEGACY_SHA256)
    later = audit.record(action="test.after_upgrade")
    assert later.chain_version == KEYED_HMAC_SHA256
    result = verify_chain()
    assert result.ok and result.verified == 13


def test_last_rows_deleted_are_named_missing_against_the_anchor(trail):
    anchor = write_anchor()
    assert (anchor.last_event_id, anchor.event_count) == (trail[-1].pk, 12)
    _bypass_guards().filter(pk__in=[e.pk for e in trail[-3:]]).delete()
    result = verify_chain()
    assert (result.ok, result.problem, result.broken_event_id) == (
        False,
        ANCHOR_MISSING,
        trail[-1].pk,
    )
    assert f"止于事件 #{trail[-4].pk}" in result.message
    with pytest.raises(CommandError) as info:
        call_command("verify_audit")
    assert "缺失" in str(info.value) and f"#{trail[-1].pk}" in str(info.value)


def test_the_file_copy_still_catches_a_cut_when_the_anchor_rows_go_too(
    trail, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        write_anchor()
    assert len(anchors_from_files()) == 1
    _bypass_guards().filter(pk__in=[e.pk for e in trail[-2:]]).delete()
    models.QuerySet(AuditAnchor).all().delete()
    result = verify_chain()
    assert (result.problem, result.broken_event_id) == (ANCHOR_MISSING, trail[-1].pk)
    assert "audit-anchor-" in result.message


def test_a_forged_anchor_is_refused(trail, settings, tmp_path):
    write_anchor()
    # An intruder who cut the tail writes a new anchor for the shorter chain: no key, no
    # valid signature.
    _bypass_guards().filter(pk=trail[-1].pk).delete()
    models.QuerySet(AuditAnchor).all().update(
        last_event_id=trail[-2].pk, last_hash=trail[-2].hash, event_count=11
    )
    result = verify_chain()
    assert (result.ok, result.problem) == (False, ANCHOR_FORGED)


def test_anchor_command_writes_the_row_and_the_file(trail, capsys, audit_anchor_dir):
    call_command("anchor_audit")
    anchor = AuditAnchor.objects.get()
    assert (anchor.last_event_id, anchor.last_hash) == (trail[-1].pk, trail[-1].hash)
    assert "已记录" in capsys.readouterr().out
    # pytest-django's transaction: the file is written on commit, so check the helper's output
    # in the committed test below; here the daily check sees today's anchor.
    assert anchor_if_due() is None
    call_command("anchor_audit", "--if-due")
    assert "今天已记录过" in capsys.readouterr().out
    assert AuditAnchor.objects.count() == 1
    call_command("verify_audit")
    assert "1 个锚点" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_committed_anchor_lands_in_the_anchor_directory(audit_anchor_dir):
    audit.record(action="test.committed")
    call_command("anchor_audit")
    files = list(audit_anchor_dir.glob("audit-anchor-*.json"))
    assert len(files) == 1
    data = json.loads(files[0].read_text())
    assert data["last_hash"] == AuditEvent.objects.get().hash and data["signature"]


def test_anchor_rows_are_append_only_in_code(trail):
    anchor = write_anchor()
    with pytest.raises(AppendOnlyError):
        anchor.delete()
    with pytest.raises(AppendOnlyError):
        AuditAnchor.objects.filter(pk=anchor.pk).update(last_event_id=1)


# --- the supervisor's page ---------------------------------------------------------------


def test_provincial_supervisor_sees_anchors_and_their_state(client, trail, provincial_supervisor):
    write_anchor()
    client.force_login(provincial_supervisor)
    url = reverse("audit:anchor_list")
    page = client.get(url)
    assert page.status_code == 200
    assert f"#{trail[-1].pk}" in page.text and "一致" in page.text and "不一致" not in page.text
    _bypass_guards().filter(pk=trail[-1].pk).delete()
    page = client.get(url)
    assert "不一致" in page.text and "已不在审计表中" in page.text


@pytest.mark.parametrize("role", ["agency_admin", "agency_head", "city_supervisor"])
def test_other_roles_cannot_open_the_anchor_page(client, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("audit:anchor_list")).status_code == 403


# --- the database refuses changes, SQLite included ----------------------------------------

sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite triggers")


@sqlite_only
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_auditevent SET action = 'test.changed'",
        "DELETE FROM audit_auditevent",
        "UPDATE audit_auditanchor SET last_event_id = 0",
        "DELETE FROM audit_auditanchor",
    ],
)
def test_sqlite_triggers_refuse_update_and_delete(trail, statement):
    write_anchor()
    with (
        sqlite_guard.strict(connection),
        connection.cursor() as cursor,
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
    ):
        cursor.execute(statement)
    assert AuditEvent.objects.get(pk=trail[0].pk).action == "test.step0"
    assert AuditAnchor.objects.count() == 1


@sqlite_only
def test_sqlite_update_is_refused_even_in_a_test_database(trail):
    with (
        connection.cursor() as cursor,
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
    ):
        cursor.execute("UPDATE audit_auditevent SET ip = '203.0.113.9'")


def test_a_client_without_the_guard_function_cannot_delete(tmp_path):
    """The sqlite3 shell or a script opening the file has no guard function: DELETE fails."""
    migration = importlib.import_module(
        "skillcert.core.audit.migrations.0004_append_only_everywhere"
    )
    plain = sqlite3.connect(tmp_path / "plain.sqlite3")
    plain.execute("CREATE TABLE audit_auditevent (id INTEGER PRIMARY KEY, action TEXT)")
    plain.execute("CREATE TABLE audit_auditanchor (id INTEGER PRIMARY KEY)")
    for table in migration.SQLITE_TABLES:
        for statement in migration._sqlite_forward(table):
            plain.execute(statement)
    plain.execute("INSERT INTO audit_auditevent VALUES (1, 'kept')")
    with pytest.raises(sqlite3.OperationalError, match="skillcert_audit_guard"):
        plain.execute("DELETE FROM audit_auditevent")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        plain.execute("UPDATE audit_auditevent SET action = 'x'")
    assert plain.execute("SELECT action FROM audit_auditevent").fetchall() == [("kept",)]
    plain.close()


postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PG triggers")


@postgresql_only
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_auditanchor SET last_event_id = 0",
        "DELETE FROM audit_auditanchor",
        "TRUNCATE audit_auditanchor",
    ],
)
def test_postgresql_triggers_guard_the_anchor_table(trail, statement):
    write_anchor()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL skillcert.audit_guard = 'strict'")
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            cursor.execute(statement)
    assert AuditAnchor.objects.count() == 1
