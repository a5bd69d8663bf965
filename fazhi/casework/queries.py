"""Reading matters across every registered kind: one citizen's (我的办件) and a staff member's queue."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.http import Http404
from django.utils import timezone

from fazhi.casework.models import ModerationStatus
from fazhi.casework.registry import MATTER_TYPES, MatterType
from fazhi.core.permissions import CHANGE, VIEW


@dataclass
class MatterRow:
    matter_type: MatterType
    matter: Any

    @property
    def kind_label(self) -> Any:
        return self.matter_type.label

    @property
    def title(self) -> str:
        return str(getattr(self.matter, self.matter_type.title_field, ""))

    @property
    def status(self) -> str:
        return getattr(self.matter, self.matter_type.status_field)

    @property
    def status_label(self) -> str:
        return self.matter_type.status_label(self.status)

    @property
    def updated_at(self) -> dt.datetime:
        return self.matter.updated_at

    @property
    def is_overdue(self) -> bool:
        return self.matter.is_overdue

    @property
    def citizen_url(self) -> str:
        return self.matter_type.citizen_url(self.matter) if self.matter_type.citizen_url else ""

    @property
    def staff_url(self) -> str:
        return self.matter_type.staff_url(self.matter) if self.matter_type.staff_url else ""


def matters_of(user: Any, *, kind: str = "", open_only: bool = False) -> list[MatterRow]:
    """Every matter the user submitted, newest change first."""
    rows = []
    for matter_type in MATTER_TYPES.values():
        if kind and matter_type.kind != kind:
            continue
        queryset = matter_type.model.objects.filter(submitter=user)
        if matter_type.list_fields:
            base = ("tracking_number", "submitter", "organisation", "due_at", "closed_at", "is_emergency", "updated_at")
            queryset = queryset.only(*base, matter_type.status_field, *matter_type.list_fields)
        if open_only:
            queryset = queryset.filter(closed_at__isnull=True)
        rows += [MatterRow(matter_type, matter) for matter in queryset.order_by("-updated_at")]
    rows.sort(key=lambda row: row.updated_at, reverse=True)
    return rows


def work_queue(user: Any, *, kind: str = "", overdue_only: bool = False, limit: int = 500) -> list[MatterRow]:
    """Open matters the user may handle, soonest deadline first (no deadline last)."""
    rows = []
    now = timezone.now()
    for matter_type in MATTER_TYPES.values():
        if kind and matter_type.kind != kind:
            continue
        queryset = matter_type.model.objects.restrict(user, CHANGE).filter(closed_at__isnull=True)
        if overdue_only:
            queryset = queryset.filter(due_at__lt=now)
        queryset = queryset.select_related("organisation").order_by("due_at")[:limit]
        rows += [MatterRow(matter_type, matter) for matter in queryset]
    far = timezone.make_aware(dt.datetime.max - dt.timedelta(days=2))
    rows.sort(key=lambda row: row.matter.due_at or far)
    return rows[:limit]


def moderation_queue(user: Any, *, limit: int = 200) -> list[MatterRow]:
    """Items awaiting moderation that the user may moderate, oldest first."""
    rows = []
    for matter_type in MATTER_TYPES.values():
        if not matter_type.moderated:
            continue
        queryset = matter_type.model.objects.restrict(user, CHANGE).filter(moderation=ModerationStatus.PENDING)
        rows += [MatterRow(matter_type, item) for item in queryset.order_by("created_at")[:limit]]
    rows.sort(key=lambda row: row.matter.created_at)
    return rows[:limit]


def find_by_tracking_number(number: str) -> tuple[MatterType, Any]:
    """The matter with this tracking number (its prefix names the kind); Http404 if there is none."""
    number = (number or "").strip().upper()
    for matter_type in MATTER_TYPES.values():
        if number.startswith(matter_type.model.tracking_prefix):
            matter = matter_type.model.objects.filter(tracking_number=number).first()
            if matter is not None:
                return matter_type, matter
    raise Http404


def may_follow(user: Any, matter: Any) -> bool:
    """Who may follow a matter's history by its tracking number: its submitter and staff who may see it; an
    anonymous submission (no submitter) by anyone holding the number, which is how it was given out."""
    from fazhi.core.permissions import policy_of

    if matter.submitter_id is None:
        return True
    if user.is_authenticated and matter.submitter_id == user.pk:
        return True
    return policy_of(type(matter)).allows(user, VIEW, matter)


def sees_internal_notes(user: Any, matter: Any) -> bool:
    """Staff who may see the matter read its internal notes too; its submitter and the public do not."""
    from fazhi.core.permissions import policy_of

    if not user.is_authenticated or matter.submitter_id == user.pk:
        return False
    return policy_of(type(matter)).allows(user, VIEW, matter)
