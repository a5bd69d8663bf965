"""Checking a backup before ``fazhi restore`` touches anything (security issue #19 point 5).

A SQLite backup is checked in full before the database is replaced: it is a SQLite file and sound; it has Django's
migration table and fazhi's own migrations; its schema is this version's (a newer one: upgrade fazhi first; an older
one: ``--migrate`` brings a scratch copy up to date, which is then checked and restored); every table the code
expects is there; and its audit chain verifies, with the current keys and against the anchors up to its head.
A PostgreSQL dump can only be read by ``pg_restore``: its table of contents is checked (a custom-format dump that
holds fazhi's tables); its schema and audit chain are checked after the restore, by ``migrate --check`` and
``fazhi audit verify``.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.db import connections
from django.db.migrations.loader import MigrationLoader

from fazhi.audit import anchors
from fazhi.audit.services import verify_chain

SQLITE_HEADER = b"SQLite format 3\x00"
PG_DUMP_HEADER = b"PGDMP"
#: Migrations only a fazhi database has: together they say "this is ours", whatever else it holds.
SIGNATURE = (("audit", "0001_initial"), ("orgs", "0001_initial"), ("casework", "0001_initial"))
SCRATCH_ALIAS = "restore_check"


class NotRestorable(Exception):
    """The file is not something ``fazhi restore`` may put in place of the database; the message says why and
    what to do."""


@dataclass(frozen=True)
class Checked:
    """A SQLite backup that passed: the file to copy from (a migrated scratch copy with ``--migrate``), the audit
    head it brings, how many entries verified and how many migrations were applied to the copy."""

    source: Path
    head_seq: int
    head_hash: str
    entries: int
    migrated: int = 0


def code_migrations() -> set[tuple[str, str]]:
    return set(MigrationLoader(None, ignore_no_migrations=True).graph.nodes)


def file_kind(path: Path) -> str:
    """ "sqlite", "pg_dump", or raises NotRestorable for anything else."""
    if not path.is_file():
        raise NotRestorable(f"{path}: no such file")
    with path.open("rb") as handle:
        start = handle.read(len(SQLITE_HEADER))
    if start == SQLITE_HEADER:
        return "sqlite"
    if start.startswith(PG_DUMP_HEADER):
        return "pg_dump"
    if not start:
        raise NotRestorable(f"{path} is empty: not a fazhi backup")
    raise NotRestorable(f"{path} is not a database file (neither SQLite nor a pg_dump archive): not a fazhi backup")


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path.resolve()}?mode=ro", uri=True)


def check_schema(path: Path) -> list[tuple[str, str]]:
    """Check that ``path`` is a sound fazhi SQLite database of this version or older; returns the migrations it
    lacks (empty: the same schema)."""
    try:
        db = _read_only(path)
        try:
            if db.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise NotRestorable(f"{path} is damaged (SQLite integrity check failed): not restorable")
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if "django_migrations" not in tables:
                shown = ", ".join(sorted(tables)[:5]) or "none"
                raise NotRestorable(f"{path} is not a fazhi backup: it has no migration table (its tables: {shown})")
            applied = {(app, name) for app, name in db.execute("SELECT app, name FROM django_migrations")}
        finally:
            db.close()
    except sqlite3.DatabaseError as exc:
        raise NotRestorable(f"{path} is not a readable SQLite database ({exc}): not a fazhi backup") from exc
    if not set(SIGNATURE) <= applied:
        raise NotRestorable(f"{path} is not a fazhi backup: its migrations are not fazhi's")
    known = code_migrations()
    newer = sorted(applied - known)
    if newer:
        raise NotRestorable(
            f"{path} was made by a newer version of fazhi: {len(newer)} of its migrations are unknown here "
            f"({newer[0][0]}.{newer[0][1]} …). Upgrade fazhi to that version first, then restore."
        )
    missing = sorted(known - applied)
    if not missing:
        expected = {
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if model._meta.managed and not model._meta.proxy
        }
        absent = sorted(expected - tables)
        if absent:
            raise NotRestorable(
                f"{path} is not a complete fazhi backup: {len(absent)} tables are missing ({', '.join(absent[:5])})"
            )
    return missing


@contextmanager
def scratch_database(path: Path) -> Iterator[str]:
    """A temporary read-only connection alias on ``path`` (a SQLite file), removed afterwards."""
    default = connections.settings["default"]
    name = f"file:{path.resolve()}?mode=ro"
    connections.settings[SCRATCH_ALIAS] = {**default, "ENGINE": "django.db.backends.sqlite3", "NAME": name}
    connections.settings[SCRATCH_ALIAS]["TEST"] = {**default.get("TEST", {}), "NAME": None}
    try:
        yield SCRATCH_ALIAS
    finally:
        connections[SCRATCH_ALIAS].close()
        del connections[SCRATCH_ALIAS]
        del connections.settings[SCRATCH_ALIAS]


def check_sqlite(path: Path, *, migrate: bool, workdir: Path) -> Checked:
    """Everything a SQLite backup must pass before it replaces the database (raises NotRestorable)."""
    missing = check_schema(path)
    source = path
    if missing:
        if not migrate:
            first = f"{missing[0][0]}.{missing[0][1]}"
            raise NotRestorable(
                f"{path} was made by an older version of fazhi: {len(missing)} migrations are not applied to it "
                f"({first} …). Restore it with --migrate to bring a copy up to date before it replaces the "
                "database, or restore it with the version that made it and upgrade with `fazhi migrate`."
            )
        source = workdir / "migrated.sqlite3"
        shutil.copyfile(path, source)
        # In a process of its own whose database is the copy: what runs after migrating (role sync, with its audit
        # entries) then writes to the copy, never to the database in service.
        migrated = subprocess.run(
            [sys.executable, "-m", "fazhi.cli", "migrate", "--no-input", "-v0"],
            env={**os.environ, "DATABASE_URL": f"sqlite:///{source.resolve()}"},
            capture_output=True,
            text=True,
        )
        if migrated.returncode != 0:
            raise NotRestorable(f"{path}: migrating a copy of it failed: {migrated.stderr.strip()[-500:]}")
        if check_schema(source):
            raise NotRestorable(f"{path}: migrating a copy of it did not bring it up to date")
    with scratch_database(source) as alias:
        from fazhi.audit.models import AuditHead

        head = AuditHead.objects.using(alias).filter(pk=1).first()
        seq, hash_ = (head.last_seq, head.last_hash) if head is not None else (0, "0" * 64)
        checked, broken = verify_chain(using=alias, anchors=anchors.read().up_to(seq))
    if broken is not None:
        raise NotRestorable(
            f"{path}: its audit trail is BROKEN at {broken.where}: {broken.reason}. A backup whose audit trail "
            "does not verify is not restored; use an earlier backup."
        )
    return Checked(source, seq, hash_, checked, len(missing))


def check_pg_dump(path: Path) -> None:
    """A custom-format dump whose table of contents holds fazhi's tables (its contents are checked after the
    restore: PostgreSQL cannot read a dump without restoring it)."""
    if not shutil.which("pg_restore"):
        raise NotRestorable("pg_restore is not installed (Debian: apt-get install postgresql-client)")
    listing = subprocess.run(["pg_restore", "--list", str(path)], capture_output=True, text=True)
    if listing.returncode != 0:
        raise NotRestorable(f"{path} is not a readable pg_dump archive: {listing.stderr.strip()[:200]}")
    for table in ("django_migrations", "audit_auditentry", "audit_audithead"):
        if f" TABLE DATA public {table} " not in listing.stdout and f" TABLE public {table} " not in listing.stdout:
            raise NotRestorable(f"{path} is not a fazhi backup: it has no {table} table")


def workdir() -> tempfile.TemporaryDirectory[str]:
    return tempfile.TemporaryDirectory(prefix="fazhi-restore-")
