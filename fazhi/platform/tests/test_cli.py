import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

from fazhi.cli import resolve
from fazhi.orgs.models import Organisation


def test_two_word_commands_map_to_management_commands():
    commands = {"import_orgs", "audit_verify", "runserver", "migrate", "db_worker"}
    assert resolve(["import", "orgs", "a.csv"], commands) == ["import_orgs", "a.csv"]
    assert resolve(["audit", "verify"], commands) == ["audit_verify"]
    assert resolve(["serve", "0:8000"], commands) == ["runserver", "0:8000"]
    assert resolve(["worker"], commands) == ["db_worker"]
    assert resolve(["migrate", "--plan"], commands) == ["migrate", "--plan"]
    # a hyphenated second word names the underscored command: `fazhi enforcement import-matters FILE`
    assert resolve(["enforcement", "import-matters", "m.csv"], {"enforcement_import_matters"}) == [
        "enforcement_import_matters",
        "m.csv",
    ]


def test_console_script_is_installed_and_runs():
    fazhi = Path(sys.executable).parent / "fazhi"
    result = subprocess.run(
        [str(fazhi), "help", "import_orgs"],
        capture_output=True,
        text=True,
        timeout=60,
        env={"DJANGO_SETTINGS_MODULE": "fazhi.settings.test", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0 and "Import organisations" in result.stdout


def test_backup_and_restore_on_a_file_database(tmp_path):
    """Runs the real commands in a subprocess against a throwaway SQLite file."""
    db = tmp_path / "fazhi.sqlite3"
    env = {
        "DJANGO_SETTINGS_MODULE": "fazhi.settings.base",
        "DATABASE_URL": f"sqlite:///{db}",
        "FAZHI_VAR_DIR": str(tmp_path / "var"),
        "PATH": "/usr/bin:/bin",
    }
    fazhi = str(Path(sys.executable).parent / "fazhi")

    def run(*args):
        result = subprocess.run([fazhi, *args], capture_output=True, text=True, timeout=300, env=env)
        assert result.returncode == 0, result.stderr[-2000:]
        return result.stdout

    run("migrate", "-v0")
    run("import", "orgs", str(settings.DATA_DIR / "divisions" / "shanghai.csv"))
    run("backup", str(tmp_path / "backup.sqlite3"))
    run(
        "shell",
        "--no-imports",
        "-c",
        "from fazhi.orgs.models import Organisation; Organisation.objects.filter(kind='street').delete()",
    )
    assert "234" not in run(
        "shell",
        "--no-imports",
        "-c",
        "from fazhi.orgs.models import Organisation as O; print(O.objects.filter(kind='street').count())",
    )
    run("restore", "--yes", str(tmp_path / "backup.sqlite3"))
    assert (
        run(
            "shell",
            "--no-imports",
            "-c",
            "from fazhi.orgs.models import Organisation as O; print(O.objects.filter(kind='street').count())",
        ).strip()
        == "234"
    )
    assert "intact" in run("audit", "verify")


@pytest.mark.django_db
def test_audit_verify_command_reports_intact():
    from io import StringIO

    out = StringIO()
    call_command("audit_verify", stdout=out)
    assert "intact" in out.getvalue()
    assert Organisation.objects.exists()


def test_chinese_catalogue_is_complete():
    catalogue = polib.pofile(settings.BASE_DIR / "fazhi" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po")
    assert catalogue.percent_translated() == 100, [e.msgid for e in catalogue.untranslated_entries()][:20]
    assert not catalogue.fuzzy_entries()
    compiled = str(catalogue.fpath).replace(".po", ".mo")
    assert Path(compiled).stat().st_mtime >= Path(catalogue.fpath).stat().st_mtime - 5, "run make messages"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("command", "says"),
    [
        ("casework_sweep", "overdue matters alerted: 0"),
        ("hotline_sweep", "tickets closed without confirmation: 0"),
        ("supervision_sweep", ""),
    ],
)
def test_sweeps_run_now_or_queue_for_the_worker(command, says):
    from io import StringIO

    out = StringIO()
    call_command(command, stdout=out)
    assert says in out.getvalue() and out.getvalue().strip()
    out = StringIO()
    call_command(command, "--enqueue", stdout=out)
    assert f"{command.replace('_', ' ')} queued (" in out.getvalue()
