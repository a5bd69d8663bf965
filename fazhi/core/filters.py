"""Filter fields shared by the filter sets, with bounds that every supported database accepts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField

# PostgreSQL rejects offsets beyond ±15:59 and SQLite sorts text; real offsets stay within ±14:00.
MAX_OFFSET = dt.timedelta(hours=14)
EARLIEST, LATEST = dt.datetime(1900, 1, 1), dt.datetime(9999, 1, 1)


class BoundedIsoDateTimeField(IsoDateTimeField):
    def clean(self, value: Any) -> dt.datetime | None:
        result = super().clean(value)
        if result is None:
            return result
        offset = result.utcoffset()
        if offset is not None and abs(offset) > MAX_OFFSET:
            raise forms.ValidationError(_("The time zone offset must be between -14:00 and +14:00."), code="offset")
        if not EARLIEST <= result.replace(tzinfo=None) < LATEST:
            raise forms.ValidationError(_("Give a date between 1900 and 9999."), code="range")
        return result


class BoundedIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = BoundedIsoDateTimeField
