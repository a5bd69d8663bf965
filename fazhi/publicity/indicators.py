"""Publicity feeds the plan's enforcement indicators (plan clause (十三), issue #13 point 6): the share of decisions
published within the time limit (市场监督管理行政处罚信息公示规定 第九条: 20 工作日), by the body's subtree and the
decision date; the registry recomputes it after a decision is saved."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from fazhi.indicators.models import Indicator
from fazhi.indicators.registry import Period, percent, register, within
from fazhi.orgs.models import Organisation
from fazhi.publicity.models import PublishedDecision


def _published(organisation: Organisation, period: Period, today: dt.date) -> QuerySet:
    """Every decision published in the period by decision date — withdrawn and expired ones too: whether it was
    published on time does not change when it later leaves the public search."""
    return PublishedDecision.objects.filter(
        within("body", organisation), decision_date__gte=period.start, decision_date__lte=period.as_of(today)
    )


def _records(indicator: Indicator, organisation: Organisation, period: Period, today: dt.date) -> QuerySet:
    return _published(organisation, period, today).select_related("body")


def _body_of(decision: Any) -> int | None:
    return decision.body_id


def _decision_dates(decision: Any) -> list[dt.date]:
    return [decision.decision_date]


@register(
    "publicity_on_time",
    _("enforcement decisions published within the time limit (share, 市场监督管理行政处罚信息公示规定 第九条)"),
    unit="%",
    sources=("publicity.PublishedDecision",),
    organisation_of=_body_of,
    dates_of=_decision_dates,
    records=_records,
)
def published_on_time(indicator: Indicator, organisation: Organisation, period: Period, today: dt.date) -> Any:
    counts = _published(organisation, period, today).aggregate(
        total=Count("pk"), counted=Count("pk", filter=Q(published_on_time=True))
    )
    return percent(counts["counted"], counts["total"])
