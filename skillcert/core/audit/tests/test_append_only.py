"""No code path, and on PostgreSQL no SQL statement, changes or removes an audit event."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from skillcert.core import audit
from skillcert.core.audit.models import AppendOnlyError, AuditEvent


@pytest.fixture
def event(agency, agency_admin) -> AuditEvent:
    return audit.record(actor=agency_admin, action="test.kept", obj=agency)


def test_saving_again_is_refused(event):
    event.action = "test.changed"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.save(force_insert=True)
    assert AuditEvent.objects.get(pk=event.pk).action == "test.kept"


def test_delete_is_refused(event):
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_queryset_updates_are_refused(event):
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="test.changed")
    event.action = "test.changed"
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.bulk_update([event], ["action"])
    assert AuditEvent.objects.get(pk=event.pk).action == "test.kept"


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only"
)


@postgresql_only
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_auditevent SET action = 'test.changed'",
        "DELETE FROM audit_auditevent",
        "TRUNCATE audit_auditevent",
        "TRUNCATE orgs_agency CASCADE",
    ],
)
def test_postgresql_trigger_refuses_changes(event, statement):
    with connection.cursor() as cursor:
        # Test databases let TRUNCATE through for Django's flush; 'strict' is production behaviour.
        cursor.execute("SET LOCAL skillcert.audit_guard = 'strict'")
        # Run the deferred foreign-key checks now, or TRUNCATE fails for that reason instead.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            cursor.execute(statement)
    assert AuditEvent.objects.get(pk=event.pk).action == "test.kept"
