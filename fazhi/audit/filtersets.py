"""Filters of the audit trail. The API keeps its codes and ids (``action``, ``user_id``, ``organisation_id``,
``object_type`` as ``app.model``); people filter the console's list by name and pick operations and record types
by their labels (``ConsoleAuditEntryFilterSet``)."""

from typing import Any

import django_filters
from django.apps import apps
from django.db.models import Q, QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from fazhi.audit.display import ACTION_LABELS, action_choices
from fazhi.audit.models import AuditEntry
from fazhi.core.filters import BoundedIsoDateTimeFilter
from fazhi.core.models import AuditedModel


def record_type_choices() -> list[tuple[str, Any]]:
    """Every audited kind of record, by its name (``verbose_name``), valued ``app.model``."""
    models = [m for m in apps.get_models() if issubclass(m, AuditedModel)]
    choices = [(m._meta.label_lower, capfirst(m._meta.verbose_name)) for m in models]
    return sorted(choices, key=lambda c: str(c[1]))


class _Common(django_filters.FilterSet):
    user = django_filters.CharFilter(method="filter_user", label=_("Person (name or account)"))
    organisation = django_filters.CharFilter(method="filter_organisation", label=_("Organisation (name)"))
    object_id = django_filters.CharFilter(field_name="object_id", label=_("Record id"))
    since = BoundedIsoDateTimeFilter(field_name="timestamp", lookup_expr="gte", label=_("Since"))
    until = BoundedIsoDateTimeFilter(field_name="timestamp", lookup_expr="lt", label=_("Until"))

    def filter_user(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(
            Q(user__display_name__icontains=value) | Q(user__username__icontains=value) | Q(user_repr__icontains=value)
        )

    def filter_organisation(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(
            Q(organisation__name__icontains=value)
            | Q(organisation__short_name__icontains=value)
            | Q(organisation__code=value)
        )

    def filter_object_type(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        app_label, _sep, model = value.partition(".")
        return queryset.filter(content_type__app_label=app_label, content_type__model=model.lower())

    def filter_action(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """A code, or a family of codes (``demo.``: every demonstration loader)."""
        if value.endswith(".") and value in ACTION_LABELS:
            return queryset.filter(action__startswith=value)
        return queryset.filter(action=value)


class AuditEntryFilterSet(_Common):
    action = django_filters.CharFilter(method="filter_action", label=_("Action"))
    user_id = django_filters.NumberFilter(field_name="user_id", label=_("User (id)"))
    organisation_id = django_filters.NumberFilter(field_name="organisation_id", label=_("Organisation (id)"))
    object_type = django_filters.CharFilter(method="filter_object_type", label=_("Record type (app.model)"))
    request_id = django_filters.CharFilter(field_name="request_id", label=_("Request id"))

    class Meta:
        model = AuditEntry
        fields = (
            "action",
            "user",
            "user_id",
            "organisation",
            "organisation_id",
            "object_type",
            "object_id",
            "request_id",
            "since",
            "until",
        )


class ConsoleAuditEntryFilterSet(_Common):
    action = django_filters.ChoiceFilter(method="filter_action", choices=action_choices, label=_("Operation"))
    object_type = django_filters.ChoiceFilter(
        method="filter_object_type", choices=record_type_choices, label=_("Record type")
    )

    class Meta:
        model = AuditEntry
        fields = ("user", "organisation", "action", "object_type", "object_id", "since", "until")
