"""Which records may carry attachments, looked up from a public type name ("orgs.organisation")."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

#: Models that accept attachments, with the field their public id is (modules add theirs in AppConfig.ready()).
ATTACHABLE: dict[str, str] = {"orgs.organisation": "code"}


def resolve_target(target_type: str, target_id: Any, user: Any) -> models.Model:
    """The record ``user`` can see, or a ValidationError naming what is wrong (never another scope's record)."""
    if target_type not in ATTACHABLE:
        raise ValidationError({"target_type": _("Files cannot be attached to this kind of record.")})
    model = apps.get_model(target_type)
    lookup = ATTACHABLE[target_type]
    try:
        target = model._default_manager.restrict(user).filter(**{lookup: target_id}).first()
    except (ValueError, TypeError, OverflowError):
        target = None
    if target is None:
        raise ValidationError({"target_id": _("No such record, or you cannot see it.")})
    return target
