"""Abstract bases every business model stands on.

:class:`AuditedModel` writes an audit entry (before/after values, who, why) for every create, update and delete —
including QuerySet ``update()``/``delete()``/``bulk_create()`` — in the same transaction as the change, so that
no write path can skip the trail. :class:`BaseModel` adds timestamps, the creating user and the restricted
default manager.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable
from typing import Any, ClassVar, Self, TypeVar

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from fazhi.core import hooks
from fazhi.core.context import current_actor
from fazhi.core.permissions import Policy, RestrictedQuerySet
from fazhi.core.pii import EncryptedCharField

CREATE, UPDATE, DELETE = "create", "update", "delete"


def snapshot(
    instance: models.Model, exclude: tuple[str, ...] = (), values: dict[str, Any] | None = None
) -> dict[str, Any]:
    """A JSON-ready dict of the instance's concrete field values (or of ``values``), personal data masked."""
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.name in exclude:
            continue
        if values is not None:
            if field.attname not in values:
                continue  # deferred at load time
            value = values[field.attname]
        else:
            value = field.value_from_object(instance)
        if isinstance(field, EncryptedCharField):
            value = field.masked(value) if value else value
        elif isinstance(field, models.FileField):
            value = getattr(value, "name", value) or ""
        elif getattr(field, "audit_redact", False):
            value = "[redacted]" if value else value
        data[field.attname] = value
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


_Audited = TypeVar("_Audited", bound="AuditedModel")


class AuditedQuerySet(RestrictedQuerySet[_Audited, _Audited]):
    """Bulk writes go through the audit trail too, one entry per affected record."""

    # The overrides below stay ``alters_data`` (templates cannot call them): Django's AltersData copies the flag.

    def update(self, **kwargs: Any) -> int:
        with transaction.atomic():
            before = {obj.pk: obj for obj in self.select_for_update()}
            count = super().update(**kwargs)
            for obj in self.model._default_manager.filter(pk__in=before):
                obj._audit_write(UPDATE, before[obj.pk]._audit_before)
        return count

    def delete(self) -> tuple[int, dict[str, int]]:
        with transaction.atomic():
            deleted: dict[str, int] = {}
            total = 0
            for obj in list(self):
                count, per_model = obj.delete()
                total += count
                for label, n in per_model.items():
                    deleted[label] = deleted.get(label, 0) + n
        return total, deleted

    def bulk_create(self, objs: Iterable[_Audited], *args: Any, **kwargs: Any) -> list[_Audited]:
        with transaction.atomic():
            created = super().bulk_create(objs, *args, **kwargs)
            for obj in created:
                if obj.pk is not None:
                    obj._audit_write(CREATE, None)
        return created


class AuditedModel(models.Model):
    """Every save and delete leaves a hash-chained audit entry (see fazhi.audit)."""

    #: Fields left out of the audit snapshot (noise such as timestamps that change on every save).
    audit_exclude: ClassVar[tuple[str, ...]] = ("updated_at", "last_login", "password")

    class Meta:
        abstract = True

    # save() and delete() stay ``alters_data``: Django's AltersData copies the flag to overrides.
    def save(self, *args: Any, **kwargs: Any) -> None:
        if hasattr(self, "created_by_id") and self._state.adding and self.created_by_id is None:
            user = current_actor().user
            if user is not None and user.pk is not None:
                self.created_by = user
        with transaction.atomic(using=kwargs.get("using")):
            adding = self._state.adding
            before = getattr(self, "_audit_before", None)
            if not adding and before is None and self.pk is not None:
                stored = type(self)._base_manager.filter(pk=self.pk).first()
                before = stored._audit_before if stored is not None else None
            super().save(*args, **kwargs)
            self._audit_write(CREATE if adding else UPDATE, before)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        with transaction.atomic(using=kwargs.get("using")):
            before = snapshot(self, self.audit_exclude)
            pk = self.pk
            result = super().delete(*args, **kwargs)
            self.pk = pk  # the entry must name the record that was deleted
            hooks.log_change(self, DELETE, before=before, after=None)
            self.pk = None
        return result

    @classmethod
    def from_db(cls, db: str | None, field_names: Collection[str], values: Collection[Any], **kwargs: Any) -> Self:
        instance = super().from_db(db, field_names, values, **kwargs)
        # Keep the loaded values (cheap); the snapshot is only computed if the record is written.
        instance._audit_loaded = dict(zip(field_names, values, strict=True))
        return instance

    @property
    def _audit_before(self) -> dict[str, Any] | None:
        loaded = self.__dict__.get("_audit_loaded")
        if loaded is None:
            return None
        attnames = {f.name: f.attname for f in self._meta.concrete_fields}
        return snapshot(self, self.audit_exclude, {attnames.get(k, k): v for k, v in loaded.items()})

    def audit_organisation(self) -> Any:
        """The organisation an entry is filed under (for scoped reading of the trail)."""
        policy: Policy | None = getattr(type(self), "policy", None)
        org_field = getattr(policy, "org_field", None)
        if org_field:
            obj: Any = self
            for part in org_field.split("__"):
                obj = getattr(obj, part, None)
                if obj is None:
                    return None
            return obj
        if org_field == "" and self._meta.label == "orgs.Organisation":
            return self
        return None

    def _audit_write(self, action: str, before: dict[str, Any] | None) -> None:
        after = snapshot(self, self.audit_exclude) if action != DELETE else None
        if action == UPDATE and before is not None and after is not None:
            changed = {key for key in after if before.get(key) != after.get(key)}
            if not changed:
                return  # saving an unchanged record is not a change
            before = {key: before.get(key) for key in changed}
            after = {key: after[key] for key in changed}
        hooks.log_change(self, action, before=before, after=after)
        if action != DELETE:  # the stored state is now this one
            self._audit_loaded = {f.attname: f.value_from_object(self) for f in self._meta.concrete_fields}


class BaseModel(AuditedModel):
    """Timestamps, the creating user, and a default manager whose QuerySet has ``restrict()``."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )

    objects = AuditedQuerySet.as_manager()

    class Meta:
        abstract = True
