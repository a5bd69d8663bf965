"""The default indicator set ``fazhi setup`` loads: one indicator per registered formula, created once.

Idempotent: an indicator whose code exists is left as it is (administrators may have changed its target or
weight); a formula registered later by another module simply joins on the next run.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import translation

from fazhi.core.context import acting
from fazhi.indicators.models import Direction, Indicator, IndicatorKind
from fazhi.indicators.registry import FORMULAS
from fazhi.supervision.models import Measure, Plan

#: formula key → (target, weight) where the default of a share (90 %, weight 1) does not fit
DEFAULTS: dict[str, tuple[Decimal, Decimal]] = {
    "tasks_on_schedule": (Decimal(90), Decimal(3)),
    "tasks_done": (Decimal(60), Decimal(2)),
    "milestones_on_time": (Decimal(90), Decimal(2)),
    "reports_accepted": (Decimal(3), Decimal(1)),
    "interpretations_published": (Decimal(2), Decimal(1)),
    "typical_cases_published": (Decimal(50), Decimal("0.5")),
}


def load_default_indicators(stdout: Any = None) -> int:
    """Create the missing default indicators; returns how many were created."""
    plan = Plan.objects.main()
    created = 0
    # Names are data, stored in the platform's language (commands run with translation off, i.e. in English).
    with acting(source="system", action="indicators.defaults"), translation.override(settings.LANGUAGE_CODE):
        for key, formula in sorted(FORMULAS.items()):
            if Indicator.objects.filter(code=key).exists():
                continue
            target, weight = DEFAULTS.get(key, (Decimal(90) if formula.unit == "%" else Decimal(1), Decimal(1)))
            indicator = Indicator(
                code=key,
                name=str(formula.label)[:200],
                unit=formula.unit,
                target=target,
                weight=weight,
                direction=Direction.HIGHER_BETTER,
                kind=IndicatorKind.FORMULA,
                formula=key,
            )
            indicator.full_clean()
            indicator.save()
            if plan is not None and formula.evaluates:
                indicator.measures.set(Measure.objects.filter(plan=plan, number__in=formula.evaluates))
            created += 1
    if stdout is not None and created:
        stdout.write(f"indicators: {created} default indicators created\n")
    return created
