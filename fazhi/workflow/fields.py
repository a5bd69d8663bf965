"""The console form and the API serializer of a step, both made from its ``StepField`` declarations."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from fazhi.workflow.declaration import FieldKind, Step, StepField, Workflow


def _active_organisations() -> Any:
    from fazhi.orgs.models import Organisation

    return Organisation.objects.filter(is_active=True)


def _form_field(spec: StepField) -> forms.Field:
    common: dict[str, Any] = {"label": spec.label, "required": spec.required, "help_text": spec.help_text}
    kind = spec.kind
    if kind == FieldKind.TEXT:
        return forms.CharField(max_length=spec.max_length, **common)
    if kind == FieldKind.LONG_TEXT:
        return forms.CharField(max_length=spec.max_length, widget=forms.Textarea(attrs={"rows": 3}), **common)
    if kind == FieldKind.BOOLEAN:
        return forms.BooleanField(**{**common, "required": False})
    if kind == FieldKind.OPTIONAL_BOOLEAN:
        return forms.BooleanField(**{**common, "required": False})
    if kind == FieldKind.CHOICE:
        return forms.ChoiceField(choices=spec.choices.choices, initial=spec.default, **common)
    if kind == FieldKind.INTEGER:
        return forms.IntegerField(min_value=spec.min_value, max_value=spec.max_value, initial=spec.default, **common)
    if kind == FieldKind.URL:
        return forms.URLField(max_length=spec.max_length, assume_scheme="https", **common)
    if kind == FieldKind.ORGANISATION:
        from fazhi.orgs.picker import OrganisationField

        return OrganisationField(queryset=_active_organisations(), **common)
    if kind == FieldKind.ORGANISATIONS:
        from fazhi.orgs.picker import OrganisationsField

        return OrganisationsField(queryset=_active_organisations(), max_length=spec.max_length or 2000, **common)
    if kind == FieldKind.LAW:
        return forms.CharField(max_length=spec.max_length or 200, **common)
    if kind == FieldKind.DATE:
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    if kind == FieldKind.DECIMAL:
        return forms.DecimalField(max_digits=14, decimal_places=2, min_value=0, **common)
    raise ValueError(kind)


class StepForm(forms.Form):
    """Base of every generated step form; ``step`` is the declaration it was made from."""

    step: Step


_FORMS: dict[tuple[str, str], type[StepForm]] = {}
_SERIALIZERS: dict[tuple[str, str], type[serializers.Serializer]] = {}


def form_class(workflow: Workflow, step_name: str) -> type[StepForm]:
    if (workflow.kind, step_name) in _FORMS:
        return _FORMS[workflow.kind, step_name]
    step = workflow.step(step_name)
    attrs: dict[str, Any] = {spec.name: _form_field(spec) for spec in step.fields}
    attrs["step"] = step
    made = type(f"{workflow.model.__name__}{step_name.title().replace('_', '')}Form", (StepForm,), attrs)
    _FORMS[workflow.kind, step_name] = made
    return made


def form_data(form: StepForm) -> dict[str, Any]:
    """The cleaned values, as the service takes them (unset optional fields get their default)."""
    data = dict(form.cleaned_data)
    for spec in form.step.fields:
        value = data.get(spec.name)
        if spec.kind == FieldKind.TEXT or spec.kind == FieldKind.LONG_TEXT or spec.kind == FieldKind.URL:
            data[spec.name] = value or ""
        elif spec.kind == FieldKind.CHOICE and not value:
            data[spec.name] = spec.default
        elif spec.kind == FieldKind.ORGANISATIONS and value is None:
            data[spec.name] = []
        elif spec.kind == FieldKind.LAW:
            data[spec.name] = _law(value or "")
    return data


def _law(key: str) -> Any:
    from django.core.exceptions import ValidationError

    from fazhi.laws.models import Work

    key = key.strip()
    if not key:
        return None
    work = Work.objects.filter(key=key).first()
    if work is None:
        raise ValidationError({"work": _("No law with this key in the library.")})
    return work


#: How the API documents an organisation field: the code, and where to find it by name.
ORG_CODE_HELP = (
    " — the organisation's code; find it by name, short name or pinyin initials with "
    "GET /api/v1/organisations/search/?q=…"
)
ORG_CODES_HELP = (
    " — organisation codes; find them by name, short name or pinyin initials with GET /api/v1/organisations/search/?q=…"
)


def _serializer_field(spec: StepField) -> serializers.Field:
    help_text = str(spec.help_text or spec.label)
    optional: dict[str, Any] = {} if spec.required else {"required": False}
    # an optional text is "" when left out (the services take strings, never None)
    blank: dict[str, Any] = {} if spec.required else {"default": "", "allow_blank": True}
    kind = spec.kind
    if kind in (FieldKind.TEXT, FieldKind.LONG_TEXT):
        return serializers.CharField(max_length=spec.max_length, help_text=help_text, **blank)
    if kind == FieldKind.BOOLEAN:
        if spec.required:
            return serializers.BooleanField(help_text=help_text)
        return serializers.BooleanField(help_text=help_text, default=False)
    if kind == FieldKind.OPTIONAL_BOOLEAN:
        return serializers.BooleanField(required=False, allow_null=True, default=None, help_text=help_text)
    if kind == FieldKind.CHOICE:
        default: dict[str, Any] = {} if spec.required else {"default": spec.default or spec.choices.values[0]}
        return serializers.ChoiceField(choices=spec.choices.choices, help_text=help_text, **default)
    if kind == FieldKind.INTEGER:
        return serializers.IntegerField(
            min_value=spec.min_value, max_value=spec.max_value, help_text=help_text, **optional
        )
    if kind == FieldKind.URL:
        return serializers.URLField(max_length=spec.max_length, help_text=help_text, **blank)
    if kind == FieldKind.ORGANISATION:
        return serializers.SlugRelatedField(
            slug_field="code", queryset=_active_organisations(), help_text=help_text + ORG_CODE_HELP, **optional
        )
    if kind == FieldKind.ORGANISATIONS:
        return serializers.ListField(
            child=serializers.SlugRelatedField(slug_field="code", queryset=_active_organisations()),
            max_length=20,
            default=list,
            help_text=help_text + ORG_CODES_HELP,
        )
    if kind == FieldKind.LAW:
        return serializers.CharField(
            max_length=spec.max_length or 200, default="", allow_blank=True, help_text=help_text + " (law key)"
        )
    nullable: dict[str, Any] = {} if spec.required else {"required": False, "allow_null": True, "default": None}
    if kind == FieldKind.DATE:
        return serializers.DateField(help_text=help_text, **nullable)
    if kind == FieldKind.DECIMAL:
        return serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, help_text=help_text, **nullable)
    raise ValueError(kind)


def serializer_class(workflow: Workflow, step_name: str) -> type[serializers.Serializer]:
    """One serializer class per step (named ``SuggestionAcceptStep`` in the OpenAPI document)."""
    if (workflow.kind, step_name) not in _SERIALIZERS:
        step = workflow.step(step_name)
        attrs: dict[str, Any] = {spec.name: _serializer_field(spec) for spec in step.fields}
        name = f"{workflow.model.__name__}{step_name.title().replace('_', '')}Step"
        _SERIALIZERS[workflow.kind, step_name] = type(name, (serializers.Serializer,), attrs)
    return _SERIALIZERS[workflow.kind, step_name]


def serializer_data(workflow: Workflow, step: Step, validated: dict[str, Any]) -> dict[str, Any]:
    data = dict(validated)
    for spec in step.fields:
        if spec.kind == FieldKind.LAW:
            data[spec.name] = _law(data.get(spec.name) or "")
    return data
