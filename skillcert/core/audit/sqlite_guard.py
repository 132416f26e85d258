"""The SQL function SQLite's audit triggers ask before letting a DELETE through (migration 0004).

It answers 'flush' only on a test database (in memory, or a file named test_…), so Django's flush
between transactional tests can empty the table, as PostgreSQL lets TRUNCATE through on test_
databases. ``strict()`` switches a connection to production behaviour, which is how the tests
prove the refusal. Every other database gets 'strict'.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

FUNCTION = "skillcert_audit_guard"


def _is_test_database(name: Any) -> bool:
    text = str(name or "")
    if text == ":memory:" or "mode=memory" in text:
        return True
    return Path(text.removeprefix("file:").split("?")[0]).name.startswith("test_")


def register(sender: Any, connection: Any, **kwargs: Any) -> None:
    """``connection_created`` receiver: give each new SQLite connection the guard function."""
    if connection.vendor != "sqlite":
        return
    lenient = _is_test_database(connection.settings_dict.get("NAME"))

    def guard() -> str:
        return (
            "flush"
            if lenient and not getattr(connection, "audit_guard_strict", False)
            else ("strict")
        )

    connection.connection.create_function(FUNCTION, 0, guard)


@contextmanager
def strict(connection: Any) -> Iterator[None]:
    """Production behaviour on this connection for the duration: every DELETE refused."""
    connection.audit_guard_strict = True
    try:
        yield
    finally:
        connection.audit_guard_strict = False
