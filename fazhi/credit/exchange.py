"""Exchange of records with other credit platforms (e.g. in the Yangtze River Delta): versioned JSON Lines with a
checksum (docs/credit-records.md, "Exchange format").

The file, UTF-8, one JSON object per line:

1. a header: ``{"format": "fazhi-credit-records", "version": 1, "count": N, "exported_at": "…", "source": "…"}``;
2. ``N`` record lines: ``{"source_system", "source_ref", "item", "provider", "subject": {"kind", "name",
   "credit_code", "id_number"}, "title", "summary", "legal_basis", "amount", "decided_on", "act_ended_on",
   "severe", "hidden", "queryable_until", "public_until", "earliest_repair"}``;
3. a trailer: ``{"sha256": "<hex>"}``, the SHA-256 of every byte before the trailer line (header and records,
   newlines included).

Import checks the trailer first (a file whose checksum does not match, or whose count or version is wrong, is
refused before anything is written), then takes the records in batches (``bulk_create``, audit entries batched):
idempotent by ``source_system`` + ``source_ref``. The sender's disclosure and repair dates stand (a decision's own
publication period); missing ones are computed under this platform's rules, and no query period runs past five years
from the end of the act (第三十五条); an item not in the published catalogue is refused (第十一条); deleted records are
never exported.

The file carries natural persons' ID numbers so that the receiving platform can find the subject: it is personal
information, exchanged only between platforms under an agreement, never published.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.audit.services import batched_entries
from fazhi.core.pii import blind_index
from fazhi.credit.catalogue import current_catalogue
from fazhi.credit.choices import RecordStatus, SubjectKind
from fazhi.credit.models import CreditRecord, PilotCode, Subject
from fazhi.credit.records import UPDATABLE_ATTNAMES, record_dates
from fazhi.credit.subjects import (
    check_id_number,
    check_organisation_code,
    normalise_code,
    organisation_key,
    person_key,
    subject_for,
)
from fazhi.orgs.models import Organisation

FORMAT = "fazhi-credit-records"
VERSION = 1
BATCH = 5000
MAX_ERRORS_KEPT = 1000


def _line(obj: dict[str, Any]) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, separators=(",", ":"), default=str) + "\n").encode("utf-8")


def _record_obj(record: CreditRecord) -> dict[str, Any]:
    subject = record.subject
    return {
        "source_system": record.source_system,
        "source_ref": record.source_ref,
        "item": record.item.code,
        "provider": record.provider.code,
        "subject": {
            "kind": subject.kind,
            "name": subject.name,
            "credit_code": subject.credit_code,
            "id_number": subject.id_number if subject.kind == SubjectKind.PERSON else "",
        },
        "title": record.title,
        "summary": record.summary,
        "legal_basis": record.legal_basis,
        "amount": str(record.amount) if record.amount is not None else None,
        "decided_on": record.decided_on.isoformat(),
        "act_ended_on": record.act_ended_on.isoformat(),
        "severe": record.severe,
        "hidden": record.hidden,
        "queryable_until": record.queryable_until.isoformat(),
        "public_until": record.public_until.isoformat() if record.public_until else None,
        "earliest_repair": record.earliest_repair.isoformat() if record.earliest_repair else None,
    }


def export_records(out: IO[bytes], *, queryset: Any = None, source: str = "fazhi") -> int:
    """Write the records (default: every record not deleted) to ``out``; returns the count."""
    records = (queryset if queryset is not None else CreditRecord.objects.all()).exclude(status=RecordStatus.DELETED)
    records = records.select_related("subject", "item", "provider").order_by("pk")
    count = records.count()
    digest = hashlib.sha256()

    def write(data: bytes) -> None:
        digest.update(data)
        out.write(data)

    write(
        _line(
            {
                "format": FORMAT,
                "version": VERSION,
                "count": count,
                "exported_at": timezone.now().isoformat(),
                "source": source,
            }
        )
    )
    written = 0
    for record in records.iterator(chunk_size=2000):
        write(_line(_record_obj(record)))
        written += 1
    if written != count:  # records changed while exporting: the header would lie
        raise ValidationError(_("The records changed during the export; run it again."))
    out.write(_line({"sha256": digest.hexdigest()}))
    return count


@dataclass
class ExchangeReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    errors: list[tuple[int, str, str]] = field(default_factory=list)

    def add_error(self, line: int, ref: str, reason: str) -> None:
        self.failed += 1
        if len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append((line, ref, reason))


def verify(stream: IO[bytes]) -> dict[str, Any]:
    """Check the header, the count and the trailer's checksum; return the header. Reads the whole file once."""
    digest = hashlib.sha256()
    header: dict[str, Any] | None = None
    lines = 0
    pending: bytes | None = None
    for raw in stream:
        if pending is not None:
            digest.update(pending)
            lines += 1
        pending = raw
        if header is None:
            try:
                header = json.loads(raw)
            except ValueError as exc:
                raise ValidationError(_("The first line is not the header of a credit exchange file.")) from exc
    if header is None or pending is None or lines == 0:
        raise ValidationError(_("The file is empty or has no checksum line."))
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise ValidationError(_("This is not a credit exchange file (format %(format)s).") % {"format": FORMAT})
    if header.get("version") != VERSION:
        raise ValidationError(
            _("Version %(version)s of the exchange format is not supported (only %(supported)s).")
            % {"version": str(header.get("version"))[:10], "supported": VERSION}
        )
    try:
        trailer = json.loads(pending)
    except ValueError as exc:
        raise ValidationError(_("The last line is not the checksum line.")) from exc
    if not isinstance(trailer, dict) or trailer.get("sha256") != digest.hexdigest():
        raise ValidationError(
            _("The checksum does not match: the file was changed or cut short. Nothing was imported.")
        )
    if header.get("count") != lines - 1:
        raise ValidationError(_("The header's count does not match the records in the file."))
    return header


