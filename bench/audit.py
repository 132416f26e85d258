"""Audit trail benchmark: the cost of chaining appends, and verifying a long chain.

    .venv/bin/python -m bench.audit                       # throwaway SQLite file in a temp dir
    .venv/bin/python -m bench.audit --database-url postgres://postgres@127.0.0.1:5432/test

On PostgreSQL the URL only says where to connect: a scratch database is created next to it,
migrated, and dropped at the end (the audit triggers refuse to empty a table, so nothing is reused).

(1) appends N events through ``audit.record`` (HMAC-SHA256 keyed chain; each in its own
    transaction, and all in one),
    against the same rows written without chaining (one INSERT per row, and ``bulk_create``);
(2) builds an M-event chain directly (hashes computed in Python, ``bulk_create``), then times
    ``verify_chain`` against a plain scan of the same rows, with tracemalloc's peak memory.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit, urlunsplit


@contextmanager
def scratch_database(database_url: str | None) -> Iterator[str]:
    """A database URL that exists only for the run, removed afterwards."""
    if database_url is None:
        directory = tempfile.mkdtemp(prefix="skillcert-bench-")
        try:
            yield f"sqlite:///{directory}/bench.sqlite3"
        finally:
            shutil.rmtree(directory, ignore_errors=True)
        return
    import psycopg

    name = f"skillcert_bench_{os.getpid()}"
    parts = urlsplit(database_url)
    with psycopg.connect(database_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(database_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def timed(function: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def peak_memory(function: Callable[[], Any]) -> int:
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def setup_world() -> tuple[Any, Any, Any]:
    from skillcert.core.accounts.models import Membership, Role, User
    from skillcert.core.orgs.models import Agency, Centre, CentreLevel

    centre = Centre.objects.filter(level=CentreLevel.CITY).order_by("region_code").first()
    agency = Agency.objects.create(
        name="基准测试评价机构", agency_type="S", code="S450100BENCH", centre=centre
    )
    user = User.objects.create(username="bench", full_name="基准测试员")
    membership = Membership.objects.create(user=user, role=Role.AGENCY_ADMIN, agency=agency)
    return agency, user, membership


def build_chain(*, count: int, agency: Any, user: Any, batch: int = 5000) -> None:
    """Write ``count`` correctly chained events quickly: hashes in Python, rows in bulk."""
    from django.db import transaction

    from skillcert.core.audit.chain import (
        CURRENT_VERSION,
        GENESIS_HASH,
        chain_payload,
        event_digest,
    )
    from skillcert.core.audit.keys import chain_key
    from skillcert.core.audit.models import AuditEvent

    key = chain_key()

    start = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)
    prev = GENESIS_HASH
    rows: list[AuditEvent] = []
    with transaction.atomic():
        for i in range(count):
            fields = {
                "occurred_at": start + timedelta(seconds=i),
                "actor_id": user.pk,
                "actor_label": "基准测试员",
                "role": "agency_admin",
                "organisation_label": agency.name,
                "agency_id": agency.pk,
                "action": "score.change",
                "object_type": "orgs.Agency",
                "object_id": str(agency.pk),
                "object_label": agency.name,
                "changes": {"score": [i % 100, (i + 7) % 100], "reason": "复核更正"},
                "ip": "10.0.0.1",
            }
            digest = event_digest(prev, chain_payload(fields), key=key)
            rows.append(
                AuditEvent(prev_hash=prev, hash=digest, chain_version=CURRENT_VERSION, **fields)
            )
            prev = digest
            if len(rows) == batch:
                AuditEvent.objects.bulk_create(rows)
                rows = []
        AuditEvent.objects.bulk_create(rows)


def unchained_rows(*, count: int, agency: Any, user: Any, membership: Any) -> list[Any]:
    """The rows ``record`` would write, with random hashes instead of a chain."""
    from django.utils import timezone

    from skillcert.core.audit.models import AuditEvent

    return [
        AuditEvent(
            occurred_at=timezone.now(),
            actor=user,
            actor_label=str(user),
            role=membership.role,
            organisation_label=str(agency),
            agency=agency,
            action="bench.plain",
            object_type="orgs.Agency",
            object_id=str(agency.pk),
            object_label=str(agency),
            changes={"n": [i, i + 1]},
            ip="10.0.0.1",
            prev_hash=secrets.token_hex(32),
            hash=secrets.token_hex(32),
        )
        for i in range(count)
    ]


def bench_append(*, count: int, agency: Any, user: Any, membership: Any) -> list[str]:
    from django.db import transaction

    from skillcert.core import audit
    from skillcert.core.audit.context import request_context
    from skillcert.core.audit.models import AuditEvent
    from skillcert.core.audit.verify import verify_chain

    def record_each() -> None:
        with request_context(ip="10.0.0.1", membership=membership):
            for i in range(count):
                audit.record(
                    actor=user, action="bench.record", obj=agency, changes={"n": [i, i + 1]}
                )

    def record_in_one_transaction() -> None:
        with request_context(ip="10.0.0.1", membership=membership), transaction.atomic():
            for i in range(count):
                audit.record(
                    actor=user, action="bench.record", obj=agency, changes={"n": [i, i + 1]}
                )

    def insert_each() -> None:
        for event in unchained_rows(count=count, agency=agency, user=user, membership=membership):
            event.save(force_insert=True)

    def insert_bulk() -> None:
        rows = unchained_rows(count=count, agency=agency, user=user, membership=membership)
        AuditEvent.objects.bulk_create(rows, batch_size=1000)

    t_record, _ = timed(record_each)
    t_record_tx, _ = timed(record_in_one_transaction)
    # The chained events are written first so that the chain they extend can be checked.
    intact = verify_chain()
    t_insert, _ = timed(insert_each)
    t_bulk, _ = timed(insert_bulk)

    def line(label: str, seconds: float) -> str:
        return f"    {label:<40} {seconds:8.3f} s  {seconds * 1e6 / count:7.1f} µs/event"

    return [
        f"(1) append {count:,} events",
        line("audit.record, one transaction each", t_record),
        line("audit.record, all in one transaction", t_record_tx),
        line("plain INSERT per row (save), no chain", t_insert),
        line("bulk_create, no chain", t_bulk),
        f"    ratio record / plain INSERT              {t_record / t_insert:8.2f} x",
        f"    ratio record in one tx / plain INSERT    {t_record_tx / t_insert:8.2f} x",
        f"    ratio record / bulk_create               {t_record / t_bulk:8.2f} x",
        f"    chain after the record runs: ok={intact.ok}, {intact.verified:,} events",
    ]


def bench_digest(*, count: int = 20_000) -> list[str]:
    """(0) CPU cost of one event's hash alone: unkeyed SHA-256 against the keyed HMAC-SHA256."""
    import timeit

    from skillcert.core.audit.chain import LEGACY_SHA256, chain_payload, event_digest
    from skillcert.core.audit.keys import chain_key

    fields = {
        "occurred_at": datetime(2026, 3, 2, 6, 0, tzinfo=UTC),
        "actor_id": 1,
        "actor_label": "基准测试员",
        "role": "agency_admin",
        "organisation_label": "基准测试评价机构",
        "agency_id": 1,
        "action": "score.change",
        "object_type": "orgs.Agency",
        "object_id": "1",
        "object_label": "基准测试评价机构",
        "changes": {"score": [1, 8], "reason": "复核更正"},
        "ip": "10.0.0.1",
    }
    payload, key, prev = chain_payload(fields), chain_key(), "0" * 64
    cases = [
        (
            "SHA-256, unkeyed (chain_version 1)",
            lambda: event_digest(prev, payload, key=None, version=LEGACY_SHA256),
        ),
        ("HMAC-SHA256, key derived once", lambda: event_digest(prev, payload, key=key)),
        (
            "HMAC-SHA256 + chain_key() per event",
            lambda: event_digest(prev, payload, key=chain_key()),
        ),
    ]
    lines = [f"(0) hash one event, best of 5 × {count:,}"]
    for label, function in cases:
        best = min(timeit.repeat(function, number=count, repeat=5)) / count
        lines.append(f"    {label:<40} {best * 1e6:8.1f} µs/event")
    return lines


