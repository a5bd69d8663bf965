import csv
import io
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from fazhi.publicity.importer import COLUMNS, import_rows, read_table
from fazhi.publicity.models import PublishedDecision
from fazhi.publicity.tests.factories import company, person_id

pytestmark = pytest.mark.django_db


def _rows():
    name, code = company()
    good = {
        "source_ref": "沪徐市监处〔2026〕001号",
        "body_code": "310104-SCJG",
        "kind": "penalty",
        "decision_date": "2026-11-20",
        "party_kind": "organisation",
        "party_name": name,
        "party_credit_code": code,
        "party_id_number": "",
        "violation": "发布虚假广告",
        "legal_bases": "上海市生活垃圾管理条例第五十七条；某某规定第三条",
        "content": "罚款人民币200000元",
        "penalty_types": "罚款",
        "fine_amount": "200000",
        "procedure": "general",
        "published_on": "",
    }
    person = {
        **good,
        "source_ref": "沪徐市监处〔2026〕002号",
        "party_kind": "person",
        "party_name": "王五",
        "party_credit_code": "",
        "party_id_number": person_id(),
    }
    summary = {**good, "source_ref": "沪徐市监处〔2026〕003号", "procedure": "summary"}
    bad_code = {**good, "source_ref": "沪徐市监处〔2026〕004号", "party_credit_code": "123"}
    missing = {**good, "source_ref": "沪徐市监处〔2026〕005号", "violation": ""}
    duplicate = {**good}
    return [good, person, summary, bad_code, missing, duplicate]


def _csv(rows) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def test_import_reports_bad_rows_and_is_idempotent():
    rows = _rows()
    report = import_rows(rows, source_system="xh-scjg")
    assert (report.created, report.failed) == (2, 4)
    reasons = {e.line: e.reason for e in report.errors}
    assert "第六十七条" in reasons[4]  # summary procedure: the article
    assert "party_credit_code" in reasons[5]
    assert "violation" in reasons[6]
    assert "前面已出现" in reasons[7]
    again = import_rows(rows, source_system="xh-scjg")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    rows[0]["content"] = "罚款人民币150000元"
    changed = import_rows(rows, source_system="xh-scjg")
    assert (changed.created, changed.updated, changed.unchanged) == (0, 1, 1)
    assert PublishedDecision.objects.filter(source_system="xh-scjg").count() == 2
    decision = PublishedDecision.objects.get(source_system="xh-scjg", source_ref="沪徐市监处〔2026〕001号")
    assert decision.content == "罚款人民币150000元" and decision.bases.count() == 2


def test_read_table_csv_and_xlsx(tmp_path: Path):
    rows = list(read_table(io.BytesIO(_csv(_rows())), "x.csv"))
    assert rows[0]["body_code"] == "310104-SCJG"
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(list(COLUMNS))
    for row in _rows():
        sheet.append([row[c] for c in COLUMNS])
    path = tmp_path / "x.xlsx"
    book.save(path)
    with path.open("rb") as stream:
        assert len(list(read_table(stream, "x.xlsx"))) == 6


def test_command(tmp_path: Path):
    path = tmp_path / "decisions.csv"
    path.write_bytes(_csv(_rows()))
    out = StringIO()
    call_command("publicity_import", path, "--source", "cmd", stdout=out)
    assert "created 2" in out.getvalue() and "refused 4" in out.getvalue()


def test_console_upload_keeps_to_the_users_bodies(client_for):
    client = client_for("hp_justice")  # Huangpu: the rows are Xuhui's
    upload = SimpleUploadedFile("d.csv", _csv(_rows()), content_type="text/csv")
    response = client.post(reverse("publicity_console:import"), {"source_system": "up", "file": upload})
    assert response.status_code == 200
    assert not PublishedDecision.objects.filter(source_system="up").exists()
    client = client_for("xh_justice")
    upload = SimpleUploadedFile("d.csv", _csv(_rows()), content_type="text/csv")
    response = client.post(reverse("publicity_console:import"), {"source_system": "up", "file": upload})
    assert response.status_code == 200
    assert PublishedDecision.objects.filter(source_system="up").count() == 2


def test_console_upload_refuses_a_file_without_the_columns(client_for):
    upload = SimpleUploadedFile("d.csv", b"a,b\n1,2\n", content_type="text/csv")
    response = client_for("admin").post(reverse("publicity_console:import"), {"source_system": "up", "file": upload})
    assert response.status_code == 400
