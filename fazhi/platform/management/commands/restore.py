import sqlite3
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from fazhi.audit import anchors
from fazhi.platform import backups
from fazhi.platform.management.commands.backup import _pg_env


class Command(BaseCommand):
    help = (
        "Restore the database from a file made by `fazhi backup` (replaces the current contents). The file is "
        "checked first — a fazhi backup of this version's schema whose audit trail verifies — and refused otherwise."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")
        parser.add_argument(
            "--migrate",
            action="store_true",
            help="a backup made by an older version: bring a copy up to date (fazhi migrate) before it is checked "
            "and restored",
        )

    def handle(self, *args, file: Path, yes: bool, migrate: bool, **options):
        with backups.workdir() as scratch:
            try:
                kind = backups.file_kind(file)
                expected = "sqlite" if connection.vendor == "sqlite" else "pg_dump"
                if connection.vendor not in ("sqlite", "postgresql"):
                    raise CommandError(f"no restore method for {connection.vendor}")
                if kind != expected:
                    raise backups.NotRestorable(
                        f"{file} is a {'SQLite database' if kind == 'sqlite' else 'pg_dump archive'}, but this "
                        f"installation runs on {connection.vendor}: restore it into a matching installation"
                    )
                checked = (
                    backups.check_sqlite(file, migrate=migrate, workdir=Path(scratch)) if kind == "sqlite" else None
                )
                if kind == "pg_dump":
                    backups.check_pg_dump(file)
            except backups.NotRestorable as exc:
                raise CommandError(f"{exc} Nothing was changed.") from exc
            if checked is not None:
                self.stdout.write(
                    f"{file} is a fazhi backup: audit trail intact "
                    f"({checked.entries} entries, head #{checked.head_seq})"
                    + (f"; {checked.migrated} migrations applied to a copy" if checked.migrated else "")
                )
            if not yes:
                self._confirm(file)
            connection.close()
            if checked is not None:
                self._restore_sqlite(checked.source)
                anchors_path = anchors.anchor_file()
                if anchors_path.exists():  # the rollback, on record beside the anchors it supersedes
                    anchors.append(checked.head_seq, checked.head_hash, kind="restore")
            else:
                self._restore_pg(file)
        self.stdout.write(f"database restored from {file}")
        if checked is None:
            self.stdout.write("check it now: `fazhi migrate --check` and `fazhi audit verify`")

    def _confirm(self, file: Path) -> None:
        if not sys.stdin.isatty():
            raise CommandError(
                f"no terminal to ask on: to replace the database with {file}, run `fazhi restore --yes {file}`. "
                "Nothing was changed."
            )
        try:
            answer = input(f"Replace the database with {file}? [y/N] ")
        except EOFError:
            answer = ""
        if answer.strip().lower() != "y":
            raise CommandError("cancelled. Nothing was changed.")

    def _restore_sqlite(self, source_file: Path) -> None:
        source = sqlite3.connect(source_file)
        target = sqlite3.connect(settings.DATABASES["default"]["NAME"])
        with target:
            source.backup(target)
        target.close()
        source.close()

    def _restore_pg(self, file: Path) -> None:
        name = settings.DATABASES["default"]["NAME"]
        subprocess.run(
            ["pg_restore", "--clean", "--if-exists", "--no-owner", "-d", name, str(file)], check=True, env=_pg_env()
        )
