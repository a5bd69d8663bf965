"""Import of records and subjects from a CSV (UTF-8, with or without BOM) or Excel (.xlsx) table, in the console or
with ``fazhi credit import-records`` / ``import-subjects``. Every row is checked by itself and is its own
transaction: a refused row is reported with its line and reason and the others go in. Idempotent: a record is keyed
by its source system and ``source_ref``, a subject by its identifier; an unchanged row changes nothing. Error
messages name a natural person by the surname only, never by the ID number.

Columns of a record table (``RECORD_COLUMNS``; docs/credit-records.md): ``source_ref``, ``item`` (the catalogue
code), ``provider_code``, ``subject_kind`` (organisation/person), ``subject_name``, ``credit_code`` or
``id_number``, ``title``, ``summary``, ``legal_basis``, ``decided_on``, optional ``act_ended_on``, ``amount``,
``severe`` (1/0).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from fazhi.credit.choices import SubjectKind
from fazhi.credit.records import RecordData, submit_record

RECORD_COLUMNS = (
    "source_ref",
    "item",
    "provider_code",
    "subject_kind",
    "subject_name",
    "credit_code",
    "id_number",
    "title",
    "summary",
    "legal_basis",
    "decided_on",
    "act_ended_on",
    "amount",
    "severe",
)
RECORD_REQUIRED = (
    "source_ref",
    "item",
    "provider_code",
    "subject_kind",
    "subject_name",
    "title",
    "summary",
    "legal_basis",
    "decided_on",
)
SUBJECT_REQUIRED = ("kind", "name")
MAX_ERRORS_KEPT = 1000
MAX_ROWS = 100_000  # a larger table goes through the command, not the page


@dataclass
class RowError:
    line: int
    ref: str
    reason: str


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    errors: list[RowError] = field(default_factory=list)
    skipped: list[RowError] = field(default_factory=list)

    def add_error(self, line: int, ref: str, reason: str) -> None:
        self.failed += 1
        if len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append(RowError(line, ref, reason))

    def skip(self, line: int, ref: str, reason: str) -> None:
        self.unchanged += 1
        if len(self.skipped) < MAX_ERRORS_KEPT:
            self.skipped.append(RowError(line, ref, reason))

    def summary(self) -> str:
        return _("created %(created)s, updated %(updated)s, unchanged %(unchanged)s, refused %(failed)s") % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "failed": self.failed,
        }


def reason_of(exc: ValidationError | PermissionDenied) -> str:
    if isinstance(exc, PermissionDenied):
        return str(exc)
    if hasattr(exc, "error_dict"):
        return "; ".join(f"{n}: {' '.join(str(m) for m in ms)}" for n, ms in exc.message_dict.items())
    return " ".join(str(m) for m in exc.messages)


def parse_date(value: Any, label: str) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    if not text:
        return None
    for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%Y%m%d", "%Y年%m月%d日"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValidationError(_("%(field)s: write the date as YYYY-MM-DD.") % {"field": label})


def iter_cells(stream: IO[bytes], name: str) -> Iterator[Sequence[Any]]:
    """The rows of an uploaded .xlsx or CSV file as sequences of cells, streamed; a file that cannot be read is a
    ``ValidationError``. CSV is read as UTF-8, or GB18030 as Excel in China saves it."""
    if name.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(stream, read_only=True, data_only=True).worksheets[0]
        except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
            raise ValidationError(_("The file is not a readable Excel workbook.")) from exc
        yield from sheet.iter_rows(values_only=True)
        return
    head = stream.read(_SNIFF_BYTES)
    encoding = _csv_encoding(head)
    text = io.TextIOWrapper(io.BufferedReader(_Replay(head, stream)), encoding=encoding, newline="")
    try:
        yield from csv.reader(text)
    except UnicodeDecodeError as exc:
        raise ValidationError(_("The file is not UTF-8 text: save the CSV as UTF-8.")) from exc


_SNIFF_BYTES = 64 * 1024


def _csv_encoding(head: bytes) -> str:
    """UTF-8 when the file's start decodes so (a character cut at the end allowed), else GB18030 if that does."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            codecs.getincrementaldecoder(encoding)().decode(head, final=False)
            return encoding
        except UnicodeDecodeError:
            continue
    raise ValidationError(_("The file is not UTF-8 text: save the CSV as UTF-8."))


