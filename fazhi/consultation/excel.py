"""Comments out (Excel and CSV, personal data masked) and offline comments in (an Excel sheet from a contact point).

Export columns: number, article, comment, from (masked name, “anonymous” or the contact point), source, gathered
on, people, moderation, cluster, adoption, reason, received. No account names, phone numbers or e-mail addresses
leave the platform; :mod:`fazhi.core.export` writes the file (formula-safe cells).

Import columns (header row, any order; 意见/comment is required): ``comment`` (意见), ``article`` (条文, e.g.
第三条, empty for the whole draft), ``source`` (来源: 座谈会/走访/信函/电话/其他), ``date`` (日期), ``people``
(人数), ``note`` (备注).
"""

from __future__ import annotations

from typing import IO, Any
from zipfile import BadZipFile

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from fazhi.consultation.services import MAX_OFFLINE_ROWS, OfflineRow

_HEADERS = {
    "comment": ("comment", "意见", "意见内容"),
    "article": ("article", "条文", "条款"),
    "source": ("source", "来源", "方式"),
    "date": ("date", "日期", "时间"),
    "people": ("people", "人数", "参与人数"),
    "note": ("note", "备注", "说明"),
}


def columns() -> list[str]:
    return [
        _("No."),
        _("Article"),
        _("Comment"),
        _("From"),
        _("Source"),
        _("Gathered on"),
        _("People"),
        _("Moderation"),
        _("Cluster"),
        _("Adoption"),
        _("Reason"),
        _("Received"),
    ]


def comment_rows(comments: QuerySet) -> list[list[Any]]:
    rows = []
    for number, c in enumerate(
        comments.select_related("article", "submitter", "contact_point", "cluster").order_by("pk"), start=1
    ):
        rows.append(
            [
                number,
                c.target_label,
                c.text,
                c.public_author(),
                c.get_source_display() if c.source else _("online"),
                c.source_date.isoformat() if c.source_date else "",
                c.participants or 1,
                c.get_moderation_display(),
                c.cluster.title if c.cluster else "",
                c.get_adoption_display() if c.adoption else "",
                c.adoption_reason,
                timezone.localtime(c.created_at).strftime("%Y-%m-%d %H:%M"),
            ]
        )
    return rows


def read_offline_sheet(source: IO[bytes]) -> list[OfflineRow]:
    """The rows of an uploaded sheet; a file that is not a readable workbook is refused with a message."""
    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, KeyError, OSError, ValueError, TypeError):
        raise ValidationError(_("The file is not an Excel workbook (.xlsx) that can be read.")) from None
    sheet = workbook.active
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if not header:
        raise ValidationError(_("The sheet is empty."))
    names = [str(h or "").strip().lower() for h in header]
    index: dict[str, int] = {}
    for key, aliases in _HEADERS.items():
        for position, name in enumerate(names):
            if name in aliases:
                index[key] = position
                break
    if "comment" not in index:
        raise ValidationError(_("The sheet needs a column headed “comment” (意见)."))
    result: list[OfflineRow] = []
    for row in rows:
        if len(result) >= MAX_OFFLINE_ROWS:
            raise ValidationError(_("At most %(n)s rows at a time.") % {"n": MAX_OFFLINE_ROWS})

        def cell(key: str, row: tuple = row) -> Any:
            position = index.get(key)
            return row[position] if position is not None and position < len(row) else None

        result.append(
            OfflineRow(
                text=str(cell("comment") or ""),
                article=cell("article") or "",
                source=cell("source") or "",
                source_date=cell("date"),
                participants=cell("people"),
                source_note=str(cell("note") or ""),
            )
        )
    workbook.close()
    return result
