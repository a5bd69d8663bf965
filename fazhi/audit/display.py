"""How an audit entry reads to staff: who acted, what they did and which fields changed, in their language.

The trail stores what it must to stay verifiable — the action code (``create``, ``step_refused``, ``demo.year``),
the field names of the changed columns, the acting account's username — and none of that is for a person to read.
Every screen that shows entries (the audit console, the supervision task's timeline) renders them through here:
the action's label (an unknown code reads "other operation", never the code), the fields' ``verbose_name`` (a
column no longer on the model reads "a field no longer in use"), the actor's name, or who acted when no person
did (the platform, a command-line job).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

#: What each recorded action code means. Codes bound by a job (``acting(action=…)``) are listed too; a prefix
#: entry (ending in ".") covers every code that starts with it.
ACTION_LABELS: dict[str, Any] = {
    "create": pgettext_lazy("audit action", "create"),
    "update": pgettext_lazy("audit action", "update"),
    "delete": pgettext_lazy("audit action", "delete"),
    "export": pgettext_lazy("audit action", "export"),
    "step_refused": pgettext_lazy("audit action", "step refused"),
    "deadlines_recomputed": pgettext_lazy("audit action", "deadlines recomputed"),
    "user.register": pgettext_lazy("audit action", "account registered"),
    "role.grant": pgettext_lazy("audit action", "role granted"),
    "role.revoke": pgettext_lazy("audit action", "role revoked"),
    "role.sync": pgettext_lazy("audit action", "roles synchronised"),
    "laws.import": pgettext_lazy("audit action", "laws imported"),
    "hotline.catalogue": pgettext_lazy("audit action", "service catalogue loaded"),
    "indicators.defaults": pgettext_lazy("audit action", "default indicators loaded"),
    "report.whitepaper": pgettext_lazy("audit action", "white paper generated"),
    "consultation.demo": pgettext_lazy("audit action", "demonstration data loaded"),
    "demo.": pgettext_lazy("audit action", "demonstration data loaded"),
}
OTHER_ACTION = pgettext_lazy("audit action", "other operation")
#: Who acted when no account did, by the entry's source.
SOURCE_ACTORS: dict[str, Any] = {
    "cli": _("command-line job"),
    "system": _("the platform (automatic)"),
    "api": _("API client"),
    "web": _("anonymous visitor"),
}
UNKNOWN_FIELD = _("a field no longer in use")
#: The details an event entry (``log_event``, an export, a recomputation) records instead of field changes.
DETAIL_LABELS: dict[str, Any] = {
    "step": _("step"),
    "state": _("status at the time"),
    "user": _("acted by"),
    "format": _("file format"),
    "filters": _("filters applied"),
    "rows": _("rows"),
    "content_hash": _("content hash"),
    "created": _("newly created"),
}


def action_label(action: str) -> Any:
    """The action in the reader's language; never the stored code."""
    if action in ACTION_LABELS:
        return ACTION_LABELS[action]
    for code, label in ACTION_LABELS.items():
        if code.endswith(".") and action.startswith(code):
            return label
    return OTHER_ACTION


def action_choices() -> list[tuple[str, Any]]:
    """The actions a list may be filtered by (exact codes; prefixes are matched by the filter)."""
    return [(code, label) for code, label in ACTION_LABELS.items()]


def model_of(content_type_id: int | None) -> type[models.Model] | None:
    if content_type_id is None:
        return None
    return ContentType.objects.get_for_id(content_type_id).model_class()  # cached per process


def record_type_label(content_type_id: int | None) -> Any:
    """The record's kind as its model names it (``verbose_name``), not ``app.model``."""
    model = model_of(content_type_id)
    return capfirst(model._meta.verbose_name) if model is not None else _("a record type no longer in use")


def field_label(model: type[models.Model] | None, name: str) -> Any:
    """A changed column's ``verbose_name``: ``deadline`` → 截止日期, ``created_by_id`` → 创建人."""
    if name in DETAIL_LABELS and (model is None or name not in {f.attname for f in model._meta.concrete_fields}):
        return capfirst(DETAIL_LABELS[name])
    if model is None:
        return UNKNOWN_FIELD
    for candidate in (name, name.removesuffix("_id")):
        try:
            field = model._meta.get_field(candidate)
        except FieldDoesNotExist:
            continue
        return capfirst(getattr(field, "verbose_name", None) or UNKNOWN_FIELD)
    return UNKNOWN_FIELD


def field_labels(content_type_id: int | None, names: Iterable[str]) -> list[str]:
    """The labels of the changed fields, in the model's field order, without repeats."""
    model = model_of(content_type_id)
    order = {f.attname: i for i, f in enumerate(model._meta.concrete_fields)} if model is not None else {}
    seen: list[str] = []
    for name in sorted(names, key=lambda n: (order.get(n, len(order)), n)):
        label = str(field_label(model, name))
        if label not in seen:
            seen.append(label)
    return seen


def actor_label(entry: Any) -> Any:
    """The person who acted (their name), or what acted when no person did."""
    if entry.user_id:
        try:
            return str(entry.user)
        except ObjectDoesNotExist:  # a plain reference: the account may be gone; the entry keeps its name
            return entry.user_repr
    return SOURCE_ACTORS.get(entry.source, _("the platform (automatic)"))
