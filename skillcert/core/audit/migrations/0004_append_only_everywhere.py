"""Append-only in the database on SQLite too, and for the anchor table on both databases.

PostgreSQL: the anchor table gets the same row and TRUNCATE triggers as the events (0002).

SQLite has no TRUNCATE and no roles; Django's flush between transactional tests is a DELETE per
table. UPDATE is refused unconditionally. DELETE is refused unless the SQL function
``skillcert_audit_guard()`` answers 'flush'. The app registers that function on every SQLite
connection (``skillcert.core.audit.sqlite_guard``) and it answers 'flush' only for a test
database (in memory, or a file named test_…) that has not been switched to strict mode, the same
exception PostgreSQL makes for TRUNCATE. Any other client (the sqlite3 shell, a script) has no
such function, so its DELETE fails too. Anyone who can write the file can still drop a trigger:
the keyed chain and the anchors outside the table are what detect that.
"""

from django.db import migrations

PG_FORWARD = """
CREATE TRIGGER audit_anchor_no_update_delete
    BEFORE UPDATE OR DELETE ON audit_auditanchor
    FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change();
CREATE TRIGGER audit_anchor_no_truncate
    BEFORE TRUNCATE ON audit_auditanchor
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change();
"""

PG_BACKWARD = """
DROP TRIGGER IF EXISTS audit_anchor_no_truncate ON audit_auditanchor;
DROP TRIGGER IF EXISTS audit_anchor_no_update_delete ON audit_auditanchor;
"""

SQLITE_TABLES = ("audit_auditevent", "audit_auditanchor")


def _sqlite_forward(table):
    return [
        f"""CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}
        BEGIN SELECT RAISE(ABORT, 'audit events are append-only: UPDATE on {table} refused'); END""",
        f"""CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}
        WHEN skillcert_audit_guard() IS NOT 'flush'
        BEGIN SELECT RAISE(ABORT, 'audit events are append-only: DELETE on {table} refused'); END""",
    ]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FORWARD, None)
    elif vendor == "sqlite":
        for table in SQLITE_TABLES:
            for statement in _sqlite_forward(table):
                schema_editor.execute(statement, None)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_BACKWARD, None)
    elif vendor == "sqlite":
        for table in SQLITE_TABLES:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update", None)
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete", None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_keyed_chain_and_anchors")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
