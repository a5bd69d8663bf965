"""Writes of the workflow app: the city office's time-limit settings, and recomputing open deadlines."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core.permissions import CHANGE
from fazhi.workflow.calendar import calendar
from fazhi.workflow.clocks import CLOCKS, Clock, Unit, deadline
from fazhi.workflow.models import SETTINGS_CACHE_KEY, ClockSetting
from fazhi.workflow.provisions import clocked_models


def clock_setting_save(
    *, clock: Clock, amount: int, emergency_amount: int | None, reason: str, user: Any
) -> ClockSetting:
    """The city office sets a clock's amount. A policy limit may take any value; a statutory one only a shorter
    one than its article allows, and the fast track never slower than the normal track. Applies to clocks started
    from now on (open matters keep their deadlines)."""
    if not ClockSetting.policy.allows(user, CHANGE):
        raise PermissionDenied(_("Only the city office changes time limits."))
    errors: dict[str, str] = {}
    if amount < 1:
        errors["amount"] = _("At least one.")
    if clock.statutory and amount > clock.duration.amount:
        errors["amount"] = _("%(basis)s allows at most %(duration)s: a statutory limit can only be shortened.") % {
            "basis": clock.basis,
            "duration": clock.duration,
        }
    if emergency_amount is not None:
        if clock.emergency is None:
            errors["emergency_amount"] = _("This time limit has no fast track.")
        elif emergency_amount > amount:
            errors["emergency_amount"] = _("The fast track cannot be slower than the normal track.")
        elif emergency_amount < 1:
            errors["emergency_amount"] = _("At least one.")
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = _("Say why the time limit changes.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        setting = ClockSetting.objects.select_for_update().filter(key=clock.key).first() or ClockSetting(key=clock.key)
        setting.amount, setting.emergency_amount, setting.reason = amount, emergency_amount, reason[:500]
        setting.save()
        transaction.on_commit(lambda: cache.delete(SETTINGS_CACHE_KEY))
    cache.delete(SETTINGS_CACHE_KEY)
    return setting


def recompute_deadlines(*, only_estimated: bool = False) -> dict[str, int]:
    """Every running day-counted clock's deadline again (after a newer holiday table was installed).

    A deadline depends only on the clock, the local day it started, its amount and the extra units, so the
    database groups the running records by those (one GROUP BY), each distinct deadline is computed once, and the
    rows whose stored deadline differs are rewritten: on PostgreSQL by one UPDATE joined to the computed groups
    (one pass over the table), elsewhere by one indexed UPDATE per group. ``only_estimated``: just the
    deadlines counted past the years the old table knew (the ones a newer table can change, unless the State
    Council revised an announced year). Returns per model label how many records were read and changed."""
    report: dict[str, int] = defaultdict(int)
    keys = [k for k, c in CLOCKS.items() if c.duration.unit != Unit.HOURS]
    for model in clocked_models():
        label = model._meta.label_lower
        running = model._default_manager.filter(
            clock__in=keys, clock_paused_at__isnull=True, clock_started_on__isnull=False
        )
        if only_estimated:
            running = running.filter(deadline_estimated=True)
        groups = (
            running.values_list("clock", "clock_started_on", "clock_amount", "clock_extra")
            .annotate(n=Count("pk"))
            .order_by()
        )
        computed = []
        for key, day, amount, extra, count in groups:
            start = timezone.make_aware(dt.datetime.combine(day, dt.time(12)))
            due, estimated = deadline(CLOCKS[key], start, amount=amount, extra=extra)
            computed.append((key, day, amount, extra, due, estimated))
            report[f"{label} read"] += count
        # Deadlines are derived data: plain UPDATEs (no audit entry per row; the run is audited once).
        with transaction.atomic():
            if connection.vendor == "postgresql":
                changed = _update_joined(model, computed)
            else:
                changed = sum(_update_group(model, *row) for row in computed)
        report[f"{label} changed"] += changed
    if any(report.values()):
        _audit_recompute(dict(report))
    return dict(report)


def _update_group(model: Any, key: str, day: dt.date, amount: int, extra: int, due: dt.datetime, est: bool) -> int:
    """One indexed UPDATE for the running records of one group whose stored deadline differs."""
    same = {"clock": key, "clock_started_on": day, "clock_amount": amount, "clock_extra": extra}
    return int(
        model._base_manager.filter(clock_paused_at__isnull=True, **same)
        .exclude(due_at=due, deadline_estimated=est)
        .update(due_at=due, deadline_estimated=est)
    )


def _update_joined(model: Any, computed: list[tuple[Any, ...]], batch: int = 2000) -> int:
    """PostgreSQL: every group in one UPDATE … FROM (VALUES …) per batch of groups — one pass over the table
    instead of one index scan per group; only rows whose deadline differs are written."""
    table = connection.ops.quote_name(model._meta.db_table)
    changed = 0
    with connection.cursor() as cursor:
        for i in range(0, len(computed), batch):
            rows = computed[i : i + batch]
            values = ", ".join(["(%s, %s::date, %s::integer, %s::integer, %s::timestamptz, %s::boolean)"] * len(rows))
            cursor.execute(
                f"UPDATE {table} AS m SET due_at = v.due, deadline_estimated = v.est "
                f"FROM (VALUES {values}) AS v(clock, day, amount, extra, due, est) "
                "WHERE m.clock = v.clock AND m.clock_started_on = v.day AND m.clock_amount = v.amount "
                "AND m.clock_extra = v.extra AND m.clock_paused_at IS NULL "
                "AND (m.due_at IS DISTINCT FROM v.due OR m.deadline_estimated <> v.est)",
                [value for row in rows for value in row],
            )
            changed += cursor.rowcount
    return changed


def _audit_recompute(report: dict[str, int]) -> None:
    """One audit event for the run (deadlines are derived data; the rows' own history is in their events)."""
    from django.contrib.contenttypes.models import ContentType

    from fazhi.audit.services import append_entry

    append_entry(
        action="deadlines_recomputed",
        content_type=ContentType.objects.get_for_model(ClockSetting),
        object_id="",
        object_repr="running deadlines",
        after=report,
        message=f"holiday schedule known to {calendar().last_known.year}",
    )
