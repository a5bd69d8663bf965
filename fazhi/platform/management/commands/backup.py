import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection


def _pg_env() -> dict[str, str]:
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[var] = str(db[key])
    return env


class Command(BaseCommand):
    help = "Back up the database: SQLite's online backup API, or pg_dump (custom format) on PostgreSQL."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        file.parent.mkdir(parents=True, exist_ok=True)
        if connection.vendor == "sqlite":
            source = sqlite3.connect(settings.DATABASES["default"]["NAME"])
            target = sqlite3.connect(file)
            with target:
                source.backup(target)  # consistent even while the server is writing
            target.close()
            source.close()
        elif connection.vendor == "postgresql":
            if not shutil.which("pg_dump"):
                raise CommandError("pg_dump is not installed (Debian: apt-get install postgresql-client)")
            name = settings.DATABASES["default"]["NAME"]
            subprocess.run(["pg_dump", "-Fc", "-f", str(file), name], check=True, env=_pg_env())
        else:
            raise CommandError(f"no backup method for {connection.vendor}")
        self.stdout.write(f"backup written to {file} ({file.stat().st_size} bytes)")
