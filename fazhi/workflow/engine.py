"""Taking a step: the guard every service goes through, and what a step does to the matter's clock.

A module's service does only what is particular to its step, inside the guard::

    def suggestion_accept(*, suggestion, user, emergency=None, note=""):
        with transition(suggestion, "accept", user) as step:
            if emergency is not None:
                step.matter.is_emergency = emergency
            step.note = clean(note) or _("Accepted for handling.")
        return step.matter

The guard locks the row (two staff pressing the same button act one after the other, and the second finds the
state already changed), checks the state and who may act from the declaration, and after the body moves the
matter to the step's target state, drives its clock and records the event. A refused attempt leaves nothing
half-written and is recorded in the audit trail with who tried.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core.permissions import CHANGE, policy_of
from fazhi.workflow.clocks import Clock, clock_named, deadline, effective_amount, units_between
from fazhi.workflow.declaration import ClockEffect, Step, Workflow, workflow_of


@dataclass
class Transition:
    """What the service's body may set while the step runs."""

    matter: Any
    step: Step
    user: Any
    note: str = ""
    public_note: bool = True
    notify: bool = True
    #: For an EXTEND step: units to add, within the clock's maximum; the reason is the note.
    extension: int = 0
    #: The body may name another clock to START (a category's own limit), or none to leave the clock as it is.
    clock: str | None = None
    #: The body may skip the clock effect entirely (e.g. a reroute that keeps the handling deadline).
    keep_clock: bool = False
    #: The body may choose the state for a step whose target depends on where it starts (None: the step's).
    target: str | None = None
    #: What the step made (a note, a conversion), for an API that answers with it.
    result: Any = None


def may_take(workflow: Workflow, step: Step, matter: Any, user: Any) -> bool:
    """Whether ``user`` may take ``step`` on ``matter`` now (state and role), without taking it."""
    if workflow.state_of(matter) not in step.sources:
        return False
    return _permitted(workflow, step, matter, user)


def _permitted(workflow: Workflow, step: Step, matter: Any, user: Any) -> bool:
    if step.may is not None:
        return bool(step.may(user, matter))
    return policy_of(workflow.model).allows(user, CHANGE, matter)


def available_steps(matter: Any, user: Any) -> list[Step]:
    workflow = workflow_of(matter)
    return [step for step in workflow.steps_from(workflow.state_of(matter)) if _permitted(workflow, step, matter, user)]


def guard(workflow: Workflow, step: Step, matter: Any, user: Any) -> None:
    """Who first (someone who may not act learns nothing of the state), then whether the state allows it."""
    if not _permitted(workflow, step, matter, user):
        refusal = step.refusal(matter) if callable(step.refusal) else step.refusal
        raise PermissionDenied(str(refusal or _("You may not take this step.")))
    state = workflow.state_of(matter)
    if state not in step.sources:
        raise ValidationError(
            _("This %(kind)s is %(state)s: “%(step)s” cannot be taken now.")
            % {"kind": workflow.model._meta.verbose_name, "state": workflow.state_label(state), "step": step.label}
        )


@contextmanager
def transition(matter: Any, step_name: str, user: Any, *, lock: bool = True) -> Iterator[Transition]:
    """Guard, lock and record one step (see the module's docstring). ``matter`` may be unsaved only for a step
    that creates it (its sources then hold the initial state)."""
    workflow = workflow_of(matter)
    step = workflow.step(step_name)
    try:
        with transaction.atomic():
            if lock and matter.pk is not None:
                matter = type(matter).objects.select_for_update(of=("self",)).get(pk=matter.pk)
            guard(workflow, step, matter, user)
            current = Transition(matter=matter, step=step, user=user)
            yield current
            apply(workflow, current)
    except (PermissionDenied, ValidationError) as refusal:
        _record_refusal(workflow, step, matter, user, refusal)
        raise


def apply(workflow: Workflow, current: Transition) -> None:
    """Move to the target state, drive the clock, save and record."""
    matter, step = current.matter, current.step
    now = timezone.now()
    target = current.target or step.target
    if target is not None:
        setattr(matter, workflow.status_field, target)
    if not current.keep_clock:
        effect = step.clock_effect
        clock_key: str | None = step.clock
        if current.clock is not None and effect in (ClockEffect.START, ClockEffect.KEEP):
            effect, clock_key = ClockEffect.START, current.clock
        if effect == ClockEffect.START:
            start_clock(matter, clock_named(clock_key or ""), now)
        elif effect == ClockEffect.STOP:
            stop_clock(matter)
        elif effect == ClockEffect.PAUSE:
            pause_clock(matter, now)
        elif effect == ClockEffect.RESUME:
            resume_clock(matter, now)
        elif effect == ClockEffect.EXTEND:
            extend_clock(matter, current.extension, reason=current.note)
    if workflow.record is not None:
        workflow.record(matter, current, now)
    else:
        matter.save()


