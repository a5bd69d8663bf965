"""Import of an enforcement-matters catalogue (执法事项目录) from Excel or CSV.

Columns (the first row names them, in English or in Chinese; order free):

=================  ==========  =========================================================================
column             中文         meaning
=================  ==========  =========================================================================
body_code          执法主体代码   the body's code in the organisation directory (``310101-CGZF``)
matter_code        事项编码      the matter's code in the body's catalogue (unique per body)
name               事项名称      the matter's name
kind               类别         penalty / permit / coercion / levy / inspection (or 行政处罚 …)
violation          违法行为      the act that is forbidden
violated_article   违反条款      the article the act violates (``上海市生活垃圾管理条例第二十四条第一款``)
penalty_article    处罚依据      the article that sets the penalty
=================  ==========  =========================================================================

Several articles in one cell are separated by ``;`` or ``；``. Each resolves through the law library
(``laws.refs.resolve_article``) or the row is skipped with the reason; the other rows go in. Re-importing the same
file changes nothing: each row is created, updated or unchanged (by body and matter code).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import IO, Any
from zipfile import BadZipFile

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from fazhi.enforcement.choices import BasisRole, PowerKind
from fazhi.enforcement.services import MatterData, matter_save, split_citations
from fazhi.orgs.models import Organisation

COLUMNS = ("body_code", "matter_code", "name", "kind", "violation", "violated_article", "penalty_article")
REQUIRED = ("body_code", "matter_code", "name", "penalty_article")
ALIASES = {
    "执法主体代码": "body_code",
    "事项编码": "matter_code",
    "事项名称": "name",
    "类别": "kind",
    "违法行为": "violation",
    "违反条款": "violated_article",
    "处罚依据": "penalty_article",
}
KINDS = {
    "行政处罚": PowerKind.PENALTY,
    "行政许可": PowerKind.PERMIT,
    "行政强制": PowerKind.COERCION,
    "行政征收": PowerKind.LEVY,
    "行政检查": PowerKind.INSPECTION,
}
MAX_ROWS = 20000


@dataclass
class CatalogueReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (row number in the file, why)

    def summary(self) -> str:
        return _("%(created)s created, %(updated)s updated, %(unchanged)s unchanged, %(skipped)s skipped.") % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": len(self.skipped),
        }


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def read_rows(source: IO[bytes] | bytes, name: str) -> list[tuple[int, dict[str, str]]]:
    """The rows of a .xlsx or .csv file as (row number, {column: text}); a ``ValidationError`` for a file that is
    neither or lacks a required column."""
    data = source if isinstance(source, bytes) else source.read()
    if name.lower().endswith(".xlsx"):
        from openpyxl import load_workbook
        from openpyxl.utils.exceptions import InvalidFileException

        try:
            sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).active
            raw = [[_text(v) for v in row] for row in sheet.iter_rows(values_only=True)] if sheet else []
        except (InvalidFileException, BadZipFile, KeyError, OSError, ValueError, TypeError):
            raise ValidationError(_("The file is not an Excel workbook (.xlsx) that can be read.")) from None
    elif name.lower().endswith(".csv"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(_("The CSV file must be in UTF-8.")) from None
        raw = [[_text(v) for v in row] for row in csv.reader(io.StringIO(text))]
    else:
        raise ValidationError(_("Upload an Excel workbook (.xlsx) or a CSV file (.csv)."))
    if not raw:
        raise ValidationError(_("The file is empty."))
    header = [ALIASES.get(h, h.lower()) for h in raw[0]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ValidationError(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
    if len(raw) - 1 > MAX_ROWS:
        raise ValidationError(_("At most %(n)s rows in one file.") % {"n": MAX_ROWS})
    rows = []
    for number, values in enumerate(raw[1:], start=2):
        if not any(values):
            continue
        rows.append((number, {c: values[i] if i < len(values) else "" for i, c in enumerate(header) if c in COLUMNS}))
    return rows


def import_matters(rows: list[tuple[int, dict[str, str]]], *, user: Any = None) -> CatalogueReport:
    """Each row through ``matter_save`` (its own transaction): a row that fails is reported, the rest go in."""
    report = CatalogueReport()
    bodies: dict[str, Organisation | None] = {}
    for number, row in rows:
        code = row.get("body_code", "")
        if code not in bodies:
            bodies[code] = Organisation.objects.filter(code=code).first()
        body = bodies[code]
        if body is None:
            report.skipped.append((number, _("no body with the code %(code)s") % {"code": code or "—"}))
            continue
        kind = row.get("kind") or PowerKind.PENALTY
        kind = KINDS.get(kind, kind)
        bases = tuple((BasisRole.FORBIDS, c) for c in split_citations(row.get("violated_article", ""))) + tuple(
            (BasisRole.PENALISES, c) for c in split_citations(row.get("penalty_article", ""))
        )
        data = MatterData(
            body=body,
            code=row.get("matter_code", ""),
            name=row.get("name", ""),
            kind=kind,
            violation=row.get("violation", ""),
            bases=bases,
        )
        try:
            _matter, status = matter_save(data=data, user=user)
        except ValidationError as error:
            report.skipped.append((number, " ".join(error.messages)))
            continue
        except PermissionDenied:
            report.skipped.append((number, _("outside your organisation's scope")))
            continue
        setattr(report, status, getattr(report, status) + 1)
    return report
