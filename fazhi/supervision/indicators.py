"""The indicator formulas and their computation per organisation and period.

A formula is a named function ``(indicator, organisation, period, today) -> Decimal | None`` over the records the
platform holds. It counts the tasks *led within the organisation's subtree*, so an organisation's value already
includes its streets' and bodies' work: values roll up the hierarchy by construction. Only tasks that are not
delegated further are counted (a delegated task's progress is its children's; counting both would count twice).
``None`` means "nothing to measure" (no tasks), which is not the same as 0.

Values are stored in :class:`IndicatorValue`. The supervision services call :func:`schedule_recompute` after a task
or a report changes (``transaction.on_commit``, so only committed changes count); the daily sweep recomputes all
current values, since time alone makes a task overdue or stalled.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.orgs.models import Organisation
from fazhi.supervision.choices import ReportStatus, TaskStatus
from fazhi.supervision.indicator_models import Indicator, IndicatorKind, IndicatorValue, PeriodKind, ValueSource
from fazhi.supervision.models import ProgressReport, Task

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
        """``2025-06`` (month), ``2025-Q2`` (quarter) or ``2025`` (year); ValueError otherwise."""
        text = (text or "").strip().upper()
        if len(text) == 4 and text.isdigit():
            return cls(PeriodKind.YEAR, dt.date(int(text), 1, 1))
        year, _sep, rest = text.partition("-")
        if not (year.isdigit() and len(year) == 4 and rest):
            raise ValueError(text)
        if rest.startswith("Q") and rest[1:] in ("1", "2", "3", "4"):
            return cls(PeriodKind.QUARTER, dt.date(int(year), 3 * int(rest[1:]) - 2, 1))
        if rest.isdigit() and 1 <= int(rest) <= 12:
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


# --- the formula registry ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Formula:
    key: str
    label: Any
    unit: str
    compute: Callable[[Indicator, Organisation, Period, dt.date], Decimal | None]


FORMULAS: dict[str, Formula] = {}


def register(key: str, label: Any, unit: str = "") -> Callable:
    def decorator(func: Callable) -> Callable:
        FORMULAS[key] = Formula(key, label, unit, func)
        return func

    return decorator


def _percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def work_tasks(indicator: Indicator, organisation: Organisation, as_of: dt.date) -> Any:
    """Tasks led within the organisation's subtree, not delegated further, started by ``as_of``, of the measures."""
    tasks = Task.objects.filter(
        lead_organisation__path__startswith=organisation.path, children__isnull=True, start_date__lte=as_of
    )
    measures = list(indicator.measures.values_list("pk", flat=True)) if indicator.pk else []
    return tasks.filter(measure__in=measures) if measures else tasks


def on_schedule_q(as_of: dt.date) -> tuple[Q, Q]:
    """(overdue, stalled) as the sweep defines them, judged on ``as_of``."""
    stalled_before = as_of - dt.timedelta(days=settings.SUPERVISION_STALLED_DAYS)
    overdue = Q(deadline__lt=as_of) & ~Q(status=TaskStatus.DONE)
    stalled = (
        ~Q(status=TaskStatus.DONE)
        & Q(deadline__gte=as_of, start_date__lte=stalled_before)
        & (Q(last_accepted__isnull=True) | Q(last_accepted__date__lte=stalled_before))
    )
    return overdue, stalled


@register("tasks_on_schedule", _("Share of tasks on schedule (not overdue, not stalled)"), "%")
def tasks_on_schedule(indicator: Indicator, organisation: Organisation, period: Period, today: dt.date) -> Any:
    as_of = period.as_of(today)
    tasks = work_tasks(indicator, organisation, as_of).annotate(
        last_accepted=Max(
            "reports__reviewed_at",
            filter=Q(reports__status=ReportStatus.ACCEPTED, reports__reviewed_at__date__lte=as_of),
        )
    )
    overdue, stalled = on_schedule_q(as_of)
    total = tasks.count()
    late = tasks.filter(overdue | stalled).count()
    return _percent(total - late, total)


@register("tasks_done", _("Share of tasks done"), "%")
def tasks_done(indicator: Indicator, organisation: Organisation, period: Period, today: dt.date) -> Any:
    tasks = work_tasks(indicator, organisation, period.as_of(today))
    return _percent(tasks.filter(status=TaskStatus.DONE).count(), tasks.count())


