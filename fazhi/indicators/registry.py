"""The public indicator registry: periods, the formula registry, and helpers formulas share.

A formula is a named function ``(indicator, organisation, period, today) -> Decimal | None`` over the records the
platform holds, registered with :func:`register` together with what it reads (``sources``, model labels), how a
record of a source is placed (``organisation_of``; ``dates_of`` for the periods it falls in, none = the current
ones) and the records behind a number (``records``, for the drill-down). Formulas count the records *within the
organisation's subtree*, so a district's value includes its streets' and bodies': values roll up the hierarchy by
construction. ``None`` means "nothing to measure", which is not the same as 0.

Domain apps feed the indicators: each registers its formulas from its ``AppConfig.ready`` (supervision, the
hotline, suggestions, surveys: ``from fazhi.indicators.registry import Period, percent, register, within``). The
order in which apps register does not matter: the change signals are connected once, for every model, by
:mod:`fazhi.indicators.values`, and look the formulas up by the saved record's model when it is saved.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone

from fazhi.indicators.models import Indicator, PeriodKind
from fazhi.orgs.models import Organisation

# --- periods -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    kind: str
    start: dt.date

    @property
    def end(self) -> dt.date:
        """The last day of the period."""
        months = {PeriodKind.MONTH.value: 1, PeriodKind.QUARTER.value: 3, PeriodKind.YEAR.value: 12}[self.kind]
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
#: relations of Indicator that formulas read (``prefetch_related`` names), declared by the apps that own them
PREFETCH: list[str] = []


def prefetch(*names: str) -> None:
    """Have indicator querysets computed over fetch these relations at once (supervision: ``"measures"``, the plan
    measures an indicator evaluates — the relation is supervision's, this app does not name it)."""
    PREFETCH.extend(name for name in names if name not in PREFETCH)


def indicator_queryset() -> QuerySet[Indicator]:
    """Every indicator, with the relations the formulas read."""
    return Indicator.objects.prefetch_related(*PREFETCH)


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
    """The formulas reading a model (``app_label.ModelName``): a few dozen formulas, looked up on every save."""
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


def subtrees(lookup: str, organisations: list[Organisation]) -> Q:
    """Records whose organisation (``lookup``) is in any of the organisations' subtrees; no filter with the root."""
    if any(o.parent_id is None for o in organisations):
        return Q()
    condition = Q(pk__in=[])
    for organisation in organisations:
        condition |= Q(**{f"{lookup}__path__startswith": organisation.path})
    return condition


def fold(
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


def midnight(day: dt.date) -> dt.datetime:
    """The start of a local day, to compare timestamps with a range (an index can serve it, ``__date`` cannot)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def during(lookup: str, first: dt.date, last: dt.date) -> Q:
    """Timestamps (``lookup``) on the local days ``first`` to ``last``."""
    return Q(**{f"{lookup}__gte": midnight(first), f"{lookup}__lt": midnight(last + dt.timedelta(days=1))})
