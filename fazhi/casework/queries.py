"""Reading matters across every registered kind: one citizen's (我的办件) and a staff member's queue."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, overload

from django.db import models
from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from fazhi.casework.models import ModerationStatus
from fazhi.casework.registry import MATTER_TYPES, MatterType, status_field
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
        return str(_status_labels(self.matter_type.model, self.matter_type.status_field).get(self.status, self.status))

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


@functools.cache
def _status_labels(model: type[models.Model], field: str) -> dict[str, Any]:
    """Status → label (lazy translations, rendered in the request's language), built once per kind."""
    return dict(status_field(model, field).flatchoices)


_FAR = dt.datetime.max.replace(tzinfo=dt.UTC) - dt.timedelta(days=2)


def _newest_change(row: MatterRow) -> tuple[Any, ...]:
    return (-row.updated_at.timestamp(), -row.matter.pk)


def _soonest_deadline(row: MatterRow) -> tuple[Any, ...]:
    return (row.matter.due_at or _FAR, row.matter.pk)


class MatterList(Sequence):
    """Matters of every kind in one order (``key``), read a page at a time.

    Each queryset is already in that order. Django's and DRF's paginators take the length (one COUNT per kind) and
    a slice; a slice reads, per kind, only the rows that can fall within it (by an index on the order) and merges
    them. Iterating reads everything (up to ``limit``) once.
    """

    def __init__(
        self,
        querysets: list[tuple[MatterType, QuerySet]],
        *,
        key: Callable[[MatterRow], Any] = _newest_change,
        limit: int | None = None,
    ) -> None:
        self.querysets, self.key, self.limit = querysets, key, limit
        self._length: int | None = None

    def __len__(self) -> int:
        if self._length is None:
            if self.limit is None:
                self._length = sum(queryset.count() for _type, queryset in self.querysets)
            else:
                # COUNT over a LIMITed subquery stops at the cap: a queue of a million open tickets costs no more
                # to count than one of five hundred.
                total = sum(queryset.order_by()[: self.limit].count() for _type, queryset in self.querysets)
                self._length = min(total, self.limit)
        return self._length

    def _window(self, stop: int) -> list[MatterRow]:
        rows: list[MatterRow] = []
        for matter_type, queryset in self.querysets:
            rows += [MatterRow(matter_type, matter) for matter in queryset[:stop]]
        rows.sort(key=self.key)
        return rows

    @overload
    def __getitem__(self, index: int) -> MatterRow: ...

    @overload
    def __getitem__(self, index: slice) -> list[MatterRow]: ...

    def __getitem__(self, index: int | slice) -> MatterRow | list[MatterRow]:
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            return self._window(stop)[start:stop:step] if stop > start else []
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._window(index + 1)[index]

    def __iter__(self) -> Iterator[MatterRow]:
        return iter(self[:])


def matters_of(user: Any, *, kind: str = "", open_only: bool = False) -> MatterList:
    """Every matter the user submitted, newest change first (read lazily, a page at a time)."""
    querysets = []
    for matter_type in MATTER_TYPES.values():
        if kind and matter_type.kind != kind:
            continue
        queryset = matter_type.records().filter(submitter=user)
        if open_only:
            queryset = queryset.filter(closed_at__isnull=True)
        querysets.append((matter_type, _listed(matter_type, queryset).order_by("-updated_at", "-pk")))
    return MatterList(querysets)


def _listed(matter_type: MatterType, queryset: QuerySet) -> QuerySet:
    """Only the columns a list row shows, with the handling organisation joined (its code and name are in the
    API's rows): a kind with long texts (a ticket's description) does not read them for a page of rows."""
    if matter_type.list_fields:
        shared = ("tracking_number", "submitter", "due_at", "closed_at", "is_emergency", "updated_at")
        queryset = queryset.only(
            *shared, "organisation__code", "organisation__name", matter_type.status_field, *matter_type.list_fields
        )
    return queryset.select_related("organisation")


def work_queue(user: Any, *, kind: str = "", overdue_only: bool = False, limit: int = 500) -> MatterList:
    """Open matters the user may handle, soonest deadline first (no deadline last), at most ``limit``; read a page
    at a time like :func:`matters_of`."""
    querysets = []
    now = timezone.now()
    for matter_type in MATTER_TYPES.values():
        if kind and matter_type.kind != kind:
            continue
        queryset = matter_type.restricted(user, CHANGE).filter(closed_at__isnull=True)
        if overdue_only:  # a matter waiting for its submitter is never late for staff
            queryset = queryset.filter(due_at__lt=now).exclude(
                **{f"{matter_type.status_field}__in": matter_type.waiting_statuses}
            )
        ordered = _listed(matter_type, queryset).order_by(F("due_at").asc(nulls_last=True), "pk")
        querysets.append((matter_type, ordered))
    return MatterList(querysets, key=_soonest_deadline, limit=limit)


def moderation_queue(user: Any, *, limit: int = 200) -> list[MatterRow]:
    """Items awaiting moderation that the user may moderate, oldest first."""
    rows = []
    for matter_type in MATTER_TYPES.values():
        if not matter_type.moderated:
            continue
        # A Q: the field is Moderated's, which the type of a matter's records does not show (checked just above).
        queryset = matter_type.restricted(user, CHANGE).filter(Q(moderation=ModerationStatus.PENDING))
        rows += [MatterRow(matter_type, item) for item in queryset.order_by("created_at")[:limit]]
    rows.sort(key=lambda row: row.matter.created_at)
    return rows[:limit]


def find_by_tracking_number(number: str) -> tuple[MatterType, Any]:
    """The matter with this tracking number (its prefix names the kind); Http404 if there is none."""
    number = (number or "").strip().upper()
    for matter_type in MATTER_TYPES.values():
        if number.startswith(matter_type.model.tracking_prefix):
            matter = matter_type.records().filter(tracking_number=number).first()
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
