"""Survey results feed the supervision indicators (plan measure (二十八), 群众满意度测评).

Both formulas read the 1–5 scores of the *satisfaction questions* in the responses submitted in the period to the
surveys of the organisation's subtree, and give the share of satisfied scores (4 or 5) in per cent. One counts
what the public says (population surveys and service follow-ups), the other the expert questionnaires. The
registry (``fazhi.indicators.registry``) recomputes them after a response is committed, for the survey's
organisation and its ancestors, in the periods of the response's date.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from fazhi.indicators.models import Indicator
from fazhi.indicators.registry import Period, percent, register, within
from fazhi.orgs.models import Organisation
from fazhi.surveys.choices import SATISFIED_FROM, Audience
from fazhi.surveys.models import Answer, Response

PUBLIC_AUDIENCES = (Audience.POPULATION, Audience.SERVICE)


def _responses(organisation: Organisation, period: Period, today: dt.date, audiences: tuple[str, ...]) -> QuerySet:
    return Response.objects.filter(
        within("survey__organisation", organisation),
        survey__audience__in=audiences,
        created_at__date__gte=period.start,
        created_at__date__lte=period.as_of(today),
    )


def satisfied_share(
    organisation: Organisation, period: Period, today: dt.date, audiences: tuple[str, ...]
) -> Decimal | None:
    """% of satisfaction scores that are 4 or 5 (None: no score in the period)."""
    scores = Answer.objects.filter(
        response__in=_responses(organisation, period, today, audiences),
        question__satisfaction=True,
        score__isnull=False,
    ).aggregate(total=Count("pk"), satisfied=Count("pk", filter=Q(score__gte=SATISFIED_FROM)))
    return percent(scores["satisfied"], scores["total"])


def _organisation_of(response: Response) -> int:
    return response.survey.organisation_id


def _dates_of(response: Response) -> list[dt.datetime | None]:
    return [response.created_at]


def _public_records(indicator: Indicator, organisation: Organisation, period: Period, today: dt.date) -> QuerySet:
    return _responses(organisation, period, today, PUBLIC_AUDIENCES).select_related("survey")


def _expert_records(indicator: Indicator, organisation: Organisation, period: Period, today: dt.date) -> QuerySet:
    return _responses(organisation, period, today, (Audience.EXPERT,)).select_related("survey")


@register(
    "survey_satisfaction",
    _("Public satisfaction (share of satisfied scores in population surveys and service follow-ups)"),
    "%",
    sources=("surveys.Response",),
    organisation_of=_organisation_of,
    dates_of=_dates_of,
    records=_public_records,
)
def survey_satisfaction(indicator: Indicator, organisation: Organisation, period: Period, today: dt.date):
    return satisfied_share(organisation, period, today, PUBLIC_AUDIENCES)


@register(
    "expert_satisfaction",
    _("Expert assessment (share of satisfied scores in expert questionnaires)"),
    "%",
    sources=("surveys.Response",),
    organisation_of=_organisation_of,
    dates_of=_dates_of,
    records=_expert_records,
)
def expert_satisfaction(indicator: Indicator, organisation: Organisation, period: Period, today: dt.date):
    return satisfied_share(organisation, period, today, (Audience.EXPERT,))
