"""The public download of a search (CSV streamed row by row, or Excel), masked as every public surface is."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core.export import TableExport
from fazhi.publicity.models import PublishedDecision

CHUNK = 2000
PUBLIC_COLUMNS = (
    "source_ref",
    "kind",
    "body__name",
    "district__name",
    "party_kind",
    "public_name",
    "party_credit_code",
    "violation",
    "legal_bases",
    "content",
    "penalty_types",
    "fine_amount",
    "decision_date",
    "published_at",
    "period_ends",
    "correction_note",
)


def header() -> list[str]:
    return [
        _("Decision number"),
        _("Kind of decision"),
        _("Deciding body"),
        _("District"),
        _("Party"),
        _("Name"),
        _("Unified social credit code"),
        _("Violation"),
        _("Legal bases"),
        _("Decision content"),
        _("Penalty types"),
        _("Fine (yuan)"),
        _("Decision date"),
        _("Published on"),
        _("Publication ends"),
        _("Correction"),
    ]


def rows(queryset: QuerySet) -> Iterator[list[Any]]:
    """Plain values (no model instances, no decryption): ``public_name`` is already masked for natural persons and
    their ID numbers are not among the columns."""
    from fazhi.publicity.choices import DecisionKind, PartyKind

    kinds, parties = dict(DecisionKind.choices), dict(PartyKind.choices)
    values = queryset.order_by().values_list(*PUBLIC_COLUMNS).iterator(chunk_size=CHUNK)
    for row in values:
        out = list(row)
        out[1] = str(kinds.get(out[1], out[1]))
        out[4] = str(parties.get(out[4], out[4]))
        out[8] = "；".join(out[8].split("\n"))
        out[13] = out[13].date().isoformat() if out[13] else ""
        yield out


DECISIONS_EXPORT = TableExport(
    model=PublishedDecision,
    what=gettext_lazy("Published enforcement decisions"),
    header=header,
    rows=rows,
    filters=("q", "body", "district", "violation", "basis", "kind", "year", "date_from", "date_to"),
    filename="decisions",
    sheet="decisions",
)
