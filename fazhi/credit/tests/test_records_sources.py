"""Where records come from: published decisions (双公示), table imports, the exchange format, subject imports,
the pilot-code review, lists and commitments."""

import io
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import Workbook

from fazhi.credit.choices import RecordStatus
from fazhi.credit.exchange import export_records
from fazhi.credit.exchange import import_records as exchange_import
from fazhi.credit.from_decisions import SKIP_IDENTIFIER, SKIP_MINOR, take_decisions
from fazhi.credit.importer import RECORD_COLUMNS, RECORD_REQUIRED, SUBJECT_REQUIRED, import_records, read_table
from fazhi.credit.lists import add_entry, assess_commitment, record_commitment, remove_entry
from fazhi.credit.models import CreditRecord, ListDefinition, PilotCode, Subject, SubjectName
from fazhi.credit.subjects import import_subjects, review_pilot_code, subject_for
from fazhi.credit.tests.records_factories import catalogue, company, person_id, record
from fazhi.orgs.models import Organisation
from fazhi.publicity.tests.factories import published

pytestmark = pytest.mark.django_db


def test_a_published_decision_makes_a_record_and_withdrawal_marks_it_for_deletion():
    catalogue()
    decision = published()
    made = CreditRecord.objects.get(decision=decision)
    assert made.item.code == "XZCF" and made.subject.credit_code == decision.party_credit_code
    assert made.public_until is not None
    from fazhi.publicity.services import withdraw_decision

    withdraw_decision(decision.source_system, decision.source_ref, "复议撤销")
    made.refresh_from_db()
    assert made.revoked_at is not None and made.deletion_due is not None


def test_decisions_without_identifier_or_minor_are_skipped_and_counted():
    catalogue()
    summary = published()
    summary.procedure = "summary"  # publicity refuses to publish these; a record made elsewhere is skipped too
    person = published(party_kind="person", party_name="赵六", party_credit_code="", party_id_number=person_id())
    assert CreditRecord.objects.get(decision=person).subject.is_person
    summary.party_credit_code = ""
    summary.procedure = "general"
    CreditRecord.objects.filter(decision=summary).delete()
    counts = take_decisions([summary, person])
    assert counts[SKIP_IDENTIFIER] == 1 and counts["taken"] == 1
    summary.procedure = "summary"
    assert take_decisions([summary])[SKIP_MINOR] == 1


def _csv(rows, columns=RECORD_COLUMNS) -> io.BytesIO:
    out = io.StringIO()
    out.write(",".join(columns) + "\n")
    for row in rows:
        out.write(",".join(str(row.get(c, "")) for c in columns) + "\n")
    return io.BytesIO(out.getvalue().encode("utf-8-sig"))


def test_table_import_per_row_idempotent_and_never_echoes_id_numbers():
    catalogue()
    name, code = company()
    bad_id = "310101199001011235"
    rows = [
        dict(
            source_ref="A1",
            item="XZCF",
            provider_code="310101-SCJG",
            subject_kind="organisation",
            subject_name=name,
            credit_code=code,
            title="t",
            summary="s",
            legal_basis="b",
            decided_on="2026-01-05",
        ),
        dict(
            source_ref="A2",
            item="NOPE",
            provider_code="310101-SCJG",
            subject_kind="organisation",
            subject_name=name,
            credit_code=code,
            title="t",
            summary="s",
            legal_basis="b",
            decided_on="2026-01-05",
        ),
        dict(
            source_ref="A3",
            item="XZCF",
            provider_code="310101-SCJG",
            subject_kind="person",
            subject_name="钱七",
            id_number=bad_id,
            title="t",
            summary="s",
            legal_basis="b",
            decided_on="2026-01-05",
        ),
        dict(
            source_ref="A4",
            item="XZCF",
            provider_code="310101-SCJG",
            subject_kind="organisation",
            subject_name=name,
            credit_code=code,
            title="t",
            summary="s",
            legal_basis="b",
            decided_on="yesterday",
        ),
    ]
    report = import_records(read_table(_csv(rows), "r.csv", RECORD_REQUIRED), source_system="ext")
    assert (report.created, report.failed) == (1, 3)
    assert all(bad_id not in e.reason for e in report.errors)
    again = import_records(read_table(_csv(rows[:1]), "r.csv", RECORD_REQUIRED), source_system="ext")
    assert (again.created, again.unchanged, again.updated) == (0, 1, 0)
    rows[0]["summary"] = "s2"
    third = import_records(read_table(_csv(rows[:1]), "r.csv", RECORD_REQUIRED), source_system="ext")
    assert third.updated == 1