def _records(stream: IO[bytes]) -> Iterator[tuple[int, dict[str, Any] | None]]:
    """(line number, record or None when the line is not a JSON object) for each record line."""
    previous: tuple[int, bytes] | None = None
    for number, raw in enumerate(stream, start=1):
        if number == 1:
            continue
        if previous is not None:
            yield _decode(*previous)
        previous = (number, raw)
    # the last line is the trailer: not yielded


def _decode(number: int, raw: bytes) -> tuple[int, dict[str, Any] | None]:
    try:
        obj = json.loads(raw)
    except ValueError:
        return number, None
    return number, obj if isinstance(obj, dict) else None


class _Context:
    """What every batch looks up once: the catalogue in force, the bodies, the reviewed pilot codes."""

    def __init__(self) -> None:
        catalogue = current_catalogue()
        if catalogue is None:
            raise ValidationError(_("No catalogue is published: no record can be taken (第十一条)."))
        self.items = {item.code: item for item in catalogue.items.all()}
        self.bodies = {o.code: o for o in Organisation.objects.all().only("id", "code", "path", "name")}
        self.pilots = set(PilotCode.objects.values_list("code", flat=True))


def _date(value: Any, label: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise ValidationError(_("%(field)s is not a date.") % {"field": label}) from exc


def _prepared(obj: dict[str, Any], context: _Context) -> tuple[CreditRecord, dict[str, str]]:
    """An unsaved record (its subject not yet set) and the subject's identifying values."""
    item = context.items.get(str(obj.get("item") or ""))
    if item is None:
        raise ValidationError(_("The item is not in the published catalogue (第十一条)."))
    provider = context.bodies.get(str(obj.get("provider") or ""))
    if provider is None:
        raise ValidationError(_("The providing body is unknown."))
    subject = obj.get("subject") or {}
    if not isinstance(subject, dict):
        raise ValidationError(_("The subject is missing."))
    kind, name = str(subject.get("kind") or ""), str(subject.get("name") or "").strip()[:200]
    if not name:
        raise ValidationError(_("The subject's name is required."))
    if kind not in item.subject_kinds.split(","):
        raise ValidationError(_("The item does not cover this kind of subject."))
    if kind == SubjectKind.ORGANISATION:
        code = normalise_code(subject.get("credit_code"))
        check = check_organisation_code(code, context.pilots)
        who = {"kind": kind, "name": name, "credit_code": code, "key": organisation_key(code), "check": check}
    else:
        number = normalise_code(subject.get("id_number"))
        who = {
            "kind": kind,
            "name": name,
            "id_number": number,
            "key": person_key(number),
            "check": check_id_number(number),
        }
    source_system = str(obj.get("source_system") or "").strip()[:40]
    source_ref = str(obj.get("source_ref") or "").strip()[:100]
    title, summary = str(obj.get("title") or "").strip()[:200], str(obj.get("summary") or "").strip()[:2000]
    basis = str(obj.get("legal_basis") or "").strip()[:2000]
    if not (source_system and source_ref and title and summary and basis):
        raise ValidationError(_("A required field is empty (source, reference, title, summary, legal basis)."))
    decided_on = _date(obj.get("decided_on"), "decided_on")
    act_ended_on = _date(obj.get("act_ended_on") or obj.get("decided_on"), "act_ended_on")
    amount = obj.get("amount")
    try:
        amount_value = Decimal(str(amount)).quantize(Decimal("0.01")) if amount not in (None, "") else None
    except ArithmeticError as exc:
        raise ValidationError(_("The amount is not a number.")) from exc
    severe = bool(obj.get("severe"))
    dates = record_dates(item, decided_on=decided_on, act_ended_on=act_ended_on, severe=severe)
    # The sender's dates stand where it gives them (a decision's own publication period); a query period is never
    # longer than five years from the end of the act (第三十五条), and a disclosure never outlasts it.
    for name in ("public_until", "earliest_repair"):
        if obj.get(name):
            dates[name] = _date(obj[name], name)
    computed_until = dates["queryable_until"]
    if obj.get("queryable_until") and computed_until is not None:
        dates["queryable_until"] = min(_date(obj["queryable_until"], "queryable_until"), computed_until)
    public_until, queryable_until = dates["public_until"], dates["queryable_until"]
    if public_until is not None and queryable_until is not None and public_until > queryable_until:
        dates["public_until"] = queryable_until
    record = CreditRecord(
        item=item,
        provider=provider,
        source_system=source_system,
        source_ref=source_ref,
        title=title,
        summary=summary,
        legal_basis=basis,
        amount=amount_value,
        decided_on=decided_on,
        act_ended_on=act_ended_on,
        severe=severe,
        hidden=bool(obj.get("hidden")),
        **dates,
    )
    return record, who


def import_records(stream: IO[bytes]) -> ExchangeReport:
    """Verify the file, then take its records batch by batch (``stream`` must be seekable: read twice)."""
    verify(stream)
    stream.seek(0)
    context = _Context()
    report = ExchangeReport()
    batch: list[tuple[int, CreditRecord, dict[str, str]]] = []
    seen: set[tuple[str, str]] = set()
    for number, obj in _records(stream):
        if obj is None:
            report.add_error(number, "", _("The line is not a JSON object."))
            continue
        ref = str(obj.get("source_ref") or "")[:100]
        try:
            record, who = _prepared(obj, context)
        except ValidationError as exc:
            report.add_error(number, ref, " ".join(exc.messages))
            continue
        key = (record.source_system, record.source_ref)
        if key in seen:
            report.add_error(number, ref, _("The same record appears earlier in the file."))
            continue
        seen.add(key)
        batch.append((number, record, who))
        if len(batch) >= BATCH:
            _write(batch, report)
            batch = []
    if batch:
        _write(batch, report)
    return report


def _subjects(batch: list[tuple[int, CreditRecord, dict[str, str]]]) -> dict[str, Subject]:
    keys = {who["key"] for _n, _r, who in batch}
    found = {s.key: s for s in Subject.objects.filter(key__in=keys)}
    new: dict[str, Subject] = {}
    for _n, _r, who in batch:
        key = who["key"]
        if key in found or key in new:
            continue
        fields: dict[str, str] = (
            {"credit_code": who["credit_code"]}
            if who["kind"] == SubjectKind.ORGANISATION
            else {"id_number": who["id_number"], "id_index": blind_index(who["id_number"])}
        )
        new[key] = Subject(kind=who["kind"], name=who["name"], key=key, code_check=who["check"], **fields)
    if new:
        Subject.objects.bulk_create(list(new.values()), batch_size=2000)
        found.update({s.key: s for s in Subject.objects.filter(key__in=list(new))})
    for _n, _r, who in batch:  # a renamed subject keeps its name history (rare: one by one)
        subject = found[who["key"]]
        if subject.name != who["name"] and who["key"] not in new:
            found[who["key"]] = subject_for(
                who["kind"], who["name"], credit_code=who.get("credit_code", ""), id_number=who.get("id_number", "")
            )
    return found


def _write(batch: list[tuple[int, CreditRecord, dict[str, str]]], report: ExchangeReport) -> None:
    with transaction.atomic(), batched_entries():
        subjects = _subjects(batch)
        by_ref = {(r.source_system, r.source_ref): r for _n, r, _w in batch}
        systems = {s for s, _ref in by_ref}
        refs = [ref for _s, ref in by_ref]
        existing = {
            (r.source_system, r.source_ref): r
            for r in CreditRecord.objects.select_for_update().filter(source_system__in=systems, source_ref__in=refs)
        }
        new: list[CreditRecord] = []
        for number, record, who in batch:
            record.subject = subjects[who["key"]]
            stored = existing.get((record.source_system, record.source_ref))
            if stored is None:
                new.append(record)
                continue
            if stored.status == RecordStatus.DELETED:
                report.add_error(number, record.source_ref, _("This record was deleted (its act was revoked)."))
                continue
            changed = [n for n in (*UPDATABLE_ATTNAMES, "hidden") if getattr(stored, n) != getattr(record, n)]
            if not changed:
                report.unchanged += 1
                continue
            for name in changed:
                setattr(stored, name, getattr(record, name))
            stored.save()
            report.updated += 1
        CreditRecord.objects.bulk_create(new, batch_size=2000)
        report.created += len(new)
