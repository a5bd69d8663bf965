"""Bulk export of 12345 tickets for staff: Excel or CSV of the tickets in the caller's scope with the list's filters.

The reporter's name and phone are masked (``fazhi.core.pii``), phone and ID numbers inside the description, the
address and the reply too; rows are read in chunks and written in bounded memory, and the export is audited
(``fazhi.core.export``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from fazhi.core.export import CHUNK, TableExport, local_minute
from fazhi.core.pii import mask_email, mask_in_text, mask_phone, mask_text
from fazhi.hotline.models import Ticket

TICKET_FILTERS = ("q", "status", "category", "channel", "organisation", "overdue")


def ticket_header() -> list[str]:
    return [
        _("Tracking number"),
        _("Received"),
        _("Channel"),
        _("Category"),
        _("Status"),
        _("Handled by"),
        _("District"),
        _("Street or town"),
        _("Address"),
        _("Description"),
        _("Reporter's name (masked)"),
        _("Reporter's phone (masked)"),
        _("Reporter's e-mail (masked)"),
        _("Signed-in account"),
        _("Emergency"),
        _("Due"),
        _("Replied"),
        _("Replied within the time limit"),
        _("Reply"),
        _("Rating"),
        _("Times reopened"),
        _("Merged into"),
        pgettext("matter column", "Closed"),
    ]


def ticket_rows(queryset: models.QuerySet[Ticket]) -> Iterator[list[Any]]:
    yes, no = _("yes"), _("no")
    rows = (
        queryset.select_related("category", "organisation", "district", "street", "merged_into")
        .defer("signature", "device_id", "account_id")
        .order_by("pk")
    )
    for t in rows.iterator(chunk_size=CHUNK):
        yield [
            t.tracking_number,
            local_minute(t.created_at),
            t.get_channel_display(),
            t.category.name,
            t.get_status_display(),
            t.organisation.name if t.organisation_id else "",
            t.district.name if t.district_id else "",
            t.street.name if t.street_id else "",
            mask_in_text(t.address),
            mask_in_text(t.description),
            mask_text(t.contact_name),
            mask_phone(t.contact_phone),
            mask_email(t.contact_email),
            yes if t.submitter_id else no,
            yes if t.is_emergency else no,
            local_minute(t.due_at),
            local_minute(t.replied_at),
            "" if t.replied_on_time is None else (yes if t.replied_on_time else no),
            mask_in_text(t.reply),
            t.rating or "",
            t.reopen_count,
            t.merged_into.tracking_number if t.merged_into_id else "",
            local_minute(t.closed_at),
        ]


TICKETS_EXPORT = TableExport(
    model=Ticket,
    what=gettext_lazy("Hotline tickets"),
    header=ticket_header,
    rows=ticket_rows,
    filters=TICKET_FILTERS,
    filename="hotline-tickets",
    sheet="tickets",
)
