"""Supervision's indicator formulas: the plan's tasks, milestones and progress reports, and the law library's
publications, registered with the indicator registry (:mod:`fazhi.indicators.registry`).

The task formulas count the **work tasks** (:func:`work_tasks`) of the measures an indicator evaluates: the plan's
measures are supervision's, linked to indicators by ``Measure.indicators`` (``indicator.measures``), which this
module asks the registry to prefetch. Imported from ``SupervisionConfig.ready``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from fazhi.indicators.models import Indicator
from fazhi.indicators.registry import Period, during, fold, grouped, percent, prefetch, register, subtrees, within
from fazhi.indicators.values import note_change, recompute, with_ancestors
from fazhi.indicators.values import recompute_all as recompute_everywhere
from fazhi.orgs.models import Organisation
from fazhi.supervision.choices import ReportStatus, TaskStatus
from fazhi.supervision.models import ProgressReport, Task, TaskMilestone, overdue_q, stalled_q

prefetch("measures")  # the plan measures an indicator evaluates (Measure.indicators)


def of_tasks_within(organisation: Organisation, lookup: str = "task") -> Q:
    """Records of tasks led within the subtree, as ``task IN (those tasks)``: a few thousand tasks at most, so the
    database seeks each task's records by index instead of joining every record to its task and organisation."""
    if organisation.parent_id is None:
        return Q()
    return Q(**{f"{lookup}__in": Task.objects.filter(within("lead_organisation", organisation)).values("pk")})


def _work_task_counts(
    indicator: Indicator, organisations: list[Organisation], as_of: dt.date, **aggregates: Any
) -> dict[int, dict[str, int]]:
    """``work_tasks`` of every organisation counted in one query grouped by lead organisation."""
    tasks = Task.objects.filter(
        subtrees("lead_organisation", organisations), children__isnull=True, start_date__lte=as_of
    )
    measures = _measures(indicator)
    if measures:
        tasks = tasks.filter(measure__in=measures)
    rows = tasks.values("lead_organisation__path").annotate(**aggregates).order_by()
    return fold(rows, "lead_organisation__path", organisations, aggregates)


def _of_subtrees(organisations: list[Organisation], lookup: str = "task") -> Q:
    """``of_tasks_within`` for several organisations at once."""
    if any(o.parent_id is None for o in organisations):
        return Q()
    return Q(**{f"{lookup}__in": Task.objects.filter(subtrees("lead_organisation", organisations)).values("pk")})


def _measures(indicator: Indicator) -> list[int]:
    if not indicator.pk:
        return []
    cached = getattr(indicator, "_prefetched_objects_cache", {}).get("measures")
    if cached is not None:
        return [m.pk for m in cached]
    return list(indicator.measures.values_list("pk", flat=True))


def work_tasks(indicator: Indicator, organisation: Organisation, as_of: dt.date) -> QuerySet:
    """Tasks led within the organisation's subtree, not delegated further, started by ``as_of``, of the measures."""
    tasks = Task.objects.filter(within("lead_organisation", organisation), children__isnull=True, start_date__lte=as_of)
    measures = _measures(indicator)
    return tasks.filter(measure__in=measures) if measures else tasks


def on_schedule_q(as_of: dt.date) -> tuple[Q, Q]:
    """(overdue, stalled) judged on ``as_of``: the definitions of ``supervision.models`` (one for the sweep, the
    dashboard and this indicator), over the leaf tasks :func:`work_tasks` selects."""
    return overdue_q(as_of), stalled_q(as_of)


def _task_org(record: models.Model) -> int | None:
    return record.lead_organisation_id if isinstance(record, Task) else record.task.lead_organisation_id


def _tasks_records(indicator: Indicator, organisation: Organisation, period: Period, today: dt.date) -> QuerySet:
    return work_tasks(indicator, organisation, period.as_of(today)).select_related("lead_organisation", "measure")


_TASK_SOURCES = ("supervision.Task", "supervision.ProgressReport")


