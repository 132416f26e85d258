"""Backup and restore of the database and the uploaded files, checked against a manifest.

A backup is a directory:

    manifest.json   what was saved: row count per table, every file with its SHA-256, the
                    audit chain's head, the database vendor and the dump's own SHA-256
    db.sqlite3      SQLite: a page-by-page copy made with the online backup API (never a copy
                    of the live file, SECURITY.md SEC-5.4)
    db.dump         PostgreSQL: ``pg_dump -Fc`` taken in the same snapshot as the row counts
    media/...       the uploaded files (MEDIA_ROOT)

``restore`` checks every file of the backup against the manifest before it touches anything,
refuses a target database or media directory that is not empty unless forced, restores, and
then compares the restored row counts, files and audit head with the manifest.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections
from django.utils import timezone

MANIFEST = "manifest.json"
SQLITE_FILE = "db.sqlite3"
PG_FILE = "db.dump"
MEDIA_DIR = "media"
FORMAT = 1
_AUDIT_TABLE = "audit_auditevent"


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message is Chinese, for the operator."""


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _counts_and_head(execute: Callable[[str], list[tuple]], tables: list[str]) -> dict[str, Any]:
    counts = {t: int(execute(f"SELECT COUNT(*) FROM {_quote(t)}")[0][0]) for t in sorted(tables)}
    head: dict[str, Any] = {"last_event_id": 0, "last_hash": "", "event_count": 0}
    if _AUDIT_TABLE in counts:
        rows = execute(f"SELECT id, hash FROM {_AUDIT_TABLE} ORDER BY id DESC LIMIT 1")
        if rows:
            head = {
                "last_event_id": int(rows[0][0]),
                "last_hash": rows[0][1],
                "event_count": counts[_AUDIT_TABLE],
            }
    return {"tables": counts, "audit_head": head}


# --- the databases ------------------------------------------------------------------------


def _sqlite_tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    return [r[0] for r in rows]


def _sqlite_snapshot(conn: sqlite3.Connection) -> dict[str, Any]:
    return _counts_and_head(lambda sql: conn.execute(sql).fetchall(), _sqlite_tables(conn))


def _pg_env(settings_dict: dict[str, Any], dbname: str | None = None) -> dict[str, str]:
    env = dict(os.environ)
    for var, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER")):
        if settings_dict.get(key):
            env[var] = str(settings_dict[key])
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    env["PGDATABASE"] = dbname or settings_dict["NAME"]
    return env


@contextmanager
def _pg_connect(settings_dict: dict[str, Any]) -> Iterator[Any]:
    import psycopg

    params = {
        "dbname": settings_dict["NAME"],
        "host": settings_dict.get("HOST") or None,
        "port": settings_dict.get("PORT") or None,
        "user": settings_dict.get("USER") or None,
        "password": settings_dict.get("PASSWORD") or None,
    }
    with psycopg.connect(**{k: v for k, v in params.items() if v}) as conn:
        yield conn


def _pg_tables(cursor: Any) -> list[str]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1")
    return [r[0] for r in cursor.fetchall()]


def _pg_snapshot(cursor: Any) -> dict[str, Any]:
    def execute(sql: str) -> list[tuple]:
        cursor.execute(sql)
        return cursor.fetchall()

    return _counts_and_head(execute, _pg_tables(cursor))


def _run(args: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{args[0]} 执行失败：{done.stderr.strip()[-2000:]}")


# --- backup -----------------------------------------------------------------------------------


@dataclass
class BackupResult:
    directory: Path
    manifest: dict[str, Any] = field(default_factory=dict)


def _copy_media(target: Path) -> list[dict[str, Any]]:
    root = Path(settings.MEDIA_ROOT)
    files = []
    if not root.is_dir():
        return files
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        relative = path.relative_to(root).as_posix()
        destination = target / MEDIA_DIR / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, destination)
        # The copy is what is restored, so the copy is what is hashed.
        files.append(
            {
                "path": relative,
                "size": destination.stat().st_size,
                "sha256": sha256_file(destination),
            }
        )
    return files


def backup(directory: Path, *, using: str = "default") -> BackupResult:
    """Write a backup of database ``using`` and MEDIA_ROOT into the new directory ``directory``."""
    directory = Path(directory)
    if directory.exists() and any(directory.iterdir()):
        raise BackupError(f"备份目录 {directory} 不为空，请指定一个新目录。")
    directory.mkdir(parents=True, exist_ok=True)
    connection = connections[using]
    vendor = connection.vendor
    if vendor == "sqlite":
        dump = directory / SQLITE_FILE
        connection.ensure_connection()
        target = sqlite3.connect(dump)
        try:
            connection.connection.backup(target)
            target.execute("PRAGMA journal_mode=DELETE")
            snapshot = _sqlite_snapshot(target)
        finally:
            target.close()
    elif vendor == "postgresql":
        dump = directory / PG_FILE
        with _pg_connect(connection.settings_dict) as conn, conn.cursor() as cursor:
            # The counts and pg_dump read the same exported snapshot, so they agree exactly even
            # while the site keeps writing.
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot_id = cursor.fetchone()[0]
            snapshot = _pg_snapshot(cursor)
            _run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot_id}",
                    f"--file={dump}",
                ],
                _pg_env(connection.settings_dict),
            )
    else:
        raise BackupError(f"不支持的数据库类型：{vendor}")
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "vendor": vendor,
        "database_file": dump.name,
        "database_sha256": sha256_file(dump),
        **snapshot,
        "files": _copy_media(directory),
    }
    (directory / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2))
    return BackupResult(directory, manifest)


