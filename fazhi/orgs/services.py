"""Importing organisations from CSV: idempotent, reports every row it skips and why."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from fazhi.core.context import acting
from fazhi.orgs.choices import DIVISION_LEVELS, TRANSPARENT_LEVELS, BodyType, OrganisationKind
from fazhi.orgs.models import Organisation

REQUIRED_COLUMNS = {"code", "name", "level", "parent_code"}


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"created {self.created}, updated {self.updated}, unchanged {self.unchanged}, skipped {len(self.skipped)}"
        )


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = REQUIRED_COLUMNS - set(reader.fieldnames or ())
        if missing:
            raise ValidationError(f"{path.name}: missing columns {', '.join(sorted(missing))}")
        return [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]


def import_organisations(
    rows: Iterable[dict[str, str]], *, source: str, progress: Callable[[int], None] | None = None
) -> ImportReport:
    """Create or update organisations from rows of ``code,name,level,parent_code[,body_type,short_name,...]``.

    Parents may come later in the file or already be in the database. Statistical grouping rows (level
    ``city``, e.g. 3101 市辖区) are not organisations: their children are attached to their parent.
    """
    report = ImportReport()
    rows = list(rows)
    redirect: dict[str, str] = {}
    pending: list[tuple[int, dict[str, str]]] = []
    for line, row in enumerate(rows, start=2):
        if row.get("level") in TRANSPARENT_LEVELS:
            redirect[row["code"]] = row.get("parent_code", "")
            report.skipped.append(
                f"{source}:{line}: {row['code']} {row['name']}: statistical grouping, "
                f"its children are attached to {row.get('parent_code') or 'the root'}"
            )
        else:
            pending.append((line, row))

    known = {o.code: o for o in Organisation.objects.all()}
    with acting(source="cli", message=f"import from {source}"), transaction.atomic():
        progressed = True
        while pending and progressed:  # parents first, whatever the file order
            progressed = False
            waiting = []
            for line, row in pending:
                parent_code = row.get("parent_code", "")
                while parent_code in redirect:
                    parent_code = redirect[parent_code]
                if parent_code and parent_code not in known:
                    waiting.append((line, row))
                    continue
                problem = _upsert(row, known.get(parent_code) if parent_code else None, known, report)
                if problem:
                    report.skipped.append(f"{source}:{line}: {row.get('code')} {row.get('name')}: {problem}")
                progressed = True
                if progress:
                    progress(1)
            pending = waiting
        for line, row in pending:
            report.skipped.append(f"{source}:{line}: {row['code']} {row['name']}: unknown parent {row['parent_code']}")
    return report


def _upsert(
    row: dict[str, str], parent: Organisation | None, known: dict[str, Organisation], report: ImportReport
) -> str | None:
    level = row.get("level", "")
    kind = DIVISION_LEVELS.get(level)
    if kind is None:
        return f"unknown level {level!r}"
    body_type = row.get("body_type", "") if kind == OrganisationKind.BODY else ""
    if kind == OrganisationKind.BODY and body_type not in BodyType.values:
        return f"unknown body type {body_type!r}"
    if not row.get("code") or not row.get("name"):
        return "code and name are required"
    values = {
        "name": row["name"][:100],
        "kind": kind,
        "body_type": body_type,
        "parent": parent,
        "short_name": row.get("short_name", "")[:50],
        "address": row.get("address", "")[:200],
        "phone": row.get("phone", "")[:40],
        "description": row.get("description", ""),
    }
    org = known.get(row["code"])
    adding = org is None
    if org is None:
        org = Organisation(code=row["code"][:32], **values)
    elif all(getattr(org, key) == value for key, value in values.items()):
        report.unchanged += 1
        return None
    else:
        for key, value in values.items():
            setattr(org, key, value)
    try:
        org.full_clean(exclude=["path", "depth"])
    except ValidationError as exc:
        return "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
    org.save()
    known[org.code] = org
    if adding:
        report.created += 1
    else:
        report.updated += 1
    return None
