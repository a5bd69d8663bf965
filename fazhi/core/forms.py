"""Form behaviour the whole platform shares, installed once at start-up (``CoreConfig.ready``).

- Length limits say 「不能超过 5000 字」 rather than Django's 「确保该变量包含不超过 5000 字符」: the messages of
  Django's ``MaxLengthValidator``/``MinLengthValidator`` are replaced, so every ``CharField`` with a
  ``max_length``/``min_length`` (form or model field) says it the same way. Browsers also stop typing at the
  limit: Django renders ``maxlength`` from the form field.
- A yes/no filter (django-filter's ``BooleanFilter``, also what a model's boolean field gets in a filter set) offers
  「全部 / 是 / 否」, not 「未知 / 是 / 否」: its empty choice means "do not filter".
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core import validators
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

MAX_LENGTH_MESSAGE = ngettext_lazy(
    "Cannot be longer than %(limit_value)d character (it has %(show_value)d).",
    "Cannot be longer than %(limit_value)d characters (it has %(show_value)d).",
    "limit_value",
)
MIN_LENGTH_MESSAGE = ngettext_lazy(
    "Needs at least %(limit_value)d character (it has %(show_value)d).",
    "Needs at least %(limit_value)d characters (it has %(show_value)d).",
    "limit_value",
)


class AllYesNoSelect(forms.NullBooleanSelect):
    """A yes/no filter whose empty choice reads 「全部」 (the values are Django's: unknown/true/false)."""

    def __init__(self, attrs: Any = None) -> None:
        super().__init__(attrs)
        self.choices = [("unknown", _("All")), ("true", _("Yes")), ("false", _("No"))]


class YesNoFilterField(forms.NullBooleanField):
    widget = AllYesNoSelect


def install() -> None:
    """Called once from ``CoreConfig.ready``."""
    import django_filters

    validators.MaxLengthValidator.message = MAX_LENGTH_MESSAGE
    validators.MinLengthValidator.message = MIN_LENGTH_MESSAGE
    django_filters.BooleanFilter.field_class = YesNoFilterField
