import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from fazhi.reports.choices import SelectionKind
from fazhi.reports.models import Selection


class SelectionFilterSet(django_filters.FilterSet):
    """One filter set for the console list and the API."""

    year = django_filters.NumberFilter(label=_("Year"), min_value=2000, max_value=2100)
    kind = django_filters.ChoiceFilter(choices=SelectionKind.choices, label=_("Kind"))
    q = django_filters.CharFilter(method="search", label=_("Search"))

    class Meta:
        model = Selection
        fields = ("year", "kind", "q")

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()[:100]
        return queryset.filter(
            Q(title__icontains=value) | Q(case__title__icontains=value) | Q(summary__icontains=value)
        )
