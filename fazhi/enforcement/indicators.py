"""Reports from the public feed the plan's supervision indicators (plan clause (十三)): the share of reports whose
reporter was told the result within the time limit (上海市城市管理行政执法条例 第二十六条第二款: 5 工作日), by the
answering body's subtree and the answer date."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.enforcement.models import EnforcementReport
from fazhi.indicators.models import Indicator
from fazhi.indicators.registry import Period, percent, register, within
from fazhi.orgs.models import Organisation


def _answered(organisation: Organisation, period: Period, today: dt.date) -> QuerySet:
    return EnforcementReport.objects.filter(
        within("organisation", organisation),
        answered_at__date__gte=period.start,
        answered_at__date__lte=period.as_of(today),
        answered_on_time__isnull=False,
    )


def _records(indicator: Indicator, organisation: Organisation, period: Period, today: dt.date) -> QuerySet:
    return _answered(organisation, period, today).select_related("organisation")


def _organisation_of(report: Any) -> int | None:
    return report.organisation_id


def _answer_dates(report: Any) -> list[dt.date]:
    return [timezone.localdate(report.answered_at)] if report.answered_at else []


@register(
    "enforcement_reports_on_time",
    _("reports of violations answered within the time limit (share, 上海市城市管理行政执法条例 第二十六条)"),
    unit="%",
    sources=("enforcement.EnforcementReport",),
    organisation_of=_organisation_of,
    dates_of=_answer_dates,
    records=_records,
)
def reports_on_time(indicator: Indicator, organisation: Organisation, period: Period, today: dt.date) -> Any:
    counts = _answered(organisation, period, today).aggregate(
        total=Count("pk"), counted=Count("pk", filter=Q(answered_on_time=True))
    )
    return percent(counts["counted"], counts["total"])
