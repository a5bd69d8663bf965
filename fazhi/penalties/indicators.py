"""Penalty cases feed the plan's enforcement indicators (plan clause (十三), issue #13 point 6): legal review of major
decisions, decisions on time, and decisions not to punish under the no-penalty lists.

Each counts the decisions of the body's subtree in the periods of their decision date; the registry recomputes
them after a case is committed."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from fazhi.indicators.models import Indicator
from fazhi.indicators.registry import Period, percent, register, within
from fazhi.orgs.models import Organisation
from fazhi.penalties.models import PenaltyCase

#: A major decision: one of the situations of 行政处罚法 第五十八条 (including a fine outside the standard's band).
MAJOR = ~Q(major_reason="") | ~Q(outside_band_reason="")


def _decided(organisation: Organisation, period: Period, today: dt.date) -> QuerySet:
    return PenaltyCase.objects.filter(
        within("body", organisation),
        decision_date__gte=period.start,
        decision_date__lte=period.as_of(today),
    ).exclude(decision_kind="")


def _records(indicator: Indicator, organisation: Organisation, period: Period, today: dt.date) -> QuerySet:
    return _decided(organisation, period, today).select_related("body", "matter")


def _share(organisation: Organisation, period: Period, today: dt.date, counted: Q, among: Q | None = None) -> Any:
    """The percentage of the period's decisions matching ``among`` that also match ``counted``."""
    counts = (
        _decided(organisation, period, today)
        .filter(among or Q())
        .aggregate(total=Count("pk"), counted=Count("pk", filter=counted))
    )
    return percent(counts["counted"], counts["total"])


def _body_of(case: Any) -> int | None:
    return case.body_id


def _decision_dates(case: Any) -> list[dt.date]:
    return [case.decision_date] if case.decision_date else []


#: What every enforcement indicator shares: a percentage of decided cases, by the body and the decision date.
_register_share = partial(
    register,
    unit="%",
    sources=("penalties.PenaltyCase",),
    organisation_of=_body_of,
    dates_of=_decision_dates,
    records=_records,
)


@_register_share(
    "penalties_major_reviewed", _("major penalty decisions with legal review (share, 行政处罚法 第五十八条)")
)
def major_reviewed(indicator: Indicator, organisation: Organisation, period: Period, today: dt.date):
    return _share(organisation, period, today, Q(review_outcome="passed"), among=MAJOR)


@_register_share("penalties_on_time", _("penalty decisions made within the time limit (share, 行政处罚法 第六十条)"))
def decided_on_time(indicator: Indicator, organisation: Organisation, period: Period, today: dt.date):
    return _share(organisation, period, today, Q(decided_on_time=True), among=Q(decided_on_time__isnull=False))


@_register_share(
    "penalties_exempted",
    _("decisions not to punish under the no-penalty lists (share of decisions, 行政处罚法 第三十三条)"),
)
def exempted(indicator: Indicator, organisation: Organisation, period: Period, today: dt.date):
    return _share(organisation, period, today, Q(exempted=True))


#: Challenged before a court or a reconsideration body (the body's own correction is not a 纠错 by them).
CHALLENGED = Q(remedy_kind__in=("reconsideration", "litigation"))
CORRECTED = Q(remedy_outcome__in=("altered", "revoked", "unlawful"))


@_register_share(
    "penalties_remedy_corrected",
    _(
        "penalty decisions corrected on administrative reconsideration or litigation (share of those challenged, "
        "行政复议法 第六十三条–第六十五条; 行政诉讼法 第七十条、第七十四条、第七十七条)"
    ),
)
def remedy_corrected(indicator: Indicator, organisation: Organisation, period: Period, today: dt.date):
    """Of the period's decisions challenged on 复议 or 诉讼 (``remedy_kind``), the share altered, revoked or
    confirmed unlawful (``remedy_outcome``, recorded on the case by ``record_remedy``)."""
    return _share(organisation, period, today, CORRECTED, among=CHALLENGED)
