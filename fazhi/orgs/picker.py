"""The organisation picker: one text box that takes a name, a short name, a code or pinyin initials.

Without JavaScript the box is an ordinary text input and the field resolves what was typed
(``search.resolve``: a code, the exact name, or a search that finds exactly one; otherwise a message listing
candidates). With JavaScript (``static/fazhi/org-picker.js``, no inline script) the box offers the matches of
``GET /api/v1/organisations/search/`` as the person types, the user's own district first, and writes the chosen
one back as ``name（code）``, which the field resolves by its code.
"""

from __future__ import annotations

import re
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fazhi.orgs.models import Organisation
from fazhi.orgs.search import label, matching, resolve

#: Several organisations in one box: separated by 、 , ; or new lines (and spaces, for codes typed by hand).
_SPLIT = re.compile(r"[\s,，、;；]+")
_SEPARATORS = re.compile(r"[\n,，、;；]+")


class OrganisationPicker(forms.TextInput):
    """A text box the picker script enhances; its value is shown as ``name（code）``."""

    many = False

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"autocomplete": "off", "spellcheck": "false", **(attrs or {})})

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        attrs = {
            **(attrs or {}),
            "data-org-picker": "many" if self.many else "one",
            "data-url": reverse("api:organisation-search"),
            "placeholder": str(_("Type a name, short name, code or pinyin initials")),
            "data-none": str(_("No organisation matches: type less, or another part of the name.")),
            "data-found": str(_("%d organisations found: arrow keys to choose, Enter to take one.")),
        }
        return super().get_context(name, value, attrs)

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, Organisation):
            return label(value)
        if value in (None, ""):
            return None
        if isinstance(value, list | tuple):
            orgs = [v for v in value if isinstance(v, Organisation)]
            return "、".join(label(o) for o in orgs) if len(orgs) == len(value) else "、".join(map(str, value))
        text = str(value)
        org = Organisation.objects.filter(code=text).first() if len(text) <= 32 else None
        return label(org) if org is not None else text


class OrganisationsPicker(OrganisationPicker):
    many = True


class OrganisationField(forms.ModelChoiceField):
    """One organisation, chosen in the picker or typed (see ``search.resolve``); no code needs typing."""

    widget = OrganisationPicker

    def __init__(self, queryset: QuerySet[Organisation] | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("to_field_name", "code")
        super().__init__(queryset if queryset is not None else Organisation.objects.filter(is_active=True), **kwargs)
        self.user: Any = None  # a form may set it: the user's district ranks first among candidates

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):  # a model form's initial: the primary key
            value = Organisation.objects.filter(pk=value).first() or value
        return super().prepare_value(value)

    def to_python(self, value: Any) -> Organisation | None:
        if value in self.empty_values:
            return None
        if isinstance(value, Organisation):
            value = value.code
        elif isinstance(value, int) and not isinstance(value, bool):  # a disabled field's initial: the primary key
            found = self.queryset.filter(pk=value).first() if self.queryset is not None else None
            if found is None:
                raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
            return found
        queryset = self.queryset if self.queryset is not None else Organisation.objects.none()
        try:
            return resolve(str(value), queryset, user=self.user)
        except ValidationError as exc:
            raise ValidationError(exc.messages[0], code="invalid_choice") from None


class OrganisationsField(forms.CharField):
    """Several organisations in one picker box, each resolved like ``OrganisationField``; a list, in order."""

    widget = OrganisationsPicker

    def __init__(self, queryset: QuerySet[Organisation] | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 2000)
        super().__init__(**kwargs)
        self.queryset = queryset if queryset is not None else Organisation.objects.filter(is_active=True)
        self.user: Any = None

    def clean(self, value: Any) -> list[Organisation]:
        if isinstance(value, list | tuple) and all(isinstance(v, Organisation) for v in value):
            return list(value)  # a disabled field's initial
        text = super().clean(value) or ""
        found: list[Organisation] = []
        problems: list[str] = []
        for part in _split(text):
            try:
                org = resolve(part, self.queryset, user=self.user)
            except ValidationError as exc:
                problems.append(exc.messages[0])
                continue
            if org not in found:
                found.append(org)
        if problems:
            raise ValidationError(problems)
        return found


def _split(text: str) -> list[str]:
    """Split a box of several organisations, keeping ``name（code）`` labels whole."""
    parts = [p for p in _SEPARATORS.split(text) if p.strip()]
    out: list[str] = []
    for part in parts:
        part = part.strip()
        # a part without brackets may be several codes separated by spaces (the old way of typing them)
        if "（" not in part and "(" not in part and " " in part:
            out.extend(p for p in _SPLIT.split(part) if p)
        else:
            out.append(part)
    return out


class OrganisationWithinFilter(django_filters.CharFilter):
    """A list filter "within this organisation": the picker in HTML lists; a code or a name in the API."""

    def __init__(self, *args: Any, path_field: str = "organisation__path", **kwargs: Any) -> None:
        kwargs.setdefault("widget", OrganisationPicker)
        kwargs.setdefault("help_text", _("The organisation's name, short name or code: it and everything under it."))
        super().__init__(*args, **kwargs)
        self.path_field = path_field

    def filter(self, qs: QuerySet, value: Any) -> QuerySet:
        if value in ("", None):
            return qs
        try:
            roots = [resolve(str(value), Organisation.objects.all())]
        except ValidationError:
            # part of a name typed but not chosen (``南京东路``): within any organisation it matches
            roots = list(matching(Organisation.objects.all(), str(value)).only("path")[:50])
        if not roots:
            return qs.none()
        condition = Q()
        for root in roots:
            condition |= Q(**{f"{self.path_field}__startswith": root.path})
        return qs.filter(condition)
