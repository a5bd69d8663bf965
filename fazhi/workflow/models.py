"""What a clocked record stores (``ClockedModel``), and the city office's settings of policy limits."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import BaseModel
from fazhi.core.permissions import CityWidePolicy


class ClockedModel(models.Model):
    """Abstract: a record whose current step runs against a clock (``fazhi.workflow.clocks``).

    ``due_at`` is the deadline that results, kept in one indexed column so that queues sort by it; the other
    fields let it be recomputed (a changed holiday table, a pause, an extension) without reading the history.
    """

    due_at = models.DateTimeField(_("due"), null=True, blank=True, db_index=True)
    clock = models.CharField(_("clock"), max_length=48, blank=True, editable=False)
    clock_started_at = models.DateTimeField(_("clock started at"), null=True, blank=True, editable=False)
    #: The local day it started: what a day-counted deadline depends on (recomputing groups by it).
    clock_started_on = models.DateField(null=True, blank=True, editable=False, db_index=True)
    #: The amount in force when it started (the setting, the fast track, a category's own limit): a later change
    #: of the setting applies to clocks started after it.
    clock_amount = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    #: Units added to the clock's amount by pauses (time that does not count) and extensions.
    clock_extra = models.PositiveIntegerField(default=0, editable=False)
    clock_extended = models.PositiveIntegerField(default=0, editable=False)
    clock_paused_at = models.DateTimeField(_("clock paused at"), null=True, blank=True, editable=False)
    #: The deadline counted working days past the years of the announced holiday schedule.
    deadline_estimated = models.BooleanField(default=False, editable=False)

    class Meta:
        abstract = True


class ClockSetting(BaseModel):
    """The city office's amount for a clock, replacing the declared one: a policy limit freely, a statutory limit
    only downwards (``services.clock_setting_save`` refuses a longer one)."""

    key = models.CharField(_("clock"), max_length=48, unique=True)
    amount = models.PositiveSmallIntegerField(_("time limit"))
    emergency_amount = models.PositiveSmallIntegerField(
        _("time limit on the fast track"), null=True, blank=True, help_text=_("Empty: the declared one.")
    )
    reason = models.CharField(_("reason for the change"), max_length=500)

    policy = CityWidePolicy(public_view=True)

    class Meta:
        ordering = ("key",)
        verbose_name = _("time limit setting")
        verbose_name_plural = _("time limit settings")
        constraints = (models.CheckConstraint(condition=models.Q(amount__gte=1), name="clock_setting_at_least_one"),)

    def __str__(self) -> str:
        return f"{self.key}: {self.amount}"

    @classmethod
    def amount_for(cls, clock: Any, *, emergency: bool = False) -> int:
        setting = _settings().get(clock.key)
        if emergency and clock.emergency is not None:
            if setting is not None and setting[1] is not None:
                return setting[1]
            declared = clock.emergency.amount
            return min(declared, setting[0]) if setting is not None else declared
        return setting[0] if setting is not None else clock.duration.amount


def _settings() -> dict[str, tuple[int, int | None]]:
    """Every stored setting, read once per request-sized burst (a handful of rows; cleared on save)."""
    from django.core.cache import cache

    cached = cache.get(SETTINGS_CACHE_KEY)
    if cached is None:
        cached = {
            key: (amount, emergency)
            for key, amount, emergency in ClockSetting.objects.values_list("key", "amount", "emergency_amount")
        }
        cache.set(SETTINGS_CACHE_KEY, cached, 300)
    return cached


SETTINGS_CACHE_KEY = "fazhi.workflow.clock_settings"
