"""Factories for indicators and their values (supervision's own; shared ones are in fazhi/testing/factories.py)."""

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from fazhi.orgs.models import Organisation


class IndicatorFactory(factory.django.DjangoModelFactory):
    """A computed indicator (share of tasks done unless told otherwise)."""

    class Meta:
        model = "indicators.Indicator"
        django_get_or_create = ("code",)

    code = factory.LazyAttribute(lambda o: o.formula or "manual")
    name = factory.LazyAttribute(lambda o: o.code)
    formula = "tasks_done"
    unit = "%"
    target = Decimal(90)
    weight = Decimal(1)


class ManualIndicatorFactory(IndicatorFactory):
    """Entered by hand by Huangpu (310101)."""

    code = "satisfaction"
    kind = "manual"
    formula = ""
    unit = "分"
    reporting_organisation = factory.LazyFunction(lambda: Organisation.objects.get(code="310101"))


class IndicatorValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "indicators.IndicatorValue"

    indicator = factory.SubFactory(ManualIndicatorFactory)
    organisation = factory.LazyFunction(lambda: Organisation.objects.get(code="310101"))
    period_kind = "month"
    period_start = factory.LazyFunction(lambda: dt.date(2026, 6, 1))
    value = Decimal(85)
    source = "manual"
    evidence = "满意度调查 2026-06"
    computed_at = factory.LazyFunction(timezone.now)
