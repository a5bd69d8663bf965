"""The task table as an Excel workbook (openpyxl): export what one may see, import idempotently.

Columns (the header row names them; their order does not matter on import, unknown columns are ignored)::

    measure | title | lead_organisation | co_organisations | start_date | deadline | status | percent

Rows are matched by (measure number, title, lead organisation code). A row that cannot be used — unknown
organisation or measure, bad date, outside the importer's scope — is skipped and reported with its reason; each
row is saved in its own savepoint, so a refused row leaves nothing behind. Tasks hold no personal data, so the
export masks nothing.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from typing import IO, Any
from zipfile import BadZipFile

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from fazhi.orgs.models import Organisation
from fazhi.supervision.choices import TaskStatus
from fazhi.supervision.models import Measure, Plan, Task
from fazhi.supervision.services import task_save

COLUMNS = (
    "measure",
    "title",
    "lead_organisation",
    "co_organisations",
    "start_date",
    "deadline",
    "status",
    "percent",
)
REQUIRED = set(COLUMNS) - {"co_organisations", "status", "percent"}
CODE_SEPARATORS = re.compile(r"[\s,，、;；]+")
MAX_ROWS = 5000


def export_tasks(tasks: QuerySet) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "tasks"
    sheet.append([*COLUMNS, "overdue", "delegated_from"])
    rows = tasks.select_related("measure", "lead_organisation", "parent__lead_organisation").prefetch_related(
        "co_organisations"
    )
    for task in rows:
        sheet.append(
            [
                task.measure.number,
                task.title,
                task.lead_organisation.code,
                ",".join(sorted(o.code for o in task.co_organisations.all())),
                task.start_date,
                task.deadline,
                task.status,
                task.percent,
                "yes" if task.is_overdue else "",
                task.parent.lead_organisation.code if task.parent_id else "",
            ]
        )
    for column, width in zip("ABCDEFGHIJ", (9, 40, 18, 30, 12, 12, 12, 9, 9, 16), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@dataclass
class TaskImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return _("created %(c)s, updated %(u)s, unchanged %(n)s, skipped %(s)s") % {
            "c": self.created,
            "u": self.updated,
            "n": self.unchanged,
            "s": len(self.skipped),
        }


def import_tasks(source: IO[bytes] | bytes, *, user: Any = None, plan: Plan | None = None) -> TaskImportReport:
    """Create or update tasks from a workbook exported by :func:`export_tasks` (or written by hand)."""
    if isinstance(source, bytes):
        source = io.BytesIO(source)
    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise ValidationError(_("This is not an Excel workbook (.xlsx).")) from exc
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [str(v).strip() if v is not None else "" for v in next(rows, ())]
    missing = REQUIRED - set(header)
    if missing:
        raise ValidationError(
            _("The first row must name the columns; missing: %(cols)s") % {"cols": ", ".join(sorted(missing))}
        )
    plan = plan or Plan.objects.main()
    measures = {m.number: m for m in Measure.objects.filter(plan=plan)} if plan else {}
    report = TaskImportReport()
    for line, values in enumerate(rows, start=2):
        if line > MAX_ROWS + 1:
            report.skipped.append(_("row %(n)s and after: more than %(max)s rows") % {"n": line, "max": MAX_ROWS})
            break
        row = {h: v for h, v in zip(header, values, strict=False) if h}
        if all(v in (None, "") for v in row.values()):
            continue
        try:
            with transaction.atomic():
                outcome = _import_row(row, measures, user)
        except (ValidationError, PermissionDenied) as exc:
            messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            report.skipped.append(
                _("row %(n)s (%(title)s): %(reason)s")
                % {"n": line, "title": row.get("title") or "—", "reason": " ".join(messages)}
            )
            continue
        setattr(report, outcome, getattr(report, outcome) + 1)
    workbook.close()
    return report


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value: Any, column: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(_text(value))
    except ValueError:
        raise ValidationError(
            _("%(column)s is not a date (YYYY-MM-DD): %(value)s") % {"column": column, "value": value}
        ) from None


def _org(code: str) -> Organisation:
    org = Organisation.objects.filter(code=code, is_active=True).first()
    if org is None:
        raise ValidationError(_("unknown organisation %(code)s") % {"code": code or "—"})
    return org


STATUS_NAMES = {**{v: v for v in TaskStatus.values}, **{str(label): v for v, label in TaskStatus.choices}}


def _import_row(row: dict[str, Any], measures: dict[int, Measure], user: Any) -> str:
    number = _text(row.get("measure"))
    measure = measures.get(int(number)) if number.isdigit() else None
    if measure is None:
        raise ValidationError(_("unknown measure %(n)s") % {"n": number or "—"})
    title = _text(row.get("title"))[:200]
    if not title:
        raise ValidationError(_("the title is empty"))
    lead = _org(_text(row.get("lead_organisation")))
    co_orgs = [_org(code) for code in CODE_SEPARATORS.split(_text(row.get("co_organisations"))) if code]
    start, deadline = _date(row.get("start_date"), "start_date"), _date(row.get("deadline"), "deadline")
    status_text = _text(row.get("status"))
    status = STATUS_NAMES.get(status_text) if status_text else None
    if status_text and status is None:
        raise ValidationError(_("unknown status %(status)s") % {"status": status_text})
    percent_text = _text(row.get("percent"))
    if percent_text and not re.fullmatch(r"-?\d+", percent_text):
        raise ValidationError(_("the percentage is not a whole number: %(v)s") % {"v": percent_text})
    percent = int(percent_text) if percent_text else None

    task = Task.objects.filter(measure=measure, title=title, lead_organisation=lead).first()
    outcome = "created" if task is None else "updated"
    if task is None:
        task = Task(measure=measure, title=title, lead_organisation=lead)
    values = {"start_date": start, "deadline": deadline}
    if status is not None:
        values["status"] = status
    if percent is not None:
        values["percent"] = percent
    co_ids = {o.pk for o in co_orgs}
    if task.pk is not None and task.children.exists():  # a delegated task's progress is its children's roll-up
        values.pop("status", None)
        values.pop("percent", None)
    elif percent is not None and 0 <= percent <= 100:
        values["status"], values["percent"] = Task.normalised_progress(values.get("status", task.status), percent)
    if (
        task.pk is not None
        and all(getattr(task, k) == v for k, v in values.items())
        and set(task.co_organisations.values_list("pk", flat=True)) == co_ids
    ):
        return "unchanged"
    for key, value in values.items():
        setattr(task, key, value)
    task_save(task=task, co_organisations=co_orgs, user=user)
    return outcome