def begin(matter: Any, now: dt.datetime | None = None) -> None:
    """A new matter's first clock (``Workflow.initial_clock``), before it is first saved."""
    workflow = workflow_of(matter)
    if workflow.initial_clock:
        start_clock(matter, clock_named(workflow.initial_clock), now or timezone.now())


# --- the clock on a record (``ClockedModel`` fields) -----------------------------------------------------------


def start_clock(matter: Any, clock: Clock, now: dt.datetime, *, amount: int | None = None) -> None:
    """Start ``clock`` now with the amount in force (or ``amount``, e.g. a 12345 category's own limit)."""
    matter.clock, matter.clock_started_at, matter.clock_started_on = clock.key, now, timezone.localdate(now)
    matter.clock_extra = matter.clock_extended = 0
    matter.clock_paused_at = None
    matter.clock_amount = amount if amount is not None else amount_in_force(matter, clock)
    _set_deadline(matter, clock)


def amount_in_force(matter: Any, clock: Clock) -> int:
    return effective_amount(clock, emergency=bool(getattr(matter, "is_emergency", False)))


def stop_clock(matter: Any) -> None:
    matter.clock, matter.clock_started_at, matter.clock_paused_at, matter.clock_amount = "", None, None, None
    matter.clock_started_on = None
    matter.clock_extra = matter.clock_extended = 0
    matter.due_at, matter.deadline_estimated = None, False


def pause_clock(matter: Any, now: dt.datetime) -> None:
    if not matter.clock or matter.clock_paused_at is not None:
        return
    matter.clock_paused_at, matter.due_at = now, None  # time does not count, nothing can be overdue


def resume_clock(matter: Any, now: dt.datetime) -> None:
    if not matter.clock or matter.clock_paused_at is None:
        return
    clock = clock_named(matter.clock)
    matter.clock_extra += units_between(clock.duration.unit, matter.clock_paused_at, now)
    matter.clock_paused_at = None
    _set_deadline(matter, clock)


def extend_clock(matter: Any, units: int, *, reason: str) -> None:
    if not matter.clock:
        raise ValidationError(_("No time limit runs for this matter: there is nothing to extend."))
    clock = clock_named(matter.clock)
    if not reason.strip():
        raise ValidationError({"note": _("Give the reason for the extension.")})
    if units < 1:
        raise ValidationError({"extension": _("Extend by at least one unit.")})
    if matter.clock_extended + units > clock.max_extension:
        raise ValidationError(
            {
                "extension": _("The time limit can be extended by at most %(max)s %(unit)s in all (%(basis)s).")
                % {
                    "max": clock.max_extension,
                    "unit": clock.duration.unit.label,
                    "basis": clock.extension_basis or _("policy"),
                }
            }
        )
    matter.clock_extended += units
    matter.clock_extra += units
    if matter.clock_paused_at is None:
        _set_deadline(matter, clock)


def _set_deadline(matter: Any, clock: Clock) -> None:
    if matter.clock_amount is None:
        matter.clock_amount = amount_in_force(matter, clock)
    matter.due_at, matter.deadline_estimated = deadline(
        clock, matter.clock_started_at, amount=matter.clock_amount, extra=matter.clock_extra
    )
    if hasattr(matter, "overdue_alerted_at"):
        matter.overdue_alerted_at = matter.escalated_at = None


def reset_deadline(matter: Any, *, amount: int | None = None) -> None:
    """The running clock's deadline again with the amount in force now (after the fast track changed)."""
    if matter.clock and matter.clock_started_at:
        clock = clock_named(matter.clock)
        matter.clock_amount = amount if amount is not None else amount_in_force(matter, clock)
        if matter.clock_paused_at is None:
            _set_deadline(matter, clock)


def _record_refusal(workflow: Workflow, step: Step, matter: Any, user: Any, refusal: Exception) -> None:
    """Who tried what and why it was refused, in the audit trail (after the step's rollback)."""
    if getattr(matter, "pk", None) is None:
        return
    from fazhi.audit.services import log_event

    messages = getattr(refusal, "messages", None) or [str(refusal)]
    log_event(
        matter,
        "step_refused",
        message=f"{step.name}: {' '.join(str(m) for m in messages)}"[:500],
        step=step.name,
        state=workflow.state_of(matter),
        user=getattr(user, "pk", None),
    )
