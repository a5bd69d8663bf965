"""The platform's OpenAPI generator: drf-spectacular's, told three things it cannot see for itself.

- Which operations are public: our views ask the model's policy (``PolicyPermission``), which drf-spectacular does
  not read, so an operation anyone may call would be documented as needing a token.
- That an action on one record is not paginated: ``tickets/{id}/photos/`` answers a plain list.
- What a read-only field really holds: null (a nullable foreign key, a dotted source across an empty relation) or
  "" (a blank link), which the read-only serializer field, stripped of its model's ``null``/``blank``, no longer says.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import FieldDoesNotExist
from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers

from fazhi.core.drf import PolicyPermission, view_model, view_policy_action
from fazhi.core.permissions import policy_of


class PlatformAutoSchema(AutoSchema):
    def get_auth(self) -> list[dict[str, Any]]:
        auths = super().get_auth()
        if {} not in auths and self._open_to_anyone():
            auths.append({})  # OpenAPI's "no credentials needed" alternative
        return auths

    def _open_to_anyone(self) -> bool:
        if not any(isinstance(p, PolicyPermission) for p in self.view.get_permissions()):
            return False
        model = view_model(self.view)
        return model is not None and policy_of(model).allows(
            AnonymousUser(), view_policy_action(self.view, self.method)
        )

    def _get_paginator(self) -> Any:
        if getattr(self.view, "detail", False):  # an action on one record answers a plain list, if any
            return None
        return super()._get_paginator()

    def _get_serializer_field_meta(self, field: Any, direction: str) -> dict[str, Any]:
        meta = super()._get_serializer_field_meta(field, direction)
        model_field = _model_field(field)
        # a read-only field renders null where its model field is nullable, or (default=None) where its dotted
        # source crosses an empty relation
        if field.read_only and ((model_field is not None and model_field.null) or field.default is None):
            meta["nullable"] = True
        return meta

    def _map_serializer_field(self, field: Any, direction: str, bypass_extensions: bool = False) -> Any:
        model_field = _model_field(field)
        blank_choice = isinstance(field, serializers.ChoiceField) and field.read_only and not field.allow_blank
        if blank_choice and model_field is not None and model_field.blank:
            # "" is a stored value (no outcome yet) the read-only field, stripped of its model's blank, would not
            # admit: the enum says so (drf-spectacular adds its BlankEnum)
            field.allow_blank = True
        return super()._map_serializer_field(field, direction, bypass_extensions)

    def _insert_field_validators(self, field: Any, schema: dict[str, Any]) -> None:
        super()._insert_field_validators(field, schema)
        model_field = _model_field(field)
        if "format" in schema and model_field is not None and model_field.blank:
            del schema["format"]  # "" is a stored value (no link, no address given), which no format admits
            schema["description"] = (schema.get("description", "") + " (empty when none is given)").strip()


def _model_field(field: Any) -> Any:
    """The model field a serializer field reads directly (``source`` a plain attribute of the serializer's model)."""
    parent = getattr(field, "parent", None)
    model = getattr(getattr(parent, "Meta", None), "model", None)
    source = getattr(field, "source", None)
    if model is None or not isinstance(source, str) or "." in source or isinstance(parent, serializers.ListSerializer):
        return None
    try:
        return model._meta.get_field(source)
    except FieldDoesNotExist:
        return None
