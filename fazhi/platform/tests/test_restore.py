"""Security issue #19 point 5: `fazhi restore` checks that its input is a fazhi backup before touching anything.

Each case runs the real command in a subprocess against a throwaway SQLite installation, then checks that the
database in service is exactly as it was."""

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

FAZHI = str(Path(sys.executable).parent / "fazhi")
DELETE_ONE = "from fazhi.orgs.models import Organisation as O; O.objects.filter(kind='street').first().delete()"
COUNT = "from fazhi.orgs.models import Organisation as O; print(O.objects.filter(kind='street').count())"


class Installation:
    def __init__(self, root: Path):
        self.root = root
        self.db = root / "fazhi.sqlite3"
        self.env = {
            "DJANGO_SETTINGS_MODULE": "fazhi.settings.base",
            "DATABASE_URL": f"sqlite:///{self.db}",
            "FAZHI_VAR_DIR": str(root / "var"),
            "PATH": "/usr/bin:/bin",
        }

    def run(self, *args, ok=True, stdin=subprocess.DEVNULL):
        result = subprocess.run([FAZHI, *args], capture_output=True, text=True, timeout=300, env=self.env, stdin=stdin)
        if ok:
            assert result.returncode == 0, result.stderr[-2000:]
        return result

    def streets(self) -> str:
        return self.run("shell", "--no-imports", "-c", COUNT).stdout.strip()


@pytest.fixture(scope="module")
def installation(tmp_path_factory):
    """A migrated installation with the divisions imported (audited), and a good backup of it."""
    inst = Installation(tmp_path_factory.mktemp("restore"))
    inst.run("migrate", "-v0")
    inst.run("import", "orgs", str(settings.DATA_DIR / "divisions" / "shanghai.csv"))
    inst.run("backup", str(inst.root / "good.sqlite3"))
    inst.run(
        "shell",
        "--no-imports",
        "-c",
        "from fazhi.orgs.models import Organisation as O; O.objects.filter(kind='street').first().delete()",
    )
    assert inst.streets() == "233"
    return inst


def refused(inst, file, *args, says):
    before = inst.db.read_bytes()
    result = inst.run("restore", "--yes", *args, str(file), ok=False)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr and says in result.stderr, result.stderr
    assert "Nothing was changed" in result.stderr
    assert inst.db.read_bytes() == before  # not touched
    return result


def test_an_unrelated_sqlite_file_is_refused(installation, tmp_path):
    """The issue's case: a SQLite file with one unrelated table replaced the database and reported success."""
    file = tmp_path / "empty.sqlite3"
    with sqlite3.connect(file) as db:
        db.execute("CREATE TABLE notes (text TEXT)")
    refused(installation, file, says="not a fazhi backup: it has no migration table (its tables: notes)")


def test_an_empty_file_and_a_non_database_file_are_refused(installation, tmp_path):
    empty = tmp_path / "zero.sqlite3"
    empty.touch()
    refused(installation, empty, says="is empty: not a fazhi backup")
    text = tmp_path / "notes.txt"
    text.write_text("这不是数据库\n" * 100)
    refused(installation, text, says="is not a database file")
    refused(installation, tmp_path / "absent.sqlite3", says="no such file")


def test_another_django_database_is_refused(installation, tmp_path):
    file = tmp_path / "other.sqlite3"
    with sqlite3.connect(file) as db:
        db.execute("CREATE TABLE django_migrations (id INTEGER PRIMARY KEY, app TEXT, name TEXT, applied TEXT)")
        db.execute("INSERT INTO django_migrations (app, name, applied) VALUES ('auth', '0001_initial', '')")
    refused(installation, file, says="its migrations are not fazhi's")


def copy_of_good(inst, tmp_path, name):
    file = tmp_path / name
    shutil.copyfile(inst.root / "good.sqlite3", file)
    return file


def test_a_backup_from_a_newer_version_is_refused(installation, tmp_path):
    file = copy_of_good(installation, tmp_path, "newer.sqlite3")
    with sqlite3.connect(file) as db:
        db.execute("INSERT INTO django_migrations (app, name, applied) VALUES ('audit', '0099_future', '')")
    refused(installation, file, says="newer version of fazhi: 1 of its migrations are unknown here (audit.0099_future")


def test_a_backup_from_an_older_version_is_refused_unless_migrated(installation, tmp_path):
    file = copy_of_good(installation, tmp_path, "older.sqlite3")
    with sqlite3.connect(file) as db:  # as if made before the last migration (one without SQL, so it re-applies)
        db.execute("DELETE FROM django_migrations WHERE app = 'authtoken' AND name = '0004_alter_tokenproxy_options'")
    result = refused(installation, file, says="older version of fazhi: 1 migrations are not applied")
    assert "--migrate" in result.stderr
    result = installation.run("restore", "--yes", "--migrate", str(file))
    assert "audit trail intact" in result.stdout and "1 migrations applied to a copy" in result.stdout
    assert installation.streets() == "234"
    assert installation.run("migrate", "--check").returncode == 0
    assert "intact" in installation.run("audit", "verify").stdout
    with sqlite3.connect(file) as db:  # the backup itself is left as it was
        assert not db.execute(
            "SELECT 1 FROM django_migrations WHERE app = 'authtoken' AND name LIKE '0004%'"
        ).fetchall()


def test_a_backup_whose_audit_trail_is_broken_is_refused(installation, tmp_path):
    file = copy_of_good(installation, tmp_path, "tampered.sqlite3")
    with sqlite3.connect(file) as db:
        db.execute("UPDATE audit_auditentry SET object_repr = '篡改' WHERE seq = 5")
    refused(installation, file, says="audit trail is BROKEN at entry #5")


def test_without_a_terminal_and_without_yes_it_says_what_is_missing(installation):
    before = installation.db.read_bytes()
    result = installation.run("restore", str(installation.root / "good.sqlite3"), ok=False)
    assert result.returncode != 0 and "EOFError" not in result.stderr and "Traceback" not in result.stderr
    assert "no terminal to ask on" in result.stderr and "--yes" in result.stderr
    assert installation.db.read_bytes() == before


def test_a_good_backup_is_restored_and_the_rollback_recorded_beside_the_anchors(installation):
    installation.run("shell", "--no-imports", "-c", DELETE_ONE)
    installation.run("audit", "anchor")  # pins the head after the deletion, beyond the backup's head
    result = installation.run("restore", "--yes", str(installation.root / "good.sqlite3"))
    assert "is a fazhi backup: audit trail intact" in result.stdout and "restored" in result.stdout
    assert installation.streets() == "234"
    anchors = (installation.root / "var" / "audit-anchors.jsonl").read_text().splitlines()
    assert len(anchors) == 2 and '"kind": "restore"' in anchors[1]
    assert "intact" in installation.run("audit", "verify").stdout
