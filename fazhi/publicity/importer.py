"""Import of published decisions from other systems: a CSV or Excel table with the columns of ``COLUMNS``
(docs/enforcement.md lists them). Each row is checked with the same rules as ``publish_decision``; a row that
fails is reported with its line and reason and the rest go in. Re-importing is idempotent: a decision is keyed by
the source system and its ``source_ref``; an unchanged row changes nothing, a changed one updates its decision.

Rows are written in batches (``bulk_create``; every record still gets its audit entry) so that 100,000 decisions
import in well under two minutes on PostgreSQL (bench/publicity.py).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fazhi.audit.services import batched_entries
from fazhi.publicity import signals
from fazhi.publicity.choices import DecisionStatus
from fazhi.publicity.models import DecisionBasis, PublishedDecision
from fazhi.publicity.services import _UPDATABLE, DecisionData, Prepared, _bases_for, prepare

COLUMNS = (
    "source_ref",
    "body_code",
    "kind",
    "decision_date",
    "party_kind",
    "party_name",
    "party_credit_code",
    "party_id_number",
    "violation",
    "legal_bases",
    "content",
    "penalty_types",
    "fine_amount",
    "procedure",
    "published_on",
)
REQUIRED = (
    "source_ref",
    "body_code",
    "decision_date",
    "party_kind",
    "party_name",
    "violation",
    "legal_bases",
    "content",
)
BATCH = 2000
MAX_ERRORS_KEPT = 1000
_CITATION_SPLIT = re.compile(r"[\n;；|]+")


@dataclass
class RowError:
    line: int
    source_ref: str
    reason: str


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    errors: list[RowError] = field(default_factory=list)

    def add_error(self, line: int, ref: str, reason: str) -> None:
        self.failed += 1
        if len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append(RowError(line, ref, reason))


def _date(value: Any, name: str) -> dt.date | None:
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
    raise ValidationError({name: _("Write the date as YYYY-MM-DD.")})


def _reason(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "; ".join(f"{name}: {' '.join(str(m) for m in messages)}" for name, messages in exc.message_dict.items())
    return " ".join(str(m) for m in exc.messages)


def row_data(row: dict[str, Any], source_system: str) -> DecisionData:
    missing = [name for name in REQUIRED if not str(row.get(name) or "").strip()]
    if missing:
        raise ValidationError(_("Missing: %(columns)s.") % {"columns": ", ".join(missing)})
    decision_date = _date(row.get("decision_date"), "decision_date")
    assert decision_date is not None  # required above
    return DecisionData(
        source_system=source_system,
        source_ref=str(row["source_ref"]).strip(),
        body=str(row["body_code"]).strip(),
        kind=str(row.get("kind") or "penalty").strip(),
        decision_date=decision_date,
        party_kind=str(row["party_kind"]).strip(),
        party_name=str(row["party_name"]),
        party_credit_code=str(row.get("party_credit_code") or ""),
        party_id_number=str(row.get("party_id_number") or ""),
        violation=str(row["violation"]),
        legal_bases=[c.strip() for c in _CITATION_SPLIT.split(str(row["legal_bases"])) if c.strip()],
        content=str(row["content"]),
        penalty_types=str(row.get("penalty_types") or ""),
        fine_amount=row.get("fine_amount") or None,
        procedure=str(row.get("procedure") or "general").strip(),
        published_on=_date(row.get("published_on"), "published_on"),
    )


def read_table(stream: IO[bytes], name: str) -> Iterator[dict[str, Any]]:
    """Rows of a CSV (UTF-8, with or without BOM) or Excel file as dicts keyed by the header row."""
    if name.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        sheet = load_workbook(stream, read_only=True, data_only=True).worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = [str(h or "").strip() for h in next(rows, ())]
        _check_header(header)
        for values in rows:
            yield {h: v for h, v in zip(header, values, strict=False) if h}
        return
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    reader = csv.DictReader(text)
    _check_header([h.strip() for h in reader.fieldnames or []])
    for row in reader:
        yield {(k or "").strip(): v for k, v in row.items()}


def _check_header(header: list[str]) -> None:
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ValidationError(
            _("The header row lacks the columns %(missing)s (expected: %(columns)s).")
            % {"missing": ", ".join(missing), "columns": ", ".join(COLUMNS)}
        )


def import_rows(rows: Iterable[dict[str, Any]], *, source_system: str) -> ImportReport:
    """Check every row, write the valid ones batch by batch (each batch one transaction)."""
    report = ImportReport()
    seen: set[str] = set()
    batch: list[tuple[int, Prepared]] = []
    for line, row in enumerate(rows, start=2):  # line 1 is the header
        ref = str(row.get("source_ref") or "").strip()
        try:
            prepared = prepare(row_data(row, source_system))
        except ValidationError as exc:
            report.add_error(line, ref, _reason(exc))
            continue
        if ref in seen:
            report.add_error(line, ref, _("The same source_ref appears earlier in the file."))
            continue
        seen.add(ref)
        batch.append((line, prepared))
        if len(batch) >= BATCH:
            _write(batch, source_system, report)
            batch = []
    if batch:
        _write(batch, source_system, report)
    return report


def _write(batch: list[tuple[int, Prepared]], source_system: str, report: ImportReport) -> None:
    refs = [p.decision.source_ref for _line, p in batch]
    with transaction.atomic():
        existing = {
            d.source_ref: d
            for d in PublishedDecision.objects.select_for_update().filter(
                source_system=source_system, source_ref__in=refs
            )
        }
        new: list[Prepared] = []
        for line, prepared in batch:
            stored = existing.get(prepared.decision.source_ref)
            if stored is None:
                new.append(prepared)
                continue
            if stored.status == DecisionStatus.WITHDRAWN:
                report.add_error(line, stored.source_ref, _("This decision was withdrawn; it is not published again."))
                continue
            changed = [n for n in _UPDATABLE if getattr(stored, n) != getattr(prepared.decision, n)]
            if not changed:
                report.unchanged += 1
                continue
            for name in _UPDATABLE:
                setattr(stored, name, getattr(prepared.decision, name))
            stored.save()
            if stored.legal_bases.split("\n") != list(prepared.citations) or "legal_bases" in changed:
                stored.bases.all().delete()
                DecisionBasis.objects.bulk_create(_bases_for(stored, prepared.citations))
            report.updated += 1
            signals.decision_published.send(PublishedDecision, decision=stored, created=False)
        with batched_entries():  # one audit entry per decision, inserted together
            created = PublishedDecision.objects.bulk_create([p.decision for p in new])
        bases: list[DecisionBasis] = []
        for decision, prepared in zip(created, new, strict=True):
            bases.extend(_bases_for(decision, prepared.citations))
        DecisionBasis.objects.bulk_create(bases, batch_size=5000)
        report.created += len(created)
        signals.decisions_imported.send(PublishedDecision, decisions=created)
