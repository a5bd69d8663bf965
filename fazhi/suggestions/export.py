"""Bulk export of people's suggestions for staff (Excel or CSV through :mod:`fazhi.core.export`), personal data
masked, rows read in chunks, the export itself audited (who, which filters, how many rows) before the first row."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from fazhi.core.export import CHUNK, TableExport, local_minute
from fazhi.core.pii import mask_email, mask_in_text, mask_phone, mask_text
from fazhi.suggestions.models import Suggestion

SUGGESTION_FILTERS = ("q", "status", "organisation", "overdue", "is_emergency", "not_a_suggestion", "solicitation")


def suggestion_header() -> list[str]:
    return [
        _("Tracking number"),
        _("Received"),
        _("Status"),
        _("Organisation"),
        _("Solicitation"),
        _("Theme"),
        _("Facts and reasons"),
        _("Proposal"),
        _("Suggested by"),
        _("Name (masked)"),
        _("Contact phone (masked)"),
        _("Contact e-mail (masked)"),
        _("Anonymous"),
        _("Emergency"),
        _("May not be a suggestion (第十条第二款)"),
        _("May be published"),
        _("Due"),
        _("Answered"),
        _("Answered within the time limit"),
        _("Answer"),
        pgettext("matter column", "Closed"),
    ]


def suggestion_rows(queryset: models.QuerySet[Suggestion]) -> Iterator[list[Any]]:
    yes, no = _("yes"), _("no")
    rows = queryset.select_related("organisation", "solicitation").order_by("pk")
    for s in rows.iterator(chunk_size=CHUNK):
        yield [
            s.tracking_number,
            local_minute(s.created_at),
            s.get_status_display(),
            s.organisation.name if s.organisation_id else "",
            s.solicitation.title if s.solicitation_id else "",
            mask_in_text(s.theme),
            mask_in_text(s.facts),
            mask_in_text(s.proposal),
            s.get_submitter_kind_display(),
            mask_text(s.submitter_name),
            mask_phone(s.contact_phone),
            mask_email(s.contact_email),
            no if s.submitter_id else yes,
            yes if s.is_emergency else no,
            yes if s.not_a_suggestion else no,
            yes if s.consent_publish else no,
            local_minute(s.due_at),
            local_minute(s.replied_at),
            "" if s.replied_on_time is None else (yes if s.replied_on_time else no),
            mask_in_text(s.reply),
            local_minute(s.closed_at),
        ]


SUGGESTIONS_EXPORT = TableExport(
    model=Suggestion,
    what=gettext_lazy("People's suggestions"),
    header=suggestion_header,
    rows=suggestion_rows,
    filters=SUGGESTION_FILTERS,
    filename="suggestions",
    sheet="suggestions",
)
