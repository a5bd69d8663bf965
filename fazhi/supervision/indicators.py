"""The indicator formulas, their registry, and the computation of values per organisation and period.

A formula is a named function ``(indicator, organisation, period, today) -> Decimal | None`` over the records the
platform holds, registered with :func:`register` together with what it reads (``sources``, model labels), how a
record of a source is placed (``organisation_of``; ``dates_of`` for the periods it falls in, none = the current
ones) and the records behind a number (``records``, for the drill-down). Formulas count the records *within the
organisation's subtree*, so a district's value includes its streets' and bodies': values roll up the hierarchy by
construction. ``None`` means "nothing to measure", which is not the same as 0.

Values are stored in :class:`IndicatorValue`. When a record of a source model is saved or deleted, the indicators
whose formula reads that model are recomputed after the commit for the record's organisation and its ancestors,
for the periods the record falls in (before and after the change) — nothing else. Other modules register their
formulas the same way (``register("…", _("…"), "%", sources=("surveys.Response",), organisation_of=…)``); the
signals are connected once per source model. The daily sweep recomputes the current values, since time alone
makes a task overdue or stalled.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.apps import apps
from django.core.cache import cache
from django.db import models, transaction
from django.db.models import Count, Q, QuerySet
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task as background_task

from fazhi.orgs.models import Organisation
from fazhi.supervision.choices import ReportStatus, TaskStatus
from fazhi.supervision.indicator_models import Indicator, IndicatorKind, IndicatorValue, PeriodKind, ValueSource
from fazhi.supervision.models import ProgressReport, Task, TaskMilestone, overdue_q, stalled_q

log = logging.getLogger(__name__)


# --- periods -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    kind: str
    start: dt.date

    @property
    def end(self) -> dt.date:
        """The last day of the period."""
        months = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.YEAR: 12}[self.kind]
        month = self.start.month - 1 + months
        return dt.date(self.start.year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)

    @classmethod
    def containing(cls, kind: str, day: dt.date) -> Period:
        if kind == PeriodKind.MONTH:
            return cls(kind, day.replace(day=1))
        if kind == PeriodKind.QUARTER:
            return cls(kind, dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1))
        return cls(PeriodKind.YEAR, dt.date(day.year, 1, 1))

    @classmethod
    def parse(cls, text: str) -> Period:
        """``2025-06`` (month), ``2025-Q2`` (quarter) or ``2025`` (year), years 1990–2100; ValueError otherwise."""
        text = (text or "").strip().upper()[:16]
        year, _sep, rest = text.partition("-")
        if not (year.isdigit() and len(year) == 4 and 1990 <= int(year) <= 2100):
            raise ValueError(text)
        if not _sep:
            return cls(PeriodKind.YEAR, dt.date(int(year), 1, 1))
        if rest.startswith("Q") and rest[1:] in ("1", "2", "3", "4"):
            return cls(PeriodKind.QUARTER, dt.date(int(year), 3 * int(rest[1:]) - 2, 1))
        if rest.isdigit() and len(rest) <= 2 and 1 <= int(rest) <= 12:
            return cls(PeriodKind.MONTH, dt.date(int(year), int(rest), 1))
        raise ValueError(text)

    def __str__(self) -> str:
        if self.kind == PeriodKind.MONTH:
            return f"{self.start:%Y-%m}"
        if self.kind == PeriodKind.QUARTER:
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        return str(self.start.year)

    def as_of(self, today: dt.date | None = None) -> dt.date:
        """The day the period is judged on: its last day, or today while it runs."""
        return min(self.end, today or timezone.localdate())


def current_periods(today: dt.date | None = None) -> list[Period]:
    today = today or timezone.localdate()
    return [Period.containing(kind, today) for kind in PeriodKind.values]


def recent_periods(today: dt.date | None = None) -> list[Period]:
    """What a period picker offers: the last 12 months, 8 quarters and 5 years, latest first."""
    today = today or timezone.localdate()
    found: list[Period] = []
    for kind, count in ((PeriodKind.MONTH, 12), (PeriodKind.QUARTER, 8), (PeriodKind.YEAR, 5)):
        period = Period.containing(kind, today)
        for _i in range(count):
            found.append(period)
            period = Period.containing(kind, period.start - dt.timedelta(days=1))
    return found


def periods_of(day: dt.date | dt.datetime) -> list[Period]:
    """The month, quarter and year a day (or a moment, in local time) falls in."""
    if isinstance(day, dt.datetime):
        day = timezone.localtime(day).date() if timezone.is_aware(day) else day.date()
    return [Period.containing(kind, day) for kind in PeriodKind.values]


# --- the formula registry ------------------------------------------------------------------------------------

Compute = Callable[[Indicator, Organisation, Period, dt.date], Decimal | None]
Records = Callable[[Indicator, Organisation, Period, dt.date], QuerySet]
#: (indicator, organisations, period, today) → {organisation pk: value}: the same values as ``Compute`` for many
#: organisations in a fixed number of queries (a scorecard's districts, a change's ancestors, the sweep)
ComputeMany = Callable[[Indicator, list[Organisation], Period, dt.date], dict[int, Decimal | None]]


@dataclass(frozen=True)
class Formula:
    """A named computation, what it reads, and how a record of what it reads is placed in organisation and time."""

    key: str
    label: Any
    unit: str
    compute: Compute
    sources: tuple[str, ...] = ()
    #: record → its Organisation or the organisation's pk (None: the record counts nowhere)
    organisation_of: Callable[[models.Model], Organisation | int | None] | None = None
    #: record → the dates it counts on; None (the default) = today's periods only
    dates_of: Callable[[models.Model], Iterable[dt.date | dt.datetime | None]] | None = None
    records_of: Records | None = field(default=None, compare=False)
    #: numbers of the plan measures a default indicator on this formula is linked to (the setup loader)
    evaluates: tuple[int, ...] = ()
    #: the value depends only on the day the period is judged on (today's statuses): the current month, quarter
    #: and year then share one computation
    judged_on_day: bool = False
    #: optional grouped form of ``compute`` (see :func:`grouped`); without it each organisation is computed alone
    compute_many: ComputeMany | None = field(default=None, compare=False)

    def records(self, indicator: Indicator, organisation: Organisation, period: Period, today: dt.date | None = None):
        """The queryset of records behind the number (the drill-down), or None when the formula names none."""
        if self.records_of is None:
            return None
        return self.records_of(indicator, organisation, period, today or timezone.localdate())


FORMULAS: dict[str, Formula] = {}
_connected: set[str] = set()  # source models whose signals are connected
_LOADED = False  # this module's own formulas are connected by SupervisionConfig.ready()


def register(
    key: str,
    label: Any,
    unit: str = "",
    *,
    sources: Iterable[str] = (),
    organisation_of: Callable[[models.Model], Organisation | int | None] | None = None,
    dates_of: Callable[[models.Model], Iterable[dt.date | dt.datetime | None]] | None = None,
    records: Records | None = None,
    evaluates: Iterable[int] = (),
    judged_on_day: bool = False,
) -> Callable[[Compute], Compute]:
    """Add a formula. ``sources`` are model labels (``"participation.Suggestion"``): saving or deleting one of
    their records recomputes this formula's indicators for the record's organisation (``organisation_of``,
    default ``record.organisation``) and ancestors, in the periods of ``dates_of(record)`` (default: today's)."""
    sources = tuple(sources)

    def decorator(func: Compute) -> Compute:
        FORMULAS[key] = Formula(
            key, label, unit, func, sources, organisation_of, dates_of, records, tuple(evaluates), judged_on_day
        )
        if apps.models_ready and _LOADED:  # another module registering in its ready(): connect at once
            connect_sources()
        return func

    return decorator


def grouped(key: str) -> Callable[[ComputeMany], ComputeMany]:
    """Give the registered formula ``key`` a grouped form: all organisations' values in a fixed number of queries
    (it must agree with the formula organisation by organisation; the tests compare them)."""

    def decorator(func: ComputeMany) -> ComputeMany:
        FORMULAS[key] = dataclasses.replace(FORMULAS[key], compute_many=func)
        return func

    return decorator


def formulas_reading(label: str) -> list[Formula]:
    return [f for f in FORMULAS.values() if label in f.sources]


def percent(part: int, whole: int) -> Decimal | None:
    """``part`` of ``whole`` in percent, to two decimals (half up); None when there is nothing to measure."""
    if not whole:
        return None
    return (Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def within(lookup: str, organisation: Organisation) -> Q:
    """Records whose organisation (``lookup``) is in the organisation's subtree. The root (the city: one tree, as
    the permission scopes assume) needs no filter and no join, which keeps the city's figures cheap."""
    if organisation.parent_id is None:
        return Q()
    return Q(**{f"{lookup}__path__startswith": organisation.path})


def of_tasks_within(organisation: Organisation, lookup: str = "task") -> Q:
    """Records of tasks led within the subtree, as ``task IN (those tasks)``: a few thousand tasks at most, so the
    database seeks each task's records by index instead of joining every record to its task and organisation."""
    if organisation.parent_id is None:
        return Q()
    return Q(**{f"{lookup}__in": Task.objects.filter(within("lead_organisation", organisation)).values("pk")})


def _subtrees(lookup: str, organisations: list[Organisation]) -> Q:
    """Records whose organisation (``lookup``) is in any of the organisations' subtrees; no filter with the root."""
    if any(o.parent_id is None for o in organisations):
        return Q()
    condition = Q(pk__in=[])
    for organisation in organisations:
        condition |= Q(**{f"{lookup}__path__startswith": organisation.path})
    return condition


def _fold(
    rows: Iterable[dict[str, Any]], path: str, organisations: list[Organisation], names: Iterable[str]
) -> dict[int, dict[str, int]]:
    """Sum rows grouped by organisation path (``path``) into each organisation's subtree: a grouped query answers
    every organisation at once (the rows are a few hundred organisations at most)."""
    names = tuple(names)
    totals = {o.pk: dict.fromkeys(names, 0) for o in organisations}
    for row in rows:
        where = row[path] or ""
        for organisation in organisations:
            if organisation.parent_id is None or where.startswith(organisation.path):
                bucket = totals[organisation.pk]
                for name in names:
                    bucket[name] += row[name] or 0
    return totals


def _work_task_counts(
    indicator: Indicator, organisations: list[Organisation], as_of: dt.date, **aggregates: Any
) -> dict[int, dict[str, int]]:
    """``work_tasks`` of every organisation counted in one query grouped by lead organisation."""
    tasks = Task.objects.filter(
        _subtrees("lead_organisation", organisations), children__isnull=True, start_date__lte=as_of
    )
    measures = _measures(indicator)
    if measures:
        tasks = tasks.filter(measure__in=measures)
    rows = tasks.values("lead_organisation__path").annotate(**aggregates).order_by()
    return _fold(rows, "lead_organisation__path", organisations, aggregates)


def _of_subtrees(organisations: list[Organisation], lookup: str = "task") -> Q:
    """``of_tasks_within`` for several organisations at once."""
    if any(o.parent_id is None for o in organisations):
        return Q()
    return Q(**{f"{lookup}__in": Task.objects.filter(_subtrees("lead_organisation", organisations)).values("pk")})


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


def midnight(day: dt.date) -> dt.datetime:
    """The start of a local day, to compare timestamps with a range (an index can serve it, ``__date`` cannot)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def during(lookup: str, first: dt.date, last: dt.date) -> Q:
    """Timestamps (``lookup``) on the local days ``first`` to ``last``."""
    return Q(**{f"{lookup}__gte": midnight(first), f"{lookup}__lt": midnight(last + dt.timedelta(days=1))})


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
    _("Share of tasks on schedule (not overdue, not stalled)"),
    "%",
    sources=_TASK_SOURCES,  # an accepted report ends a stall
    organisation_of=_task_org,
    records=_tasks_records,
    judged_on_day=True,
)
def tasks_on_schedule(indicator: Indicator, organisation: Organisation, period: Period, today: dt.date) -> Any:
    as_of = period.as_of(today)
    overdue, stalled = on_schedule_q(as_of)
    counts = work_tasks(indicator, organisation, as_of).aggregate(
        total=Count("pk"), late=Count("pk", filter=overdue | stalled)
    )
    return percent(counts["total"] - counts["late"], counts["total"])


@grouped("tasks_on_schedule")
def _tasks_on_schedule_many(indicator: Indicator, organisations: list[Organisation], period: Period, today: dt.date):
    as_of = period.as_of(today)
    overdue, stalled = on_schedule_q(as_of)
    counts = _work_task_counts(
        indicator, organisations, as_of, total=Count("pk"), late=Count("pk", filter=overdue | stalled)
    )
    return {pk: percent(c["total"] - c["late"], c["total"]) for pk, c in counts.items()}


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
    counts = _fold(rows, "task__lead_organisation__path", others, ("n",))
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
    counts = _fold(rows, "task__lead_organisation__path", organisations, ("total", "on_time"))
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


# --- computing and storing -----------------------------------------------------------------------------------


def compute_indicator(
    indicator: Indicator, organisation: Organisation, period: Period, today: dt.date | None = None
) -> Decimal | None:
    """The formula's value for the organisation (its whole subtree) in the period. Manual indicators: the entry."""
    if indicator.kind == IndicatorKind.MANUAL:
        stored = IndicatorValue.objects.filter(
            indicator=indicator, organisation=organisation, period_kind=period.kind, period_start=period.start
        ).first()
        return stored.value if stored else None
    formula = FORMULAS.get(indicator.formula)
    if formula is None:  # a module that registered it is gone: nothing to measure, not a crash
        return None
    return formula.compute(indicator, organisation, period, today or timezone.localdate())


def compute_values(
    indicator: Indicator, organisations: Iterable[Organisation], period: Period, today: dt.date | None = None
) -> dict[int, Decimal | None]:
    """``compute_indicator`` for several organisations: {organisation pk: value}, in one grouped computation when
    the formula has one (a fixed number of queries however many organisations)."""
    organisations = list(organisations)
    today = today or timezone.localdate()
    formula = FORMULAS.get(indicator.formula) if indicator.kind == IndicatorKind.FORMULA else None
    if formula is not None and formula.compute_many is not None and len(organisations) > 1:
        return formula.compute_many(indicator, organisations, period, today)
    return {o.pk: compute_indicator(indicator, o, period, today) for o in organisations}


def indicator_records(
    indicator: Indicator, organisation: Organisation, period: Period, today: dt.date | None = None
) -> QuerySet | None:
    """The records behind a value (None for manual indicators and formulas that name none)."""
    formula = FORMULAS.get(indicator.formula) if indicator.kind == IndicatorKind.FORMULA else None
    return formula.records(indicator, organisation, period, today) if formula else None


def store_value(
    indicator: Indicator, organisation: Organisation, period: Period, today: dt.date | None = None
) -> IndicatorValue:
    """Compute and store one value; an unchanged value is not written again (nor audited)."""
    _store([(indicator, organisation, period)], today)
    return IndicatorValue.objects.get(
        indicator=indicator, organisation=organisation, period_kind=period.kind, period_start=period.start
    )


Work = Iterable[tuple[Indicator, Organisation, Period]]


def _store(work: Work, today: dt.date | None = None) -> int:
    """Compute and store values: the stored ones read in one query, new ones inserted together, only changed ones
    written; a formula judged on the day computes once for the current month, quarter and year.

    **Decision:** computed values are derived from records whose every change is in the audit trail, so writing
    them leaves no entry of its own (it would add a dozen entries to each change someone makes); values entered by
    hand are audited like every record."""
    today = today or timezone.localdate()
    work = [(i, o, p) for i, o, p in work if i.kind == IndicatorKind.FORMULA]
    if not work:
        return 0
    existing = {
        (v.indicator_id, v.organisation_id, v.period_kind, v.period_start): v
        for v in IndicatorValue.objects.filter(
            indicator__in={i.pk for i, _o, _p in work},
            organisation__in={o.pk for _i, o, _p in work},
            period_start__in={p.start for _i, _o, p in work},
        )
    }
    # Group the work per indicator and period (a formula judged on the day: per judging day) so that each group's
    # organisations are computed together.
    groups: dict[tuple[int, Any], dict[int, Organisation]] = {}
    for indicator, organisation, period in work:
        formula = FORMULAS.get(indicator.formula)
        same = period.as_of(today) if formula is not None and formula.judged_on_day else period
        groups.setdefault((indicator.pk, same), {})[organisation.pk] = organisation
    computed: dict[tuple[int, Any], dict[int, Decimal | None]] = {}
    now = timezone.now()
    new: dict[tuple[int, int, str, dt.date], IndicatorValue] = {}
    changed: list[tuple[int, Decimal | None]] = []
    for indicator, organisation, period in work:  # computed before the transaction: its write lock stays short
        formula = FORMULAS.get(indicator.formula)
        same = period.as_of(today) if formula is not None and formula.judged_on_day else period
        if (indicator.pk, same) not in computed:
            computed[indicator.pk, same] = compute_values(indicator, groups[indicator.pk, same].values(), period, today)
        value = computed[indicator.pk, same][organisation.pk]
        where = (indicator.pk, organisation.pk, period.kind, period.start)
        stored = existing.get(where)
        if stored is None:
            new[where] = IndicatorValue(
                indicator=indicator,
                organisation=organisation,
                period_kind=period.kind,
                period_start=period.start,
                value=value,
                computed_at=now,
                source=ValueSource.FORMULA,
            )
        elif stored.value != value:
            changed.append((stored.pk, value))
    with transaction.atomic():
        for pk, value in changed:
            # the plain manager: no audit entry, not even the work of composing one (see above)
            IndicatorValue._base_manager.filter(pk=pk).update(value=value, computed_at=now, updated_at=now)
        IndicatorValue._base_manager.bulk_create(new.values(), batch_size=500)
    return len(work)


def with_ancestors(organisations: Iterable[Organisation | int]) -> list[Organisation]:
    """The organisations and every ancestor (the city's included), each once, root first — in two queries."""
    ids = {o if isinstance(o, int) else o.pk for o in organisations}
    paths = Organisation.objects.filter(pk__in=ids).values_list("path", flat=True)
    codes = {code for path in paths for code in path.strip("/").split("/")}
    return list(Organisation.objects.filter(code__in=codes).order_by("depth", "path"))


def recompute(
    organisations: Iterable[Organisation],
    today: dt.date | None = None,
    *,
    indicators: Iterable[Indicator] | None = None,
    periods: Iterable[Period] | None = None,
) -> int:
    """Recompute formula indicators (default: all) of these organisations for the periods (default: current)."""
    if indicators is None:
        indicators = Indicator.objects.filter(kind=IndicatorKind.FORMULA).prefetch_related("measures")
    indicators = list(indicators)
    periods = list(periods) if periods is not None else current_periods(today)
    organisations = list(organisations)
    # All organisations together: each formula's grouped form answers them at once (values are computed before
    # the short transaction that writes them, see _store).
    return _store([(i, o, p) for o in organisations for p in periods for i in indicators], today)


#: How long a page's request to compute a period's values holds before another page may ask again (a task that
#: failed or a worker that is down are retried after this).
QUEUED_SECONDS = 600


def _queued_key(period: str, organisations: list[int]) -> str:
    import hashlib

    digest = hashlib.sha256(",".join(map(str, organisations)).encode()).hexdigest()[:16]
    return f"supervision:values-queued:{period}:{digest}"


def queue_values(period: Period, organisations: Iterable[Organisation]) -> bool:
    """Have the formula values of these organisations for the period computed and stored in the background
    (``store_values_task``) — a page found them missing and does not wait. Asked again while queued, nothing
    more is queued. Returns whether it queued the work now."""
    ids = sorted({o.pk for o in organisations})
    if not ids or not cache.add(_queued_key(str(period), ids), True, timeout=QUEUED_SECONDS):
        return False
    store_values_task.enqueue(str(period), ids)  # a page's GET: autocommit, so a worker sees it at once
    return True


@background_task()
def store_values_task(period: str, organisations: list[int]) -> int:
    """Compute and store every formula value of the organisations (pks) for the period (``2025-06``, ``2025-Q4``,
    ``2025``); the pages queue it for a period never stored (``queue_values``)."""
    try:
        return recompute(Organisation.objects.filter(pk__in=organisations), periods=[Period.parse(period)])
    finally:
        cache.delete(_queued_key(period, sorted(organisations)))


def recompute_for_task(task: Task, today: dt.date | None = None) -> int:
    """After a task changed: its lead organisation's values and every ancestor's (the city's included)."""
    return recompute(with_ancestors([task.lead_organisation_id]), today)


def recompute_all(today: dt.date | None = None) -> int:
    """Every organisation that leads tasks or has values, and their ancestors (the sweep: time makes tasks overdue)."""
    leading = Organisation.objects.filter(lead_tasks__isnull=False).values_list("pk", flat=True).distinct()
    valued = IndicatorValue.objects.filter(source=ValueSource.FORMULA).values_list("organisation", flat=True)
    return recompute(with_ancestors({*leading, *valued}), today)


def recompute_indicator(pk: int, today: dt.date | None = None) -> int:
    """After a definition changed (formula, measures): its current values wherever it has values, the districts
    and the city. A failure is logged: the definition is saved, and the sweep catches up."""
    from fazhi.orgs.choices import OrganisationKind

    try:
        indicator = Indicator.objects.prefetch_related("measures").get(pk=pk, kind=IndicatorKind.FORMULA)
        valued = IndicatorValue.objects.filter(indicator=indicator).values_list("organisation", flat=True)
        districts = Organisation.objects.filter(kind=OrganisationKind.DISTRICT).values_list("pk", flat=True)
        return recompute(with_ancestors({*valued, *districts}), today, indicators=[indicator])
    except Indicator.DoesNotExist:
        return 0
    except Exception:  # pragma: no cover - logged for operators
        log.exception("recomputing indicator %s failed", pk)
        return 0


# --- recomputation when a source record changes --------------------------------------------------------------

# (formula key, organisation pk) → the periods to recompute, for the current transaction of this thread's
# connection, flushed after the commit.
_pending = threading.local()

Changes = dict[tuple[str, int], set[Period | None]]


def _changes() -> Changes:
    if not hasattr(_pending, "changes"):
        _pending.changes = {}
    return _pending.changes


def _placed(record: models.Model) -> Changes:
    """Where a record counts, per formula reading it: (formula, organisation) → periods (None = the current)."""
    placed: Changes = {}
    for formula in formulas_reading(record._meta.label):
        try:
            organisation = (formula.organisation_of or (lambda r: r.organisation))(record)
            if organisation is None:
                continue
            key = (formula.key, organisation if isinstance(organisation, int) else organisation.pk)
            if formula.dates_of is None:
                placed.setdefault(key, set()).add(None)
                continue
            days = [day for day in formula.dates_of(record) if day]
            if days:  # none yet (a ticket not replied to): it counts in no period, nothing to recompute
                placed.setdefault(key, set()).update(period for day in days for period in periods_of(day))
        except Exception:  # a record half-built or without its organisation: the sweep catches up
            log.exception("placing %s for formula %s failed", record._meta.label, formula.key)
    return placed


def _note(placed: Changes) -> None:
    """Remember the changes and have them recomputed after the commit."""
    connection = transaction.get_connection()
    if not any(func is flush_pending for _sids, func, *_rest in connection.run_on_commit):
        # No flush is waiting, so whatever is left was noted in a transaction (or savepoint) that rolled back.
        _pending.changes = {}
    changes = _changes()
    for key, periods in placed.items():
        changes.setdefault(key, set()).update(periods)
    if placed:
        # One callback per change (one registered in a savepoint that rolls back is dropped with it); the first
        # to run does the work of the whole transaction, the others find nothing left.
        transaction.on_commit(flush_pending)


def _before_save(sender: type[models.Model], instance: models.Model, raw: bool = False, **kwargs: Any) -> None:
    """An update may move a record to another organisation or period: remember where it counted before."""
    if raw or instance.pk is None or instance._state.adding:
        return
    stored = sender._base_manager.filter(pk=instance.pk).first()
    instance._indicators_before = _placed(stored) if stored is not None else {}


def _after_save(sender: type[models.Model], instance: models.Model, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    placed = instance.__dict__.pop("_indicators_before", {})
    for key, periods in _placed(instance).items():
        placed.setdefault(key, set()).update(periods)
    _note(placed)


def _before_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    instance._indicators_before = _placed(instance)  # placed while its related records still exist


def _after_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    _note(instance.__dict__.pop("_indicators_before", {}))


def connect_sources() -> None:
    """Connect the change signals once for every model some formula reads (from AppConfig.ready, or lazily)."""
    for label in {label for formula in FORMULAS.values() for label in formula.sources} - _connected:
        try:
            model = apps.get_model(label)
        except LookupError:
            log.warning("indicator source %s is not an installed model", label)
            continue
        uid = f"indicators:{label}"
        pre_save.connect(_before_save, sender=model, dispatch_uid=f"{uid}:pre_save")
        post_save.connect(_after_save, sender=model, dispatch_uid=f"{uid}:post_save")
        pre_delete.connect(_before_delete, sender=model, dispatch_uid=f"{uid}:pre_delete")
        post_delete.connect(_after_delete, sender=model, dispatch_uid=f"{uid}:post_delete")
        _connected.add(label)


def flush_pending(today: dt.date | None = None) -> int:
    """Recompute what the committed changes touched: per formula, the organisations and their ancestors, for the
    periods concerned. A failure is logged: the changes themselves are saved, and the sweep catches up."""
    changes = _changes()
    if not changes:
        return 0
    pending, _pending.changes = changes, {}
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        count = _recompute_changes(pending, today)
        if count:  # for operators (and bench/supervision.py): from the commit to the values stored
            log.info(
                "indicator values recomputed after a commit: %d in %.1f ms (%.1f ms CPU)",
                count,
                (time.perf_counter() - wall) * 1000,
                (time.process_time() - cpu) * 1000,
            )
        return count
    except Exception:  # pragma: no cover - logged for operators; the next change or the sweep recomputes
        log.exception("recomputing indicators failed")
        return 0


def _recompute_changes(pending: dict[tuple[str, int], set[Period | None]], today: dt.date | None) -> int:
    keys = {formula for formula, _org in pending}
    indicators = list(
        Indicator.objects.filter(kind=IndicatorKind.FORMULA, formula__in=keys).prefetch_related("measures")
    )
    if not indicators:
        return 0
    today = today or timezone.localdate()
    organisations = {o.pk: o for o in with_ancestors({org for _formula, org in pending})}
    by_path = {o.path: o for o in organisations.values()}
    work: dict[tuple[int, int, Period], tuple[Indicator, Organisation, Period]] = {}
    for (formula, org_id), periods in pending.items():
        origin = organisations.get(org_id)
        if origin is None:
            continue  # the organisation is gone
        chain = [o for path, o in by_path.items() if origin.path.startswith(path)]
        wanted = {p for p in periods if p is not None} | (set(current_periods(today)) if None in periods else set())
        for indicator in (i for i in indicators if i.formula == formula):
            for organisation in chain:
                for period in wanted:
                    work[(indicator.pk, organisation.pk, period)] = (indicator, organisation, period)
    return _store(work.values(), today)


def schedule_recompute(*tasks: Task) -> None:
    """Kept for the services' explicit calls: the task signals already note the change; this notes it again
    (deduplicated), which also covers a task saved without signals."""
    for task in tasks:
        _note(_placed(task))


# --- manual entry --------------------------------------------------------------------------------------------


def indicator_enter(
    *,
    indicator: Indicator,
    organisation: Organisation,
    period: Period,
    value: Decimal,
    evidence: str,
    user: Any,
    upload: Any = None,
) -> IndicatorValue:
    """A manual value with its evidence (text, optionally a file), entered by staff of the indicator's reporting
    organisation for it or its subtree. All or nothing: a refused file refuses the value."""
    from django.core.exceptions import PermissionDenied, ValidationError

    from fazhi.core.permissions import ADD, policy_of

    if indicator.kind != IndicatorKind.MANUAL:
        raise ValidationError(_("This indicator is computed by its formula: its values cannot be entered."))
    reporter = indicator.reporting_organisation
    if reporter is None or not organisation.path.startswith(reporter.path):
        raise ValidationError(
            {"organisation": _("%(reporter)s enters values for its own subtree only.") % {"reporter": reporter}}
        )
    if not policy_of(IndicatorValue).allows(user, ADD, IndicatorValue(indicator=indicator, organisation=reporter)):
        raise PermissionDenied(_("Only staff of %(reporter)s enter this indicator.") % {"reporter": reporter})
    evidence = (evidence or "").strip()
    if not evidence:
        raise ValidationError({"evidence": _("Give the evidence for a value entered by hand.")})
    if len(evidence) > 5000:
        raise ValidationError({"evidence": _("The evidence may have at most 5000 characters.")})
    try:
        value = Decimal(value)
    except (ArithmeticError, TypeError, ValueError):
        raise ValidationError({"value": _("Enter a number.")}) from None
    if not value.is_finite() or abs(value) >= Decimal("1e12"):
        raise ValidationError({"value": _("Enter a number below one trillion.")})
    value = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    with transaction.atomic():
        stored, _created = IndicatorValue.objects.update_or_create(
            indicator=indicator,
            organisation=organisation,
            period_kind=period.kind,
            period_start=period.start,
            defaults={
                "value": value,
                "evidence": evidence,
                "source": ValueSource.MANUAL,
                "computed_at": timezone.now(),
            },
        )
        if upload is not None:
            from fazhi.attachments.services import attachment_create

            attachment_create(upload=upload, target=stored, user=user, description=str(indicator)[:200])
    return stored


_LOADED = True