class _Replay(io.RawIOBase):
    """The bytes already read to sniff the encoding, then the rest of the stream: the file is read once, streamed."""

    def __init__(self, head: bytes, rest: IO[bytes]):
        self._head, self._rest = memoryview(head), rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n], self._head = self._head[:n], self._head[n:]
            return n
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def read_table(stream: IO[bytes], name: str, required: Iterable[str]) -> Iterator[dict[str, Any]]:
    """Rows of a CSV or .xlsx file as dicts keyed by the header row; a header without ``required`` is refused."""
    required = tuple(required)
    rows = iter_cells(stream, name)
    header = [str(h or "").strip() for h in next(rows, ())]
    _check_header(header, required)
    for values in rows:
        if any(v not in (None, "") for v in values):
            yield {h: v for h, v in zip(header, values, strict=False) if h}


def _check_header(header: list[str], required: tuple[str, ...]) -> None:
    missing = [c for c in required if c not in header]
    if missing:
        raise ValidationError(_("The header row lacks the columns %(missing)s.") % {"missing": ", ".join(missing)})


def _bool(value: Any) -> bool:
    return str(value or "").strip().lower() in ("1", "true", "yes", "y", "是")


def row_record(row: dict[str, Any], source_system: str) -> RecordData:
    missing = [name for name in RECORD_REQUIRED if not str(row.get(name) or "").strip()]
    if missing:
        raise ValidationError(_("Missing: %(columns)s.") % {"columns": ", ".join(missing)})
    decided_on = parse_date(row.get("decided_on"), "decided_on")
    assert decided_on is not None  # required above
    kind = str(row["subject_kind"]).strip()
    return RecordData(
        source_system=source_system,
        source_ref=str(row["source_ref"]).strip(),
        item=str(row["item"]).strip(),
        provider=str(row["provider_code"]).strip(),
        subject_kind=kind,
        subject_name=str(row["subject_name"]),
        credit_code=str(row.get("credit_code") or "") if kind != SubjectKind.PERSON else "",
        id_number=str(row.get("id_number") or "") if kind == SubjectKind.PERSON else "",
        title=str(row["title"]),
        summary=str(row["summary"]),
        legal_basis=str(row["legal_basis"]),
        decided_on=decided_on,
        act_ended_on=parse_date(row.get("act_ended_on"), "act_ended_on"),
        amount=row.get("amount"),
        severe=_bool(row.get("severe")),
    )


def import_records(rows: Iterable[dict[str, Any]], *, source_system: str, user: Any = None) -> ImportReport:
    """Check and take each row (``submit_record``: the catalogue, the subject's identifier, the provider's scope)."""
    report = ImportReport()
    source_system = str(source_system or "").strip()[:40]
    if not source_system:
        raise ValidationError(_("Name the source system."))
    seen: set[str] = set()
    for line, row in enumerate(rows, start=2):  # line 1 is the header
        if line - 1 > MAX_ROWS:
            report.add_error(line, "", _("Too many rows: the rest was not read."))
            break
        ref = str(row.get("source_ref") or "").strip()[:100]
        if ref and ref in seen:
            report.add_error(line, ref, _("The same source_ref appears earlier in the file."))
            continue
        seen.add(ref)
        try:
            data = row_record(row, source_system)
            from fazhi.credit.models import CreditRecord

            before = (
                CreditRecord.objects.filter(source_system=source_system, source_ref=data.source_ref)
                .values_list("updated_at", flat=True)
                .first()
            )
            record, created = submit_record(data, user)
        except (ValidationError, PermissionDenied) as exc:
            report.add_error(line, ref, reason_of(exc))
            continue
        if created:
            report.created += 1
        elif before is not None and record.updated_at != before:
            report.updated += 1
        else:
            report.skip(line, ref, _("unchanged"))
    return report