@register(
    "tasks_on_schedule",
    _("Share of unfinished tasks on schedule (neither overdue nor stalled)"),
    "%",
    sources=_TASK_SOURCES,  # an accepted report ends a stall
    organisation_of=_task_org,
    records=_tasks_records,
    judged_on_day=True,
)
def tasks_on_schedule(indicator: Indicator, organisation: Organisation, period: Period, today: dt.date) -> Any:
    """Of the tasks not done on the judging day, the share neither overdue nor stalled: what is still under way
    and keeping to its schedule. Done tasks are ``tasks_done``'s (counting them here too made the two indicators
    equal once every open task's deadline had passed); no unfinished task: nothing to measure (None)."""
    as_of = period.as_of(today)
    overdue, stalled = on_schedule_q(as_of)
    counts = work_tasks(indicator, organisation, as_of).aggregate(**_open_counts(overdue, stalled))
    return percent(counts["open"] - counts["late"], counts["open"])


def _open_counts(overdue: Q, stalled: Q) -> dict[str, Any]:
    return {"open": Count("pk", filter=~Q(status=TaskStatus.DONE)), "late": Count("pk", filter=overdue | stalled)}


@grouped("tasks_on_schedule")
def _tasks_on_schedule_many(indicator: Indicator, organisations: list[Organisation], period: Period, today: dt.date):
    as_of = period.as_of(today)
    overdue, stalled = on_schedule_q(as_of)
    counts = _work_task_counts(indicator, organisations, as_of, **_open_counts(overdue, stalled))
    return {pk: percent(c["open"] - c["late"], c["open"]) for pk, c in counts.items()}


@register(
    "tasks_done",
    _("Share of tasks done"),
    "%",
    sources=("supervision.Task",),
    organisation_of=_task_org,
    records=_tasks_records,
    judged_on_day=True,
)
def tasks_done(indicator: Indicator, organisation: Organisation, period: Period, today: dt.date) -> Any:
    counts = work_tasks(indicator, organisation, period.as_of(today)).aggregate(
        total=Count("pk"), done=Count("pk", filter=Q(status=TaskStatus.DONE))
    )
    return percent(counts["done"], counts["total"])


@grouped("tasks_done")
def _tasks_done_many(indicator: Indicator, organisations: list[Organisation], period: Period, today: dt.date):
    counts = _work_task_counts(
        indicator,
        organisations,
        period.as_of(today),
        total=Count("pk"),
        done=Count("pk", filter=Q(status=TaskStatus.DONE)),
    )
    return {pk: percent(c["done"], c["total"]) for pk, c in counts.items()}


def _accepted_reports(indicator: Indicator, organisation: Organisation, period: Period, today: dt.date) -> QuerySet:
    reports = ProgressReport.objects.filter(
        of_tasks_within(organisation),
        during("reviewed_at", period.start, period.end),
        status=ReportStatus.ACCEPTED,
    ).select_related("task", "organisation")
    measures = _measures(indicator)
    return reports.filter(task__measure__in=measures) if measures else reports


@register(
    "reports_accepted",
    _("Progress reports accepted in the period"),
    sources=("supervision.ProgressReport",),
    organisation_of=_task_org,
    dates_of=lambda report: [report.reviewed_at],
    records=_accepted_reports,
)
def reports_accepted(indicator: Indicator, organisation: Organisation, period: Period, today: dt.date) -> Any:
    return Decimal(_accepted_reports(indicator, organisation, period, today).count())


@grouped("reports_accepted")
def _reports_accepted_many(indicator: Indicator, organisations: list[Organisation], period: Period, today: dt.date):
    # The city's count reads the (status, reviewed_at) index alone; grouping all of a year's reports by their
    # task's organisation would join each one (at a million reports: 450 ms against 20). The others are grouped.
    values = {o.pk: reports_accepted(indicator, o, period, today) for o in organisations if o.parent_id is None}
    others = [o for o in organisations if o.parent_id is not None]
    if not others:
        return values
    reports = ProgressReport.objects.filter(
        _of_subtrees(others), during("reviewed_at", period.start, period.end), status=ReportStatus.ACCEPTED
    )
    measures = _measures(indicator)
    if measures:
        reports = reports.filter(task__measure__in=measures)
    rows = reports.values("task__lead_organisation__path").annotate(n=Count("pk")).order_by()
    counts = fold(rows, "task__lead_organisation__path", others, ("n",))
    return values | {pk: Decimal(c["n"]) for pk, c in counts.items()}


