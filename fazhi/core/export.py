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
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.http import FileResponse, HttpResponseBase, StreamingHttpResponse

FORMATS = ("xlsx", "csv")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_CSV_FLUSH = 64 * 1024


def safe_cell(value: Any) -> Any:
    """A text cell that starts like a formula stays text in every spreadsheet."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


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
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response
