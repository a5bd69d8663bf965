"""Indicators (评价指标) as data and their values per organisation and period.

An indicator evaluates one or more measures of the plan. Its value is either computed by a named formula over the
records the platform holds (see :mod:`fazhi.indicators.registry`) or entered by hand, with evidence, by the
organisation named on the indicator. Values are stored per (indicator, organisation, period).

The models were supervision's: their tables keep their names (``supervision_indicator``, …). What an indicator
evaluates in a domain is that domain's link to it: the plan's measures (``Measure.indicators``, reached here as
``indicator.measures``) belong to supervision, so this app does not know them.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import BaseModel
from fazhi.core.permissions import EVERYWHERE, VIEW, Policy, ScopedPolicy, perm_codename, scopes_for


class Direction(models.TextChoices):
    HIGHER_BETTER = "higher_better", _("higher is better")
    LOWER_BETTER = "lower_better", _("lower is better")


class IndicatorKind(models.TextChoices):
    FORMULA = "formula", _("computed by a formula")
    MANUAL = "manual", _("entered by hand with evidence")


class PeriodKind(models.TextChoices):
    MONTH = "month", _("month")
    QUARTER = "quarter", _("quarter")
    YEAR = "year", _("year")


class IndicatorPolicy(Policy):
    """Definitions are read by everyone and changed by administrators and city-wide staff (the city rule-of-law
    office): a district's reviewer holds the permission only in its district, which is not enough."""

    public_actions = frozenset({VIEW})

    def filter(self, queryset: models.QuerySet, user: Any, action: str) -> models.QuerySet:
        return queryset if self.allows_any(user, action) else queryset.none()

    def allows_any(self, user: Any, action: str) -> bool:
        return action == VIEW or scopes_for(user, perm_codename(self.model, action)) is EVERYWHERE

    def allows_object(self, user: Any, action: str, obj: models.Model) -> bool:
        return self.allows_any(user, action)


class Indicator(BaseModel):
    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=32, blank=True)
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2)
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=2, default=1)
    direction = models.CharField(
        _("direction"), max_length=16, choices=Direction.choices, default=Direction.HIGHER_BETTER
    )
    kind = models.CharField(_("kind"), max_length=16, choices=IndicatorKind.choices, default=IndicatorKind.FORMULA)
    formula = models.CharField(_("formula"), max_length=64, blank=True)
    reporting_organisation = models.ForeignKey(
        "orgs.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reporting organisation"),
        help_text=_("For indicators entered by hand: the organisation that enters the values."),
    )

    policy = IndicatorPolicy()

    class Meta:
        db_table = "supervision_indicator"  # the table it had in supervision
        ordering = ("code",)
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = (models.CheckConstraint(condition=models.Q(weight__gte=0), name="indicator_weight_not_negative"),)

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from fazhi.indicators.registry import FORMULAS

        errors: dict[str, Any] = {}
        if self.kind == IndicatorKind.FORMULA:
            if self.formula not in FORMULAS:
                errors["formula"] = _("Unknown formula %(key)s. Known formulas: %(known)s.") % {
                    "key": self.formula or "—",
                    "known": ", ".join(sorted(FORMULAS)),
                }
        elif self.formula:
            errors["formula"] = _("An indicator entered by hand has no formula.")
        elif self.reporting_organisation_id is None:
            errors["reporting_organisation"] = _("Name the organisation that enters this indicator's values.")
        if self.kind == IndicatorKind.FORMULA and self.reporting_organisation_id is not None:
            errors["reporting_organisation"] = _("Only an indicator entered by hand has a reporting organisation.")
        if self.weight is not None and self.weight < 0:
            errors["weight"] = _("The weight cannot be negative.")
        if errors:
            raise ValidationError(errors)


class ValueSource(models.TextChoices):
    FORMULA = "formula", _("formula")
    MANUAL = "manual", _("manual entry")


class IndicatorValue(BaseModel):
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="values", verbose_name=_("indicator")
    )
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    period_kind = models.CharField(_("period"), max_length=8, choices=PeriodKind.choices)
    period_start = models.DateField(_("period start"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2, null=True, blank=True)
    computed_at = models.DateTimeField(_("computed at"))
    source = models.CharField(_("source"), max_length=8, choices=ValueSource.choices, default=ValueSource.FORMULA)
    evidence = models.TextField(_("evidence"), blank=True, max_length=5000)

    policy = ScopedPolicy(org_field="organisation")

    class Meta:
        db_table = "supervision_indicatorvalue"
        ordering = ("indicator", "period_start", "organisation__path")
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = (
            models.UniqueConstraint(
                fields=("indicator", "organisation", "period_kind", "period_start"), name="unique_indicator_value"
            ),
        )

    def __str__(self) -> str:
        return f"{self.indicator} · {self.organisation} · {self.period}"

    @property
    def period(self) -> Any:
        """The :class:`~fazhi.indicators.registry.Period` (prints as 2025-06, 2025-Q2 or 2025)."""
        from fazhi.indicators.registry import Period

        return Period(self.period_kind, self.period_start)

    def get_absolute_url(self) -> str:
        """The drill-down: the number and the records behind it."""
        url = reverse("supervision_console:indicator_records", args=(self.indicator_id, self.organisation.code))
        return f"{url}?period={self.period}"