def test_excel_import_and_scope(demo_users):
    catalogue()
    name, code = company()
    book = Workbook()
    sheet = book.active
    sheet.append(list(RECORD_COLUMNS))
    for ref, body in (("X1", "310101-SCJG"), ("X2", "310104-SCJG")):
        sheet.append([ref, "XZCF", body, "organisation", name, code, "", "t", "s", "b", "2026-02-01", "", "", ""])
    stream = io.BytesIO()
    book.save(stream)
    stream.seek(0)
    report = import_records(
        read_table(stream, "r.xlsx", RECORD_REQUIRED), source_system="x", user=demo_users["hp_justice"]
    )
    assert report.created == 1 and report.failed == 1


def test_bad_header_is_refused():
    with pytest.raises(ValidationError, match="表头"):
        list(read_table(io.BytesIO(b"foo,bar\n1,2\n"), "r.csv", RECORD_REQUIRED))


def test_exchange_round_trip_idempotent_and_checksum_refused():
    made = record()
    person = record(subject_kind="person", subject_name="孙八", credit_code="", id_number=person_id())
    out = io.BytesIO()
    assert export_records(out) == 2
    lines = out.getvalue().decode().splitlines()
    header, trailer = json.loads(lines[0]), json.loads(lines[-1])
    assert header["format"] == "fazhi-credit-records" and header["count"] == 2 and len(trailer["sha256"]) == 64
    report = exchange_import(io.BytesIO(out.getvalue()))
    assert (report.created, report.unchanged) == (0, 2)
    CreditRecord.objects.filter(pk__in=[made.pk, person.pk]).delete()
    report = exchange_import(io.BytesIO(out.getvalue()))
    assert report.created == 2 and CreditRecord.objects.count() == 2
    tampered = out.getvalue().replace("罚款".encode(), "警告".encode())
    count = CreditRecord.objects.count()
    with pytest.raises(ValidationError, match="校验值不符"):
        exchange_import(io.BytesIO(tampered))
    with pytest.raises(ValidationError):
        exchange_import(io.BytesIO(b"not json\n"))
    assert CreditRecord.objects.count() == count


def test_subject_import_name_history_and_pilot_codes(demo_users):
    name, code = company()
    bad = "310101199001011235"
    table = io.BytesIO(
        (
            f"kind,name,credit_code,id_number\norganisation,{name},{code},\nperson,周九,,{bad}\n"
            f"organisation,无码公司,91310101MA1FL0000X,\n"
        ).encode()
    )
    report = import_subjects(read_table(table, "s.csv", SUBJECT_REQUIRED))
    assert report.created == 1 and report.failed == 2
    assert all(bad not in e.reason for e in report.errors)
    renamed = import_subjects([{"kind": "organisation", "name": name + "（新）", "credit_code": code}])
    assert renamed.updated == 1
    subject = Subject.objects.get(credit_code=code)
    assert SubjectName.objects.filter(subject=subject, name=name).exists()
    assert import_subjects([{"kind": "organisation", "name": name + "（新）", "credit_code": code}]).unchanged == 1
    with pytest.raises(PermissionDenied):
        review_pilot_code("91310101MA1FL0000X", note="试点", user=demo_users["hp_justice"])
    with pytest.raises(ValidationError):
        review_pilot_code(code, note="有效代码", user=demo_users["credit_officer"])
    review_pilot_code("91310101MA1FL0000X", note="2015年试点赋码，经核实", user=demo_users["credit_officer"])
    assert PilotCode.objects.count() == 1
    assert subject_for("organisation", "试点公司", credit_code="91310101MA1FL0000X").code_check == "pilot"


