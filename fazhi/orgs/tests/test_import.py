from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from fazhi.audit.models import AuditEntry
from fazhi.orgs.models import Organisation

pytestmark = pytest.mark.django_db
DIVISIONS = settings.DATA_DIR / "divisions" / "shanghai.csv"
BODIES = settings.DATA_DIR / "orgs" / "bodies.csv"


def run(*files: Path) -> str:
    from io import StringIO

    out = StringIO()
    call_command("import_orgs", *files, stdout=out, verbosity=0)
    return out.getvalue()


def test_reference_hierarchy_is_shanghais_real_one():
    city = Organisation.objects.get(code="31")
    assert city.name == "上海市" and city.parent is None
    assert Organisation.objects.filter(kind="district").count() == 16
    assert Organisation.objects.filter(kind="street").count() == 234
    assert not Organisation.objects.filter(code="3101").exists()  # 市辖区 is a statistical grouping
    street = Organisation.objects.get(code="310101002")
    assert street.name == "南京东路街道" and street.parent.name == "黄浦区"
    assert street.path == "/31/310101/310101002/"
    assert Organisation.objects.get(code="310101-SFJ").division.code == "310101"
    assert Organisation.objects.filter(body_type="judicial_office").count() == 234


def test_reimport_changes_nothing_and_writes_no_audit():
    before = AuditEntry.objects.count()
    out = run(DIVISIONS, BODIES)
    assert "created 0, updated 0, unchanged 251" in out and "created 0, updated 0, unchanged 310" in out
    assert AuditEntry.objects.count() == before


def test_changed_row_updates_only_that_organisation(tmp_path):
    text = DIVISIONS.read_text(encoding="utf-8").replace('"外滩街道"', '"外滩街道(更名)"')
    changed = tmp_path / "divisions.csv"
    changed.write_text(text, encoding="utf-8")
    out = run(changed)
    assert "created 0, updated 1, unchanged 250" in out
    assert Organisation.objects.get(code="310101013").name == "外滩街道(更名)"
    assert AuditEntry.objects.filter(object_repr="外滩街道(更名)", action="update").exists()


def test_committees_can_be_added_under_a_street_and_bad_rows_are_reported(tmp_path):
    f = tmp_path / "committees.csv"
    f.write_text(
        "code,name,level,parent_code\n"
        "310101002001,南京东路第一居委会,community,310101002\n"
        "310101002002,孤儿居委会,community,999999\n"
        "310101002003,,community,310101002\n"
        "310101002004,奇怪层级,planet,310101002\n",
        encoding="utf-8",
    )
    out = run(f)
    assert "created 1" in out and "skipped 3" in out
    assert "unknown parent 999999" in out and "unknown level 'planet'" in out and "required" in out
    assert Organisation.objects.get(code="310101002001").path == "/31/310101/310101002/310101002001/"


def test_missing_columns_and_missing_files_are_clear_errors(tmp_path):
    f = tmp_path / "bad.csv"
    f.write_text("code,name\n1,x\n", encoding="utf-8")
    with pytest.raises(CommandError, match="missing columns level, parent_code"):
        run(f)
    with pytest.raises(CommandError, match="no such file"):
        run(tmp_path / "nope.csv")


def test_moving_an_organisation_moves_its_subtree():
    body = Organisation.objects.get(code="310101-SFJ")
    child = Organisation.objects.create(code="T-CHILD", name="下属单位", kind="body", body_type="other", parent=body)
    body.parent = Organisation.objects.get(code="310104")
    body.save()
    child.refresh_from_db()
    assert child.path == "/31/310104/310101-SFJ/T-CHILD/"
