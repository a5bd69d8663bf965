"""The default indicator set ``fazhi setup`` loads: one indicator per registered formula, created once.

Idempotent: an indicator whose code exists is left as it is (administrators may have changed its target or
weight) — except where an earlier default was wrong and the indicator still carries it (``CORRECTIONS``); a formula
registered later by another module simply joins on the next run.

Targets are policy (the plan sets no number for any of them): a share 90 %, a mean rating on the 1–5 scale 4.5 (the
same 90 % of the scale's top), counts as below.
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
    # mean ratings on the 1–5 scale: a target of 1 (the old default for a non-share) was met by any rating at all
    "hotline_satisfaction": (Decimal("4.5"), Decimal(1)),
    "suggestions_rating": (Decimal("4.5"), Decimal(1)),
}

#: formula key → (wrong default target, names the indicator had under an earlier definition): an indicator still
#: carrying that target or name is corrected on the next ``fazhi setup`` (audited); one changed by hand is not.
CORRECTIONS: dict[str, tuple[Decimal | None, frozenset[str]]] = {
    "hotline_satisfaction": (Decimal(1), frozenset()),
    "suggestions_rating": (Decimal(1), frozenset()),
    # counted done tasks as on schedule, so equal to the share done once every open task was past its deadline
    "tasks_on_schedule": (
        None,
        frozenset({"按进度推进的任务占比（未逾期、未停滞）", "Share of tasks on schedule (not overdue, not stalled)"}),
    ),
}


def load_default_indicators(stdout: Any = None) -> int:
    """Create the missing default indicators; returns how many were created."""
    plan = Plan.objects.main()
    created = 0
    # Names are data, stored in the platform's language (commands run with translation off, i.e. in English).
    with acting(source="system", action="indicators.defaults"), translation.override(settings.LANGUAGE_CODE):
        for key, formula in sorted(FORMULAS.items()):
            existing = Indicator.objects.filter(code=key).first()
            if existing is not None:
                _correct(existing, formula)
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


def _correct(indicator: Indicator, formula: Any) -> None:
    """Replace a wrong earlier default the indicator still carries (a save: audited like any change)."""
    if indicator.code not in CORRECTIONS or indicator.formula != indicator.code:
        return
    wrong_target, old_names = CORRECTIONS[indicator.code]
    changed = []
    if wrong_target is not None and indicator.target == wrong_target and indicator.code in DEFAULTS:
        indicator.target = DEFAULTS[indicator.code][0]
        changed.append("target")
    if indicator.name in old_names:
        indicator.name = str(formula.label)[:200]
        changed.append("name")
    if changed:
        indicator.save(update_fields=[*changed, "updated_at"])
