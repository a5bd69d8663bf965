import django_filters
from django.utils.translation import gettext_lazy as _

from fazhi.audit.models import AuditEntry
from fazhi.core.filters import BoundedIsoDateTimeFilter


class AuditEntryFilterSet(django_filters.FilterSet):
    action = django_filters.CharFilter(field_name="action", label=_("Action"))
    user_id = django_filters.NumberFilter(field_name="user_id", label=_("User (id)"))
    organisation_id = django_filters.NumberFilter(field_name="organisation_id", label=_("Organisation (id)"))
    object_type = django_filters.CharFilter(method="filter_object_type", label=_("Record type (app.model)"))
    object_id = django_filters.CharFilter(field_name="object_id", label=_("Record id"))
    request_id = django_filters.CharFilter(field_name="request_id", label=_("Request id"))
    since = BoundedIsoDateTimeFilter(field_name="timestamp", lookup_expr="gte", label=_("Since"))
    until = BoundedIsoDateTimeFilter(field_name="timestamp", lookup_expr="lt", label=_("Until"))

    class Meta:
        model = AuditEntry
        fields = ("action", "user_id", "organisation_id", "object_type", "object_id", "request_id", "since", "until")

    def filter_object_type(self, queryset, name, value):
        app_label, _sep, model = value.partition(".")
        return queryset.filter(content_type__app_label=app_label, content_type__model=model.lower())