@register("reports_accepted", _("Progress reports accepted in the period"))
def reports_accepted(indicator: Indicator, organisation: Organisation, period: Period, today: dt.date) -> Any:
    reports = ProgressReport.objects.filter(
        task__lead_organisation__path__startswith=organisation.path,
        status=ReportStatus.ACCEPTED,
        reviewed_at__date__gte=period.start,
        reviewed_at__date__lte=period.end,
    )
    measures = list(indicator.measures.values_list("pk", flat=True))
    if measures:
        reports = reports.filter(task__measure__in=measures)
    return Decimal(reports.count())


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
    return FORMULAS[indicator.formula].compute(indicator, organisation, period, today or timezone.localdate())


def store_value(
    indicator: Indicator, organisation: Organisation, period: Period, today: dt.date | None = None
) -> IndicatorValue:
    """Compute and store one value; an unchanged value is not written again (nor audited)."""
    value = compute_indicator(indicator, organisation, period, today)
    stored, created = IndicatorValue.objects.get_or_create(
        indicator=indicator,
        organisation=organisation,
        period_kind=period.kind,
        period_start=period.start,
        defaults={"value": value, "computed_at": timezone.now(), "source": ValueSource.FORMULA},
    )
    if not created and stored.value != value:
        stored.value, stored.computed_at = value, timezone.now()
        stored.save()
    return stored


def recompute(organisations: Iterable[Organisation], today: dt.date | None = None) -> int:
    """Recompute the formula indicators of these organisations for the current month, quarter and year."""
    indicators = list(Indicator.objects.filter(kind=IndicatorKind.FORMULA).prefetch_related("measures"))
    count = 0
    with transaction.atomic():
        for organisation in organisations:
            for period in current_periods(today):
                for indicator in indicators:
                    store_value(indicator, organisation, period, today)
                    count += 1
    return count


def recompute_for_task(task: Task, today: dt.date | None = None) -> int:
    """After a task changed: its lead organisation's values and every ancestor's (the city's included)."""
    organisation = Organisation.objects.get(pk=task.lead_organisation_id)
    return recompute([*organisation.ancestors(), organisation], today)


def recompute_all(today: dt.date | None = None) -> int:
    """Every organisation that leads tasks, and their ancestors (the sweep: time makes tasks overdue)."""
    paths = Organisation.objects.filter(lead_tasks__isnull=False).values_list("path", flat=True).distinct()
    codes = {code for path in paths for code in path.strip("/").split("/")}
    return recompute(Organisation.objects.filter(code__in=codes), today)


def schedule_recompute(*tasks: Task) -> None:
    """Recompute after the surrounding transaction commits. A failure is logged: the change itself is saved."""

    def run() -> None:
        try:
            for task in {t.pk: t for t in tasks}.values():
                recompute_for_task(task)
        except Exception:  # pragma: no cover - logged for operators; the next change or sweep recomputes
            log.exception("recomputing indicators failed")

    if Indicator.objects.filter(kind=IndicatorKind.FORMULA).exists():
        transaction.on_commit(run)


def indicator_enter(
    *, indicator: Indicator, organisation: Organisation, period: Period, value: Decimal, evidence: str, user: Any
) -> IndicatorValue:
    """A manual value with its evidence, entered by staff of the indicator's reporting organisation."""
    from django.core.exceptions import PermissionDenied, ValidationError

    from fazhi.core.permissions import ADD, policy_of

    if indicator.kind != IndicatorKind.MANUAL:
        raise ValidationError(_("This indicator is computed by its formula: its values cannot be entered."))
    reporter = indicator.reporting_organisation
    if not organisation.path.startswith(reporter.path):
        raise ValidationError(_("%(reporter)s enters values for its own subtree only.") % {"reporter": reporter})
    if not policy_of(IndicatorValue).allows(user, ADD, IndicatorValue(indicator=indicator, organisation=reporter)):
        raise PermissionDenied(_("Only staff of %(reporter)s enter this indicator.") % {"reporter": reporter})
    evidence = (evidence or "").strip()
    if not evidence:
        raise ValidationError({"evidence": _("Give the evidence for a value entered by hand.")})
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
    return stored