def bench_verify(*, count: int, agency: Any, user: Any) -> list[str]:
    from skillcert.core.audit.chain import CHAINED_FIELDS
    from skillcert.core.audit.models import AuditEvent
    from skillcert.core.audit.verify import verify_chain

    t_build, _ = timed(lambda: build_chain(count=count, agency=agency, user=user))

    def plain_scan() -> int:
        rows = (
            AuditEvent.objects.order_by("id")
            .values("id", "prev_hash", "hash", *CHAINED_FIELDS)
            .iterator(chunk_size=2000)
        )
        return sum(1 for _ in rows)

    t_verify, result = timed(verify_chain)
    t_scan, scanned = timed(plain_scan)
    if not result.ok or result.verified != count or scanned != count:
        raise SystemExit(f"chain did not verify: {result}")
    verify_peak = peak_memory(verify_chain)
    scan_peak = peak_memory(plain_scan)
    return [
        f"(2) verify a {count:,}-event chain (built in {t_build:.2f} s)",
        f"    verify_chain                         {t_verify:8.3f} s  "
        f"{count / t_verify:10,.0f} events/s  peak {verify_peak / 2**20:6.2f} MiB",
        f"    plain scan of the same rows          {t_scan:8.3f} s  "
        f"{count / t_scan:10,.0f} events/s  peak {scan_peak / 2**20:6.2f} MiB",
        f"    ratio verify / scan                  {t_verify / t_scan:8.2f} x",
    ]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.audit", description=__doc__)
    parser.add_argument("--database-url", help="PostgreSQL server to create a scratch DB on")
    parser.add_argument("--append", type=int, default=10_000, help="events appended in (1)")
    parser.add_argument("--verify", type=int, default=100_000, help="chain length in (2)")
    args = parser.parse_args(argv)

    with scratch_database(args.database_url) as url, tempfile.TemporaryDirectory() as anchors:
        os.environ["SKILLCERT_DATABASE_URL"] = url
        # The demo's anchor files name events of the demo database, not of this scratch one.
        os.environ["SKILLCERT_AUDIT_ANCHOR_DIR"] = anchors
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skillcert.settings")
        import django
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection

        django.setup()
        settings.DEBUG = False  # no query log: it would grow with every statement
        call_command("migrate", verbosity=0)
        agency, user, membership = setup_world()
        version = (
            connection.Database.sqlite_version
            if connection.vendor == "sqlite"
            else connection.pg_version
        )
        print(f"database: {connection.vendor} {version}")
        print("\n".join(bench_digest()))
        lines = bench_verify(count=args.verify, agency=agency, user=user)
        lines += bench_append(count=args.append, agency=agency, user=user, membership=membership)
        print("\n".join(lines))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
