"""Backup and restore drill (SECURITY.md CHK-5.6, SEC-1.8): back up, restore into an empty
database in a fresh process, and compare row counts, uploaded files and the audit head.

The same test runs on SQLite (online backup API) and PostgreSQL (pg_dump / pg_restore into a
database created and dropped here), whichever the suite runs on.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.db import connection

from skillcert.core import audit
from skillcert.core.audit.anchors import write_anchor
from skillcert.core.backup.services import (
    _pg_connect,
    _pg_snapshot,
    _sqlite_snapshot,
    current_state,
    sha256_file,
)


def _media(root: Path) -> dict[str, str]:
    files = {
        "registration/materials/2026/1-photo.jpg": b"\xff\xd8\xff\xe0 photo bytes",
        "registration/imports/导入名单.xlsx": b"PK\x03\x04 spreadsheet",
        "catalog/standard.pdf": b"%PDF-1.7 standard",
    }
    for relative, data in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return {relative: sha256_file(root / relative) for relative in files}


@pytest.fixture
def world(settings, tmp_path, agency, agency_admin) -> dict[str, str]:
    settings.MEDIA_ROOT = tmp_path / "media"
    hashes = _media(settings.MEDIA_ROOT)
    for i in range(25):
        audit.record(actor=agency_admin, action=f"test.drill{i}", obj=agency, changes={"i": i})
    write_anchor()
    return hashes


@pytest.fixture
def empty_target(tmp_path) -> Iterator[str]:
    """A database URL for an empty database of the suite's own kind."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    import psycopg

    source = urlsplit(os.environ["SKILLCERT_DATABASE_URL"])
    # The maintenance database: the URL's own database need not exist (the tests use test_…).
    maintenance = urlunsplit(source._replace(path="/postgres"))
    name = f"{connection.settings_dict['NAME']}_drill"[:63]
    with psycopg.connect(maintenance, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(source._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(maintenance, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        env=env,
        cwd=str(django_settings.BASE_DIR),
        capture_output=True,
        text=True,
        timeout=300,  # generous: the shared 2-core machine can be very busy
    )


def _state_of(url: str) -> dict:
    if url.startswith("sqlite:///"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
            return _sqlite_snapshot(conn)
    parts = urlsplit(url)
    settings_dict = {
        "NAME": parts.path.lstrip("/"),
        "HOST": parts.hostname,
        "PORT": parts.port,
        "USER": parts.username,
        "PASSWORD": parts.password,
    }
    with _pg_connect(settings_dict) as conn, conn.cursor() as cursor:
        return _pg_snapshot(cursor)


# Committed, as in production: pg_dump reads from its own connection.
@pytest.mark.django_db(transaction=True)
def test_restore_drill_into_an_empty_database(world, empty_target, tmp_path, settings):
    backup_dir = tmp_path / "backup-2026-03-02"
    call_command("backup", str(backup_dir))
    source = current_state()
    assert source["tables"]["audit_auditevent"] >= 25
    assert source["tables"]["orgs_agency"] >= 1

    # Over this (non-empty) database the restore is refused without --force.
    with pytest.raises(CommandError, match=r"目标数据库已有.*--force"):
        call_command("restore", str(backup_dir))
    # A damaged copy is refused before anything is touched, even with --force.
    damaged = tmp_path / "damaged"
    shutil.copytree(backup_dir, damaged)
    (damaged / "media" / "catalog" / "standard.pdf").write_bytes(b"%PDF-1.7 altered")
    with pytest.raises(CommandError, match=r"catalog/standard\.pdf.*已损坏"):
        call_command("restore", str(damaged), "--force")
    assert current_state() == source

    restored_media = tmp_path / "restored-media"
    env = os.environ | {
        "SKILLCERT_DATABASE_URL": empty_target,
        "SKILLCERT_MEDIA_ROOT": str(restored_media),
        "SKILLCERT_AUDIT_ANCHOR_DIR": str(settings.AUDIT_ANCHOR_DIR),
    }
    done = _manage(env, "restore", str(backup_dir))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "均与清单一致" in done.stdout and "审计链完整" in done.stdout

    # Compared independently of the command's own check: every table's rows, every file, the
    # audit head; and the restored chain verifies, against the anchor written before the backup.
    restored = _state_of(empty_target)
    assert restored["tables"] == source["tables"]
    assert restored["audit_head"] == source["audit_head"]
    assert {
        p.relative_to(restored_media).as_posix(): sha256_file(p)
        for p in restored_media.rglob("*")
        if p.is_file()
    } == world
    verified = _manage(env, "verify_audit")
    assert verified.returncode == 0, verified.stderr
    assert "1 个锚点" in verified.stdout

    # Restoring again over the now non-empty database is refused without --force ...
    again = _manage(env, "restore", str(backup_dir))
    assert again.returncode != 0 and "--force" in again.stderr
    # ... and allowed with it, with the same result.
    forced = _manage(env, "restore", str(backup_dir), "--force")
    assert forced.returncode == 0, forced.stderr
    assert _state_of(empty_target)["tables"] == source["tables"]


def test_backup_refuses_a_directory_that_is_not_empty(tmp_path):
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "old.txt").write_text("x")
    with pytest.raises(CommandError, match="不为空"):
        call_command("backup", str(tmp_path / "used"))
