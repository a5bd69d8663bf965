"""Tables out of the platform for staff: Excel (openpyxl) or CSV, one implementation for every module.

Memory stays bounded whatever the number of rows when ``rows`` is an iterator (e.g. over ``QuerySet.iterator``):
CSV is streamed to the client as it is written, Excel is written by openpyxl's write-only workbook into a temporary
file and sent from there. A cell a spreadsheet would read as a formula (``=``, ``+``, ``-``, ``@`` …) is prefixed
with an apostrophe, so exported text can never run on a staff member's machine. Masking personal data is the
caller's job (``fazhi.core.pii``): only it knows which columns hold what.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.http import FileResponse, HttpResponseBase, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core import hooks
from fazhi.core.downloads import attach
from fazhi.core.exceptions import NotAcceptable

FORMATS = ("xlsx", "csv")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_FORMAT_HELP = (
    "xlsx or csv; without it the Accept header chooses (text/csv, or the xlsx media type; */* gives xlsx), and an "
    "Accept header taking neither is a 406"
)
#: The media types an export is offered in, in order of preference when the client accepts any (``*/*``).
MEDIA_TYPES = {XLSX_TYPE: "xlsx", "text/csv": "csv"}
CHUNK = 1000  # rows read from the database at a time (``QuerySet.iterator(chunk_size=CHUNK)``)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_CSV_FLUSH = 64 * 1024


def safe_cell(value: Any) -> Any:
    """A text cell that starts like a formula stays text in every spreadsheet."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def local_minute(moment: Any) -> str:
    """A timestamp as staff read it in a sheet: local time to the minute, empty when there is none."""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def csv_chunks(header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")  # Excel opens UTF-8 CSV correctly only with the BOM
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
        if buffer.tell() >= _CSV_FLUSH:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def write_xlsx(target: Any, *, header: Sequence[Any], rows: Iterable[Sequence[Any]], sheet: str) -> None:
    """One sheet into ``target`` (a path or a binary file), row by row (openpyxl's write-only mode)."""
    from openpyxl import Workbook  # only exports need it

    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet[:31])  # Excel's limit for sheet names
    worksheet.append([safe_cell(h) for h in header])
    for row in rows:
        worksheet.append([safe_cell(v) for v in row])
    workbook.save(target)


def table_response(
    *, header: Sequence[Any], rows: Iterable[Sequence[Any]], fmt: str, filename: str, sheet: str
) -> HttpResponseBase:
    """The rows as a download named ``filename.fmt``: CSV streamed, Excel from a temporary file."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    if fmt == "csv":
        response: HttpResponseBase = StreamingHttpResponse(
            csv_chunks(header, rows), content_type="text/csv; charset=utf-8"
        )
    else:
        spool = tempfile.TemporaryFile()  # noqa: SIM115 — the response closes (and so removes) it
        write_xlsx(spool, header=header, rows=rows, sheet=sheet)
        spool.seek(0)
        response = FileResponse(spool, content_type=XLSX_TYPE)
    attach(response, f"{filename}.{fmt}")
    response["Cache-Control"] = "no-store"
    return response


def export_format(request: Any) -> str:
    """The format asked for: ``?as=`` (or DRF's ``?format=``) first, else the Accept header, else xlsx.

    A named format is checked by :meth:`TableExport.response` (400); an Accept header that takes neither media
    type is a :class:`NotAcceptable` (406) naming both. Media type parameters (``text/csv; charset=utf-8``) are
    not held against the client: the file is what it is.
    """
    explicit = request.GET.get("as") or request.GET.get("format")
    if explicit:
        return str(explicit)
    if not request.headers.get("Accept", "").strip():
        return "xlsx"
    for accepted in request.accepted_types:  # most preferred first; q=0 ranges are left out
        for media_type, fmt in MEDIA_TYPES.items():
            main, sub = media_type.split("/")
            if accepted.main_type in ("*", main) and accepted.sub_type in ("*", sub):
                return fmt
    raise NotAcceptable(
        _(
            "This export is offered as text/csv (CSV) or %(xlsx)s (Excel): ask for one of them in the Accept "
            "header, or choose with ?as=csv or ?as=xlsx."
        )
        % {"xlsx": XLSX_TYPE}
    )


def filters_of(params: Any, names: Iterable[str]) -> dict[str, str]:
    """The filters that were applied (for the audit entry), without empty ones."""
    return {name: str(params.get(name))[:100] for name in names if params.get(name) not in (None, "")}


def audit_export(model: type[models.Model], *, fmt: str, filters: dict[str, str], rows: int, what: str) -> None:
    """One audit entry for a bulk export of personal data: who exported what (the filters) and how many rows."""
    hooks.append_entry(
        action="export",
        content_type=ContentType.objects.get_for_model(model),
        object_id="",
        object_repr=what,
        after={"format": fmt, "filters": filters, "rows": rows},
        message=_("Exported %(rows)d rows (%(format)s).") % {"rows": rows, "format": fmt},
    )


@dataclass(frozen=True)
class TableExport:
    """A module's bulk export of one model: its columns, its rows, the list filters worth recording.

    The console view (:class:`fazhi.core.views.TableExportView`) and the API action both answer through
    :meth:`response`, so the format check, the audit entry and the file are the same whichever way staff ask.
    """

    model: type[models.Model]
    what: Any  # what the audit entry says was exported ("People's suggestions")
    header: Callable[[], list[str]]
    rows: Callable[[models.QuerySet], Iterator[list[Any]]]  # masks personal data; reads in CHUNKs
    filters: tuple[str, ...]
    filename: str  # "suggestions": the file is suggestions-<date>.<fmt>
    sheet: str

    def response(self, queryset: models.QuerySet, request: Any) -> HttpResponseBase:
        """``queryset``: what the user may see with the filters applied; ``request`` (a Django or DRF request)
        carries the format (:func:`export_format`: ``as``, ``format`` or Accept; xlsx by default) and the filters.
        The export is audited before the first row leaves."""
        params = request.GET
        fmt = export_format(request)
        if fmt not in FORMATS:
            raise ValidationError({"as": _("Choose xlsx or csv.")})
        audit_export(
            self.model, fmt=fmt, filters=filters_of(params, self.filters), rows=queryset.count(), what=str(self.what)
        )
        return table_response(
            header=self.header(),
            rows=self.rows(queryset),
            fmt=fmt,
            filename=f"{self.filename}-{timezone.localdate().isoformat()}",
            sheet=self.sheet,
        )