def _due_milestones(indicator: Indicator, organisation: Organisation, period: Period, today: dt.date) -> QuerySet:
    """Milestones of tasks led within the subtree that fell due in the period, up to the day it is judged on."""
    milestones = TaskMilestone.objects.filter(
        of_tasks_within(organisation),
        due_date__gte=period.start,
        due_date__lte=period.as_of(today),
    ).select_related("task", "task__lead_organisation")
    measures = _measures(indicator)
    return milestones.filter(task__measure__in=measures) if measures else milestones


@register(
    "milestones_on_time",
    _("Share of milestones due in the period reached on time"),
    "%",
    sources=("supervision.TaskMilestone",),
    organisation_of=_task_org,
    dates_of=lambda milestone: [milestone.due_date],
    records=_due_milestones,
)
def milestones_on_time(indicator: Indicator, organisation: Organisation, period: Period, today: dt.date) -> Any:
    counts = _due_milestones(indicator, organisation, period, today).aggregate(
        total=Count("pk"), on_time=Count("pk", filter=Q(reached_at__lte=models.F("due_date")))
    )
    return percent(counts["on_time"], counts["total"])


@grouped("milestones_on_time")
def _milestones_on_time_many(indicator: Indicator, organisations: list[Organisation], period: Period, today: dt.date):
    milestones = TaskMilestone.objects.filter(
        _of_subtrees(organisations), due_date__gte=period.start, due_date__lte=period.as_of(today)
    )
    measures = _measures(indicator)
    if measures:
        milestones = milestones.filter(task__measure__in=measures)
    rows = (
        milestones.values("task__lead_organisation__path")
        .annotate(total=Count("pk"), on_time=Count("pk", filter=Q(reached_at__lte=models.F("due_date"))))
        .order_by()
    )
    counts = fold(rows, "task__lead_organisation__path", organisations, ("total", "on_time"))
    return {pk: percent(c["on_time"], c["total"]) for pk, c in counts.items()}


def _interpretations(indicator: Indicator, organisation: Organisation, period: Period, today: dt.date) -> QuerySet:
    from fazhi.laws.models import Interpretation

    return Interpretation.objects.filter(
        within("organisation", organisation),
        during("published_at", period.start, period.end),
        is_published=True,
    ).select_related("organisation", "work")


@register(
    "interpretations_published",
    _("Interpretations of laws published in the period"),
    sources=("laws.Interpretation",),
    organisation_of=lambda interpretation: interpretation.organisation_id,
    dates_of=lambda interpretation: [interpretation.published_at],
    records=_interpretations,
    evaluates=(6, 30),  # 普法责任制; 舆论引导
)
def interpretations_published(indicator: Indicator, organisation: Organisation, period: Period, today: dt.date):
    return Decimal(_interpretations(indicator, organisation, period, today).count())


def _root_id(_record: Any = None) -> int | None:
    return Organisation.objects.filter(parent__isnull=True).values_list("pk", flat=True).order_by("pk").first()


def _typical_cases(indicator: Indicator, organisation: Organisation, period: Period, today: dt.date) -> QuerySet:
    from fazhi.laws.models import TypicalCase

    cases = TypicalCase.objects.all()
    return cases if organisation.parent_id is None else cases.none()


@register(
    "typical_cases_published",
    _("Typical cases published in the law library (city-wide)"),
    sources=("laws.TypicalCase",),
    organisation_of=_root_id,  # the library is the city's: a case carries neither an organisation nor a date
    records=_typical_cases,
    evaluates=(6,),  # 以案释法
)
def typical_cases_published(indicator: Indicator, organisation: Organisation, period: Period, today: dt.date):
    if organisation.parent_id is not None:
        return None  # nothing to measure below the city
    return Decimal(_typical_cases(indicator, organisation, period, today).count())


def recompute_for_task(task: Task, today: dt.date | None = None) -> int:
    """After a task changed: its lead organisation's values and every ancestor's (the city's included)."""
    return recompute(with_ancestors([task.lead_organisation_id]), today)


def recompute_all(today: dt.date | None = None) -> int:
    """Every organisation that leads tasks or has values, and their ancestors (the sweep: time makes tasks overdue)."""
    leading = Organisation.objects.filter(lead_tasks__isnull=False).values_list("pk", flat=True).distinct()
    return recompute_everywhere(today, organisations=leading)


def schedule_recompute(*tasks: Task) -> None:
    """Kept for the services' explicit calls: the task signals already note the change; this notes it again
    (deduplicated), which also covers a task saved without signals."""
    for task in tasks:
        note_change(task)
