import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from fazhi.orgs.picker import OrganisationWithinFilter
from fazhi.supervision.choices import TaskStatus
from fazhi.supervision.models import Task


class TaskFilterSet(django_filters.FilterSet):
    """One filter set for the console list, the Excel export and the API."""

    q = django_filters.CharFilter(method="search", label=_("Search"))
    measure = django_filters.NumberFilter(
        field_name="measure__number", label=_("Measure (number)"), min_value=1, max_value=999
    )
    organisation = OrganisationWithinFilter(label=_("Led within"), path_field="lead_organisation__path")
    status = django_filters.ChoiceFilter(choices=TaskStatus.choices, label=_("Status"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue"))
    top_level = django_filters.BooleanFilter(
        field_name="parent", lookup_expr="isnull", label=_("Not delegated from another task")
    )

    class Meta:
        model = Task
        fields = ("q", "measure", "organisation", "status", "overdue", "top_level")

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()[:100]
        return queryset.filter(Q(title__icontains=value) | Q(description__icontains=value))

    def filter_overdue(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        return queryset.overdue() if value else queryset.not_overdue()