# --- restore ----------------------------------------------------------------------------------


def read_manifest(directory: Path) -> dict[str, Any]:
    """The manifest, after checking that the dump and every file still match it."""
    directory = Path(directory)
    try:
        manifest = json.loads((directory / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"无法读取备份清单 {directory / MANIFEST}：{exc}") from None
    if manifest.get("format") != FORMAT:
        raise BackupError("备份清单格式不受支持。")
    dump = directory / manifest["database_file"]
    if not dump.is_file() or sha256_file(dump) != manifest["database_sha256"]:
        raise BackupError(f"数据库备份文件 {dump.name} 缺失或与清单不符，备份已损坏。")
    for entry in manifest["files"]:
        path = directory / MEDIA_DIR / entry["path"]
        if not path.is_file() or sha256_file(path) != entry["sha256"]:
            raise BackupError(f"上传文件 {entry['path']} 缺失或与清单不符，备份已损坏。")
    return manifest


def target_is_empty(*, using: str = "default") -> tuple[bool, str]:
    tables = connections[using].introspection.table_names()
    if tables:
        return False, f"目标数据库已有 {len(tables)} 张表"
    root = Path(settings.MEDIA_ROOT)
    if root.is_dir() and any(p.is_file() for p in root.rglob("*")):
        return False, f"上传文件目录 {root} 不为空"
    return True, ""


def _restore_sqlite(dump: Path, connection: Any) -> None:
    name = connection.settings_dict["NAME"]
    connection.close()
    source = sqlite3.connect(dump)
    try:
        if str(name) == ":memory:" or "mode=memory" in str(name):
            connection.ensure_connection()
            source.backup(connection.connection)
        else:
            target = sqlite3.connect(name)
            try:
                source.backup(target)
                target.execute("PRAGMA journal_mode=WAL")
            finally:
                target.close()
    finally:
        source.close()


def _restore_pg(dump: Path, connection: Any, *, force: bool) -> None:
    connection.close()
    args = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error"]
    if force:
        args += ["--clean", "--if-exists"]
    else:
        args += ["--single-transaction"]
    _run(
        [*args, f"--dbname={connection.settings_dict['NAME']}", str(dump)],
        _pg_env(connection.settings_dict),
    )


def _restore_media(directory: Path, manifest: dict[str, Any]) -> None:
    root = Path(settings.MEDIA_ROOT)
    if root.is_dir():
        shutil.rmtree(root)
    root.mkdir(parents=True, exist_ok=True)
    for entry in manifest["files"]:
        destination = root / entry["path"]
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(directory / MEDIA_DIR / entry["path"], destination)


def current_state(*, using: str = "default") -> dict[str, Any]:
    """Row counts, audit head and media files as they are now (what a manifest records)."""
    connection = connections[using]
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        snapshot = _sqlite_snapshot(connection.connection)
    else:
        with connection.cursor() as cursor:
            snapshot = _pg_snapshot(cursor)
    root = Path(settings.MEDIA_ROOT)
    files = []
    if root.is_dir():
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            files.append(
                {
                    "path": path.relative_to(root).as_posix(),
                    "size": path.stat().st_size,
                    "sha256": sha256_file(path),
                }
            )
    return {**snapshot, "files": files}


def differences(manifest: dict[str, Any], state: dict[str, Any]) -> list[str]:
    """What differs between a manifest and a database's state, in Chinese, empty if nothing."""
    problems = []
    for table in sorted(set(manifest["tables"]) | set(state["tables"])):
        expected, found = manifest["tables"].get(table), state["tables"].get(table)
        if expected != found:
            problems.append(f"表 {table}：清单 {expected} 行，恢复后 {found} 行")
    expected_files = {f["path"]: f["sha256"] for f in manifest["files"]}
    found_files = {f["path"]: f["sha256"] for f in state["files"]}
    for path in sorted(set(expected_files) | set(found_files)):
        if expected_files.get(path) != found_files.get(path):
            problems.append(f"上传文件 {path} 与清单不符")
    if manifest["audit_head"] != state["audit_head"]:
        problems.append(
            f"审计链头不符：清单 {manifest['audit_head']}，恢复后 {state['audit_head']}"
        )
    return problems


def restore(directory: Path, *, force: bool = False, using: str = "default") -> dict[str, Any]:
    """Restore a backup into database ``using`` and MEDIA_ROOT; return the verified manifest."""
    directory = Path(directory)
    manifest = read_manifest(directory)
    connection = connections[using]
    if manifest["vendor"] != connection.vendor:
        raise BackupError(
            f"备份来自 {manifest['vendor']} 数据库，不能恢复到 {connection.vendor} 数据库。"
        )
    empty, why = target_is_empty(using=using)
    if not empty and not force:
        raise BackupError(f"{why}，恢复会覆盖现有数据。确认要覆盖时请加 --force。")
    dump = directory / manifest["database_file"]
    if connection.vendor == "sqlite":
        _restore_sqlite(dump, connection)
    else:
        _restore_pg(dump, connection, force=force)
    _restore_media(directory, manifest)
    problems = differences(manifest, current_state(using=using))
    if problems:
        raise BackupError("恢复后的数据与备份清单不符：" + "；".join(problems))
    return manifest
