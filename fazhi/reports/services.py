"""Writes on the white paper's selections: save (with its place in the order), move, delete."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from fazhi.core.permissions import ADD, CHANGE, policy_of
from fazhi.reports.models import Selection


def _require(user: Any, action: str, selection: Selection) -> None:
    if not policy_of(Selection).allows(user, action, selection):
        raise PermissionDenied(_("Only the city office selects what goes into the white paper."))


def selection_save(*, selection: Selection, user: Any) -> Selection:
    """Create or update a selection; a new one (or one moved to another year or kind) goes last in its list."""
    _require(user, ADD if selection.pk is None else CHANGE, selection)
    with transaction.atomic():
        selection.full_clean(exclude=("order",))
        stored = Selection.objects.filter(pk=selection.pk).values("year", "kind").first() if selection.pk else None
        if stored is None or stored != {"year": selection.year, "kind": selection.kind} or not selection.order:
            last = Selection.objects.filter(year=selection.year, kind=selection.kind).exclude(pk=selection.pk)
            selection.order = (last.aggregate(n=Max("order"))["n"] or 0) + 1
        selection.save()
    return selection


def selection_move(*, selection: Selection, offset: int, user: Any) -> Selection:
    """Move a selection up (offset -1) or down (+1) in its year's list; the list is renumbered 1, 2, 3 …"""
    _require(user, CHANGE, selection)
    with transaction.atomic():
        siblings = list(
            Selection.objects.select_for_update()
            .filter(year=selection.year, kind=selection.kind)
            .order_by("order", "pk")
        )
        index = next(i for i, s in enumerate(siblings) if s.pk == selection.pk)
        target = min(max(index + offset, 0), len(siblings) - 1)
        siblings.insert(target, siblings.pop(index))
        for position, sibling in enumerate(siblings, start=1):
            if sibling.order != position:
                sibling.order = position
                sibling.save(update_fields=["order", "updated_at"])
            if sibling.pk == selection.pk:
                selection.order = position
    return selection


def selection_delete(*, selection: Selection, user: Any) -> None:
    """Removing a selection changes the report: the right to change selections is enough (roles grant no delete)."""
    _require(user, CHANGE, selection)
    with transaction.atomic():
        selection.delete()
