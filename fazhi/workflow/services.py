"""Writes of the workflow app: the city office's time-limit settings, and recomputing open deadlines."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
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


def recompute_deadlines(*, batch_size: int = 5000) -> dict[str, int]:
    """Every running working-day or calendar-day clock's deadline again (after a newer holiday table was
    installed): open records are grouped by what their deadline depends on — clock, start day, amount, extra
    units — so each distinct deadline is computed once and written with one UPDATE per group.

    Returns how many records were read and how many deadlines changed, per model label."""
    report: dict[str, int] = defaultdict(int)

    for model in clocked_models():
        keys = [k for k, c in CLOCKS.items() if c.duration.unit != Unit.HOURS]
        running = model._default_manager.filter(
            clock__in=keys, clock_paused_at__isnull=True, clock_started_at__isnull=False
        )
        groups: dict[tuple[str, dt.date, int, int], list[Any]] = defaultdict(list)
        for pk, key, started, amount, extra, due in running.values_list(
            "pk", "clock", "clock_started_at", "clock_amount", "clock_extra", "due_at"
        ).iterator(chunk_size=batch_size):
            groups[key, timezone.localdate(started), amount or CLOCKS[key].duration.amount, extra].append((pk, due))
            report[f"{model._meta.label_lower} read"] += 1
        changed = 0
        with transaction.atomic():
            for (key, day, amount, extra), rows in groups.items():
                start = timezone.make_aware(dt.datetime.combine(day, dt.time(12)))
                due, estimated = deadline(CLOCKS[key], start, amount=amount, extra=extra)
                stale = [pk for pk, current in rows if current != due]
                for i in range(0, len(stale), batch_size):
                    # Deadlines are derived data: a bulk update without an audit entry per row (the run is
                    # audited as one event by the command).
                    model._base_manager.filter(pk__in=stale[i : i + batch_size]).update(
                        due_at=due, deadline_estimated=estimated
                    )
                changed += len(stale)
        report[f"{model._meta.label_lower} changed"] += changed
    if any(report.values()):
        _audit_recompute(dict(report))
    return dict(report)


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
