import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from fazhi.platform.management.commands.backup import _pg_env


class Command(BaseCommand):
    help = "Restore the database from a file made by `fazhi backup` (replaces the current contents)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, file: Path, yes: bool, **options):
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        if not yes and input(f"Replace the database with {file}? [y/N] ").strip().lower() != "y":
            raise CommandError("cancelled")
        connection.close()
        if connection.vendor == "sqlite":
            source = sqlite3.connect(file)
            if source.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise CommandError(f"{file} is not a sound SQLite database")
            target = sqlite3.connect(settings.DATABASES["default"]["NAME"])
            with target:
                source.backup(target)
            target.close()
            source.close()
        elif connection.vendor == "postgresql":
            if not shutil.which("pg_restore"):
                raise CommandError("pg_restore is not installed (Debian: apt-get install postgresql-client)")
            name = settings.DATABASES["default"]["NAME"]
            subprocess.run(
                ["pg_restore", "--clean", "--if-exists", "--no-owner", "-d", name, str(file)], check=True, env=_pg_env()
            )
        else:
            raise CommandError(f"no restore method for {connection.vendor}")
        self.stdout.write(f"database restored from {file}")