def test_lists_and_commitments(demo_users):
    made = record()
    centre = Organisation.objects.get(code="31-XYZX")
    listing = ListDefinition.objects.create(
        kind="serious",
        name="名单",
        body=centre,
        entry_conditions="e",
        exit_conditions="x",
        remedies="r",
        legal_basis="上海市社会信用条例第二十五条",
    )
    with pytest.raises(ValidationError, match="第二十五条"):
        add_entry(listing, made.subject, reason="r", user=None)
    listing.published = True
    listing.save()
    with pytest.raises(PermissionDenied):
        add_entry(listing, made.subject, reason="严重失信", user=demo_users["hp_justice"])
    with pytest.raises(ValidationError):
        add_entry(listing, made.subject, reason="  ", user=demo_users["credit_officer"])
    entry = add_entry(listing, made.subject, reason="严重失信", record=made, user=demo_users["credit_officer"])
    with pytest.raises(ValidationError):
        add_entry(listing, made.subject, reason="again", user=demo_users["credit_officer"])
    remove_entry(entry, reason="期满移出", user=demo_users["credit_officer"])
    entry.refresh_from_db()
    assert entry.exited_on is not None
    body = Organisation.objects.get(code="310101-SCJG")
    promise = record_commitment(
        made.subject, body=body, matter="告知承诺", content="承诺", made_on=None, user=demo_users["hp_justice"]
    )
    broken = assess_commitment(promise, kept=False, note="未履行", user=demo_users["hp_justice"])
    assert broken.kept is False and broken.record.item.code == "CN01" and broken.record.is_failing
    assert broken.record.status == RecordStatus.ACTIVE
    with pytest.raises(ValidationError):
        assess_commitment(promise, kept=True, note="again", user=demo_users["hp_justice"])


def test_imported_decisions_signal_and_the_credit_command(tmp_path):
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    from fazhi.publicity import signals
    from fazhi.publicity.models import PublishedDecision

    catalogue()
    decision = published()
    CreditRecord.objects.filter(decision=decision).delete()
    signals.decisions_imported.send(PublishedDecision, decisions=[decision])
    assert CreditRecord.objects.filter(decision=decision).count() == 1

    path = tmp_path / "records.jsonl"
    out = StringIO()
    call_command("credit", "export", str(path), stdout=out)
    assert "exported 1 records" in out.getvalue()
    out = StringIO()
    call_command("credit", "import", str(path), stdout=out)
    assert "unchanged 1" in out.getvalue()
    path.write_bytes(path.read_bytes().replace(b'"count":1', b'"count":2'))
    with pytest.raises(CommandError, match="校验值不符"):
        call_command("credit", "import", str(path), stdout=StringIO())
    out = StringIO()
    call_command("credit", "sweep", stdout=out)
    assert "deleted 0" in out.getvalue()
    table = tmp_path / "r.csv"
    table.write_text("source_ref,item\nx,y\n", encoding="utf-8")
    with pytest.raises(CommandError, match="表头"):
        call_command("credit", "import-records", str(table), "--source", "s", stdout=StringIO())
    with pytest.raises(CommandError, match="no such file"):
        call_command("credit", "import-subjects", str(tmp_path / "none.csv"), stdout=StringIO())


def test_a_publicity_import_takes_its_decisions_in_bulk():
    from fazhi.publicity.importer import import_rows

    catalogue()
    name, code = company()
    rows = [
        {
            "source_ref": f"沪黄市监处〔2026〕9{n:03d}号",
            "body_code": "310101-SCJG",
            "decision_date": "2026-02-01",
            "party_kind": "organisation",
            "party_name": name,
            "party_credit_code": code,
            "violation": "销售过期食品",
            "legal_bases": "食品安全法第一百二十四条",
            "content": "罚款人民币20000元",
            "penalty_types": "fine",
            "fine_amount": "20000",
        }
        for n in range(3)
    ]
    rows.append(
        dict(
            rows[0],
            source_ref="沪黄市监处〔2026〕9999号",
            party_kind="person",
            party_name="冯二",
            party_credit_code="",
            party_id_number=person_id(),
        )
    )
    report = import_rows(rows, source_system="bulk")
    assert report.created == 4
    records = CreditRecord.objects.filter(decision__source_system="bulk")
    assert records.count() == 4 and records.filter(subject__kind="person").count() == 1
    first = records.filter(subject__kind="organisation").first()
    assert first.public_until is not None and first.earliest_repair is not None
    assert first.severe and (first.earliest_repair - first.decided_on).days >= 365  # 食品: one year (第六十七条)
