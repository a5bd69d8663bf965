"""Status changes with their history, time limits, moderation, and the overdue sweep, for every kind of matter.

Modules call :func:`record_event` at each step of their own workflow (after validating it); it appends the
history entry that 我的办件 shows, sets the deadline of the new step from the configured time limit, and tells
the submitter. The modules keep their own rules about which step may follow which.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task as background_task

from fazhi.accounts.services import staff_holding
from fazhi.casework.models import MatterEvent, ModerationStatus
from fazhi.casework.registry import MATTER_TYPES, matter_type_of
from fazhi.casework.signals import matter_closed
from fazhi.core.permissions import CHANGE, perm_codename, policy_of
from fazhi.notifications.services import notify
from fazhi.workflow.clocks import clock_named
from fazhi.workflow.declaration import Workflow
from fazhi.workflow.engine import start_clock, stop_clock

log = logging.getLogger(__name__)


def start_status_clock(matter: Any, status: str, now: dt.datetime | None = None) -> None:
    """For a kind not yet stepping through its declared workflow: the clock its new status starts, or none."""
    matter_type = matter_type_of(matter)
    key = None if status in matter_type.waiting_statuses else matter_type.status_clocks.get(status)
    if key is None:
        stop_clock(matter)
    else:
        start_clock(matter, clock_named(key), now or timezone.now())


def record_event(
    matter: Any,
    *,
    status: str,
    actor: Any = None,
    note: str = "",
    public_note: bool = True,
    notify_submitter: bool = True,
    set_deadline: bool = True,
    saved: bool = False,
    now: dt.datetime | None = None,
) -> MatterEvent:
    """Move ``matter`` to ``status`` (saving it), append the history entry and tell the submitter.

    The matter's deadline becomes the time limit of the new status (if one is configured); a closed status
    clears it and stamps ``closed_at``. ``saved``: the caller has just created the matter in this status with its
    deadline (a new submission), so only the history entry and the notification are written.
    """
    matter_type = matter_type_of(matter)
    now = now or timezone.now()
    newly_closed = status in matter_type.closed_statuses and (matter.closed_at is None or matter.closed_at == now)
    if saved and getattr(matter, matter_type.status_field) != status:
        raise ValueError("record_event(saved=True) needs the matter saved in the new status")
    if not saved:
        setattr(matter, matter_type.status_field, status)
        if status in matter_type.closed_statuses:
            stop_clock(matter)
            matter.closed_at = now
        elif set_deadline:  # a new step, a new clock (a note within a step keeps the step's deadline and alerts)
            start_status_clock(matter, status, now)
            matter.closed_at = None
            matter.overdue_alerted_at = matter.escalated_at = None
    # No savepoint of its own: callers run in their service's transaction, and a failure here fails the step.
    with transaction.atomic(savepoint=False):
        if not saved:
            matter.save()
        event = MatterEvent.objects.create(
            content_type=ContentType.objects.get_for_model(matter),
            object_id=str(matter.pk),
            submitter_id=matter.submitter_id,
            status=status,
            status_label=matter_type.status_label(status),
            note=note,
            public_note=public_note,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            at=now,
        )
        if notify_submitter and matter.submitter_id:
            title = getattr(matter, matter_type.title_field, "")
            notify(
                matter.submitter,
                title=_("%(number)s: %(status)s") % {"number": matter.tracking_number, "status": event.status_label},
                body=f"{title}\n{note}" if public_note and note else str(title),
                url=matter_type.citizen_url(matter) if matter_type.citizen_url else "",
            )
        if newly_closed:
            matter_closed.send(sender=type(matter), matter=matter, actor=actor)
    return event


def matter_workflow(**declaration: Any) -> Workflow:
    """A :class:`fazhi.workflow.declaration.Workflow` whose transitions are recorded as matter events (history in
    我的办件 and on the staff timeline, the submitter told, ``closed_at`` stamped)."""
    return Workflow(record=record_transition, **declaration)


def record_transition(matter: Any, transition: Any, now: dt.datetime) -> MatterEvent:
    """The ``record`` hook of a matter's workflow: the clock is already set by the step; stamp or clear
    ``closed_at``, save, and append the history entry (notifying the submitter when the state changed or the note
    is for them)."""
    matter_type = matter_type_of(matter)
    status = getattr(matter, matter_type.status_field)
    if status in matter_type.closed_statuses:
        stop_clock(matter)
        matter.closed_at = matter.closed_at or now
    else:
        matter.closed_at = None
    return record_event(
        matter,
        status=status,
        actor=transition.user,
        note=transition.note,
        public_note=transition.public_note,
        notify_submitter=transition.notify,
        set_deadline=False,
        now=now,
    )


def history(matter: Any, *, for_submitter: bool) -> list[MatterEvent]:
    events = list(
        MatterEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(matter), object_id=str(matter.pk)
        ).select_related("actor")
    )
    if for_submitter:
        for event in events:
            if not event.public_note:
                event.note = ""
    return events


def moderate(item: Any, *, approve: bool, user: Any, note: str = "") -> Any:
    """A moderator approves an item for publication or keeps it unpublished (with a reason). A kind of matter
    whose moderation is a step of its own (``MatterType.moderate``) takes it through that step."""
    hook = matter_type_of(item).moderate
    if hook is not None:
        return hook(item, approve=approve, user=user, note=note)
    if not policy_of(type(item)).allows(user, CHANGE, item):
        raise PermissionDenied(_("You cannot moderate this item."))
    if not approve and not note.strip():
        raise ValidationError({"note": _("Say why it is not published.")})
    item.moderation = ModerationStatus.APPROVED if approve else ModerationStatus.REJECTED
    item.moderated_by, item.moderated_at, item.moderation_note = user, timezone.now(), note.strip()[:500]
    item.save()
    return item


def sweep(now: dt.datetime | None = None) -> dict[str, int]:
    """Alert the handling organisation once when a matter passes its deadline; escalate to its parent after
    ``CASEWORK_ESCALATE_DAYS`` more days. Idempotent: each matter is alerted and escalated once per step (an alert
    and the mark that it was sent commit together, so a sweep killed in the middle sends no alert twice)."""
    now = now or timezone.now()
    counts = {"alerted": 0, "escalated": 0}
    escalate_before = now - dt.timedelta(days=settings.CASEWORK_ESCALATE_DAYS)
    for matter_type in MATTER_TYPES.values():
        open_items = (
            matter_type.records()
            .filter(closed_at__isnull=True, due_at__lt=now)
            .exclude(**{f"{matter_type.status_field}__in": matter_type.waiting_statuses})
            .select_related("organisation")
        )
        for matter in open_items.filter(overdue_alerted_at__isnull=True, organisation__isnull=False):
            with transaction.atomic():  # the alert and its mark together: a crash between them sent it twice
                _alert(matter, matter_type, _handlers(matter.organisation, matter_type), escalated=False)
                matter_type.records().filter(pk=matter.pk).update(overdue_alerted_at=now)
            counts["alerted"] += 1
        to_escalate = open_items.filter(
            escalated_at__isnull=True, due_at__lt=escalate_before, organisation__parent__isnull=False
        )
        for matter in to_escalate:
            if matter.organisation is None:  # never: the filter asks for an organisation with a parent
                continue
            parent = matter.organisation.parent
            with transaction.atomic():
                _alert(matter, matter_type, _handlers(parent, matter_type), escalated=True)
                matter_type.records().filter(pk=matter.pk).update(escalated_at=now)
            counts["escalated"] += 1
    return counts


@background_task()
def casework_sweep_task() -> dict[str, int]:
    """The sweep as a background job (``casework_sweep_task.enqueue()``)."""
    return sweep()


def _handlers(organisation: Any, matter_type: Any) -> list[Any]:
    return staff_holding(organisation, perm_codename(matter_type.model, CHANGE))


def _alert(matter: Any, matter_type: Any, recipients: list[Any], *, escalated: bool) -> None:
    message = (
        _("Escalated: %(number)s (%(org)s) is overdue since %(due)s.")
        if escalated
        else _("Overdue: %(number)s passed its time limit on %(due)s.")
    )
    notify(
        recipients,
        title=message
        % {
            "number": matter.tracking_number,
            "org": matter.organisation,
            "due": timezone.localtime(matter.due_at).strftime("%Y-%m-%d %H:%M"),
        },
        body=str(getattr(matter, matter_type.title_field, "")),
        url=matter_type.staff_url(matter) if matter_type.staff_url else "",
    )
