"""Hotline tickets feed the supervision indicators (plan clause (十二)): answered on time, and satisfaction.

Both count the tickets of the handling organisation's subtree; a ticket counts in the periods of its reply
(on time) or of its rating (satisfaction). The registry recomputes them after a ticket is committed.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from fazhi.hotline.models import Ticket
from fazhi.indicators.models import Indicator
from fazhi.indicators.registry import Period, percent, register, within
from fazhi.orgs.models import Organisation


def _replied(organisation: Organisation, period: Period, today: dt.date) -> QuerySet:
    return Ticket.objects.filter(
        within("organisation", organisation),
        replied_at__date__gte=period.start,
        replied_at__date__lte=period.as_of(today),
        replied_on_time__isnull=False,
    )


def _rated(organisation: Organisation, period: Period, today: dt.date) -> QuerySet:
    return Ticket.objects.filter(
        within("organisation", organisation),
        confirmed_at__date__gte=period.start,
        confirmed_at__date__lte=period.as_of(today),
        rating__isnull=False,
    )


def _organisation_of(ticket: Ticket) -> int | None:
    return ticket.organisation_id


def _records_replied(indicator: Indicator, organisation: Organisation, period: Period, today: dt.date) -> QuerySet:
    return _replied(organisation, period, today).select_related("organisation", "category")


def _records_rated(indicator: Indicator, organisation: Organisation, period: Period, today: dt.date) -> QuerySet:
    return _rated(organisation, period, today).select_related("organisation", "category")


@register(
    "hotline_on_time",
    _("12345 tickets answered on time (share of replies given within the time limit)"),
    "%",
    sources=("hotline.Ticket",),
    organisation_of=_organisation_of,
    dates_of=lambda ticket: [ticket.replied_at],
    records=_records_replied,
)
def hotline_on_time(indicator: Indicator, organisation: Organisation, period: Period, today: dt.date):
    counts = _replied(organisation, period, today).aggregate(
        total=Count("pk"), on_time=Count("pk", filter=Q(replied_on_time=True))
    )
    return percent(counts["on_time"], counts["total"])


@register(
    "hotline_satisfaction",
    _("12345 satisfaction (mean rating of the handling by reporters, 1–5)"),
    "",
    sources=("hotline.Ticket",),
    organisation_of=_organisation_of,
    dates_of=lambda ticket: [ticket.confirmed_at],
    records=_records_rated,
)
def hotline_satisfaction(indicator: Indicator, organisation: Organisation, period: Period, today: dt.date):
    mean = _rated(organisation, period, today).aggregate(mean=Avg("rating"))["mean"]
    return None if mean is None else Decimal(str(mean)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
