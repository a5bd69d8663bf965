"""The matters catalogue import: the reference file resolves entirely, re-import is idempotent, bad rows are
reported with why while the rest go in."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from openpyxl import Workbook

from fazhi.enforcement.catalogue import import_matters, read_rows
from fazhi.enforcement.models import EnforcementMatter, MatterBasis

pytestmark = pytest.mark.django_db

REFERENCE = Path(settings.DATA_DIR) / "enforcement" / "matters.csv"


def test_reference_catalogue_resolves_and_reimports_unchanged():
    rows = read_rows(REFERENCE.read_bytes(), REFERENCE.name)
    first = import_matters(rows)
    assert first.skipped == []
    assert first.created == len(rows) == 20
    again = import_matters(rows)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 20)
    matter = EnforcementMatter.objects.get(body__code="310101-CGZF", code="CG-SR-001")
    assert {(b.role, b.number) for b in matter.bases.all()} == {("forbids", 25), ("penalises", 25)}


def test_changed_row_updates_and_bad_rows_are_reported():
    header = "body_code,matter_code,name,kind,violation,violated_article,penalty_article\n"
    article = "上海市市容环境卫生管理条例第二十六条"
    good = f"310101-CGZF,X-1,吊挂晾晒物品,penalty,,{article},{article}\n"
    text = header + good
    text += "310101-CGZF,X-2,无此条,penalty,,,上海市市容环境卫生管理条例第九百条\n"
    text += "NOPE,X-3,无主体,penalty,,,广告法第五十九条\n"
    text += "310101-CGZF,X-4,无处罚依据,penalty,,广告法第十四条,\n"
    report = import_matters(read_rows(text.encode(), "c.csv"))
    assert report.created == 1
    assert [n for n, _why in report.skipped] == [3, 4, 5]
    assert "第九百条" in report.skipped[0][1]
    assert not EnforcementMatter.objects.filter(code__in=["X-2", "X-3", "X-4"]).exists()
    changed = header + good.replace("吊挂晾晒物品", "在树木上吊挂、晾晒物品")
    assert import_matters(read_rows(changed.encode(), "c.csv")).updated == 1
    assert MatterBasis.objects.filter(matter__code="X-1").count() == 2  # bases unchanged, not duplicated


def test_excel_with_chinese_headers():
    book = Workbook()
    sheet = book.active
    sheet.append(["执法主体代码", "事项编码", "事项名称", "类别", "违法行为", "违反条款", "处罚依据"])
    sheet.append(
        ["310104-SCJG", "Y-1", "广告不具有可识别性", "行政处罚", "", "广告法第十四条", "广告法第五十九条第三款"]
    )
    data = io.BytesIO()
    book.save(data)
    report = import_matters(read_rows(data.getvalue(), "目录.xlsx"))
    assert report.created == 1, report.skipped


@pytest.mark.parametrize(
    ("data", "name"),
    [(b"x", "a.txt"), (b"not a zip", "a.xlsx"), (b"\xff\xfe", "a.csv"), (b"", "a.csv"), (b"name\nx\n", "a.csv")],
)
def test_unreadable_files_are_refused(data, name):
    with pytest.raises(ValidationError):
        read_rows(data, name)


def test_command(tmp_path):
    out, err = io.StringIO(), io.StringIO()
    call_command("enforcement_import_matters", str(REFERENCE), stdout=out, stderr=err)
    assert "0 skipped" in out.getvalue() or "跳过" in out.getvalue()
