"""People's suggestions feed the plan's indicators (clause 十二): answers within the time limit, conversions, and
the submitters' ratings — per organisation (the lead organisation's subtree) and period. The registry recomputes
them after a suggestion, conversion or evaluation is committed."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from fazhi.indicators.models import Indicator
from fazhi.indicators.registry import Period, percent, register, within
from fazhi.orgs.models import Organisation
from fazhi.suggestions.models import Conversion, Evaluation, Suggestion


def _answer_due(organisation: Organisation, period: Period, today: dt.date) -> QuerySet:
    """Answered in the period, or still unanswered past a deadline that fell in it."""
    as_of = period.as_of(today)
    answered = Q(replied_at__date__gte=period.start, replied_at__date__lte=as_of)
    late = Q(replied_at__isnull=True, answer_due_at__date__gte=period.start, answer_due_at__date__lt=as_of)
    return Suggestion.objects.filter(within("organisation", organisation)).filter(answered | late)


def _answer_records(indicator: Indicator, organisation: Organisation, period: Period, today: dt.date) -> QuerySet:
    return _answer_due(organisation, period, today).select_related("organisation")


@register(
    "suggestions_answered_on_time",
    _("Share of people's suggestions answered within the time limit"),
    "%",
    sources=("suggestions.Suggestion",),
    dates_of=lambda s: [s.replied_at, s.answer_due_at],
    records=_answer_records,
)
def suggestions_answered_on_time(indicator: Indicator, organisation: Organisation, period: Period, today: dt.date):
    counts = _answer_due(organisation, period, today).aggregate(
        total=Count("pk"), on_time=Count("pk", filter=Q(replied_on_time=True))
    )
    return percent(counts["on_time"], counts["total"])


def _conversions(indicator: Indicator, organisation: Organisation, period: Period, today: dt.date) -> QuerySet:
    return Conversion.objects.filter(
        within("suggestion__organisation", organisation),
        created_at__date__gte=period.start,
        created_at__date__lte=period.as_of(today),
    ).select_related("suggestion")


@register(
    "suggestions_converted",
    _("People's suggestions put into effect (conversions recorded in the period)"),
    sources=("suggestions.Conversion",),
    organisation_of=lambda c: c.suggestion.organisation_id,
    dates_of=lambda c: [c.created_at],
    records=_conversions,
)
def suggestions_converted(indicator: Indicator, organisation: Organisation, period: Period, today: dt.date) -> Any:
    return Decimal(_conversions(indicator, organisation, period, today).count())


def _evaluations(indicator: Indicator, organisation: Organisation, period: Period, today: dt.date) -> QuerySet:
    # Only the submitter's own rating: the indicator is the satisfaction of those served (as the hotline's counts
    # only reporters' ratings); the public's ratings of published answers are shown on the portal, not counted.
    return Evaluation.objects.filter(
        within("suggestion__organisation", organisation),
        by_submitter=True,
        created_at__date__gte=period.start,
        created_at__date__lte=period.as_of(today),
    ).select_related("suggestion")


@register(
    "suggestions_rating",
    _("Mean rating of the answers to people's suggestions (1–5)"),
    sources=("suggestions.Evaluation",),
    organisation_of=lambda e: e.suggestion.organisation_id,
    dates_of=lambda e: [e.created_at],
    records=_evaluations,
)
def suggestions_rating(indicator: Indicator, organisation: Organisation, period: Period, today: dt.date) -> Any:
    mean = _evaluations(indicator, organisation, period, today).aggregate(mean=Avg("score"))["mean"]
    return None if mean is None else Decimal(str(mean)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
