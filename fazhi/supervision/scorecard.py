"""The scorecard: districts (or a district's streets) ranked by their weighted indicator score for one period.

Each indicator's value is normalised to its target (achievement, capped at 1): ``value / target`` when higher is
better, ``target / value`` when lower is better (a value at or below the target scores 1). The score is
``100 × Σ weight × achievement / Σ weight`` over the indicators that have a value for the district; an indicator
without a value (no tasks to measure, no manual entry) counts neither for nor against it.

**Insufficient data (数据不足).** A period that has hardly begun, or one nothing was recorded in, must not rank
districts on zeros. An indicator *has no data* in the period when no row has a value other than 0 (nothing was
recorded anywhere: zeros there say nothing about anyone); it then counts for no one. A district is scored and ranked
only when its values cover at least ``MIN_COVERAGE`` of the weight of the indicators that have data; otherwise its
rank and score are "insufficient data". Both thresholds are policy: the plan (measure 29) asks for an evaluation
system but sets no rule for it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from fazhi.indicators.models import Direction, Indicator, IndicatorKind, IndicatorValue
from fazhi.indicators.registry import FORMULAS, Period
from fazhi.indicators.values import compute_values, queue_values
from fazhi.orgs.choices import OrganisationKind
from fazhi.orgs.models import Organisation

#: A district is ranked only if its values cover at least this share of the weight of the indicators with data (policy).
MIN_COVERAGE = Decimal("0.5")


def achievement(indicator: Indicator, value: Decimal | None) -> Decimal | None:
    if value is None:
        return None
    target = Decimal(indicator.target)
    if indicator.direction == Direction.LOWER_BETTER:
        if value <= target:
            return Decimal(1)
        return target / value
    if target <= 0:
        return Decimal(1)
    return min(Decimal(value) / target, Decimal(1))


@dataclass
class Cell:
    indicator: Indicator
    value: Decimal | None
    achievement: Decimal | None
    pending: bool = False  # not stored yet: being computed in the background
    counted: bool = True  # False: the indicator has no data in the period (see the module docstring)

    @property
    def no_data(self) -> bool:
        """Shown as 数据不足: no value, or the indicator has no data anywhere in the period."""
        return not self.pending and (self.value is None or not self.counted)


@dataclass
class Row:
    organisation: Organisation
    cells: list[Cell] = field(default_factory=list)
    score: Decimal | None = None
    rank: int | None = None
    insufficient: bool = False  # too little data to score and rank (数据不足)


def scorecard(
    period: Period, organisations: QuerySet | None = None, today: dt.date | None = None, *, wait: bool = True
) -> tuple[list[Indicator], list[Row]]:
    """Rows for the districts (or the organisations given), best score first; districts without a score last.

    Stored values are shown. A formula value not stored yet is computed — all organisations of an indicator in
    one grouped computation — or, with ``wait=False`` (the pages), computed in the background: its cell is
    ``pending`` and counts neither way until a later visit finds it stored."""
    if organisations is None:
        organisations = Organisation.objects.filter(kind=OrganisationKind.DISTRICT, is_active=True)
    indicators = list(Indicator.objects.prefetch_related("measures").select_related("reporting_organisation"))
    organisations = list(organisations.order_by("path"))
    stored = _stored(period, organisations)
    missing = {
        indicator.pk: [o for o in organisations if (indicator.pk, o.pk) not in stored]
        for indicator in indicators
        if indicator.kind == IndicatorKind.FORMULA and indicator.formula in FORMULAS
    }
    missing = {pk: orgs for pk, orgs in missing.items() if orgs}
    pending: set[tuple[int, int]] = set()
    if missing and not wait:
        queue_values(period, {o for orgs in missing.values() for o in orgs})
        stored = _stored(period, organisations)  # an in-process task backend has stored them already
        pending = {(pk, o.pk) for pk, orgs in missing.items() for o in orgs if (pk, o.pk) not in stored}
    elif missing:
        for indicator in indicators:
            if indicator.pk in missing:
                for pk, value in compute_values(indicator, missing[indicator.pk], period, today).items():
                    stored[indicator.pk, pk] = value
    with_data = {
        indicator.pk
        for indicator in indicators
        if any(stored.get((indicator.pk, o.pk)) not in (None, 0) for o in organisations)
    }
    weight_with_data = sum((Decimal(i.weight) for i in indicators if i.pk in with_data), Decimal(0))
    rows = []
    for organisation in organisations:
        row = Row(organisation)
        weighted, weights = Decimal(0), Decimal(0)
        for indicator in indicators:
            value = stored.get((indicator.pk, organisation.pk))  # a manual value not entered: None
            counted = indicator.pk in with_data
            score = achievement(indicator, value) if counted else None
            is_pending = (indicator.pk, organisation.pk) in pending
            row.cells.append(Cell(indicator, value, score, pending=is_pending, counted=counted))
            if score is not None and indicator.weight:
                weighted += Decimal(indicator.weight) * score
                weights += Decimal(indicator.weight)
        if weights and weights >= MIN_COVERAGE * weight_with_data:
            row.score = (100 * weighted / weights).quantize(Decimal("0.1"))
        else:
            row.insufficient = not any(cell.pending for cell in row.cells)
        rows.append(row)
    rows.sort(key=lambda r: (r.score is None, -(r.score or 0), r.organisation.path))
    for position, row in enumerate(rows, start=1):
        row.rank = position if row.score is not None else None
    return indicators, rows


def latest_period_with_data(
    kind: str, organisations: QuerySet | list[Organisation], today: dt.date | None = None
) -> Period:
    """The period a leader's page opens on: the latest period of ``kind`` (not after today's) in which enough was
    recorded to say something — the current one when it has as much data as the best period so far.

    "Data" are stored values other than 0 of the indicators that count records dated in a period (hand-entered
    ones included), for the organisations given; the task indicators are left out, as they have a value in every
    period (task statuses are judged on a day). A period qualifies when at least half as many indicators have data
    in it as in the period with the most (a month that has just begun has a ticket or two, not a picture). One
    grouped query on the stored values. Without any data: the current period."""
    from django.db.models import Count

    current = Period.containing(kind, today or timezone.localdate())
    dated = [
        pk
        for pk, indicator_kind, formula in Indicator.objects.values_list("pk", "kind", "formula")
        if indicator_kind == IndicatorKind.MANUAL or (formula in FORMULAS and not FORMULAS[formula].judged_on_day)
    ]
    counts = dict(
        IndicatorValue.objects.filter(
            indicator__in=dated,
            organisation__in=organisations,
            period_kind=kind,
            period_start__lte=current.start,
            value__isnull=False,
        )
        .exclude(value=0)
        .values("period_start")
        .annotate(n=Count("indicator", distinct=True))
        .values_list("period_start", "n")
        .order_by()
    )
    if not counts:
        return current
    enough = (max(counts.values()) + 1) // 2
    return Period(kind, max(start for start, n in counts.items() if n >= enough))


def is_pending(rows: list[Row]) -> bool:
    """Whether some value of the scorecard is still being computed in the background."""
    return any(cell.pending for row in rows for cell in row.cells)


def _stored(period: Period, organisations: list[Organisation]) -> dict[tuple[int, int], Decimal | None]:
    return {
        (indicator, organisation): value
        for indicator, organisation, value in IndicatorValue.objects.filter(
            period_kind=period.kind, period_start=period.start, organisation__in=organisations
        ).values_list("indicator", "organisation", "value")
    }


def scorecard_for(
    user: Any, period: Period, today: dt.date | None = None, district: Organisation | None = None, *, wait: bool = True
) -> tuple[list[Indicator], list[Row]]:
    """The districts within the user's reach for indicator values; with ``district``, that district's streets
    (those within reach: a street's staff see their own street only)."""
    return scorecard(period, scorecard_organisations(user, district), today, wait=wait)


def scorecard_organisations(user: Any, district: Organisation | None = None) -> QuerySet:
    """The rows of :func:`scorecard_for`: the districts within reach, or ``district``'s streets within reach."""
    reachable = Organisation.objects.where(user, "indicators.view_indicatorvalue").filter(is_active=True)
    if district is not None:
        return reachable.filter(parent=district, kind=OrganisationKind.STREET)
    return reachable.filter(kind=OrganisationKind.DISTRICT)


def reachable_district(user: Any, code: str) -> Organisation | None:
    """The district of that code if the user reads indicator values in it or in one of its streets."""
    district = Organisation.objects.filter(code=(code or "")[:32], kind=OrganisationKind.DISTRICT).first()
    if district is None:
        return None
    reachable = Organisation.objects.where(user, "indicators.view_indicatorvalue")
    if reachable.filter(pk=district.pk).exists() or reachable.filter(parent=district).exists():
        return district
    return None
