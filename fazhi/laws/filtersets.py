import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from fazhi.laws.choices import ChangeKind, DocType
from fazhi.laws.models import Version, Work


class WorkFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Title contains"))
    doc_type = django_filters.ChoiceFilter(choices=DocType.choices, label=_("Type"))
    region = django_filters.CharFilter(field_name="region", label=_("Region"))
    category = django_filters.CharFilter(field_name="category", label=_("Category"))
    initial = django_filters.CharFilter(field_name="initial", label=_("Initial (A–Z)"))

    class Meta:
        model = Work
        fields = ("q", "doc_type", "region", "category", "initial")

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()[:100]
        return queryset.filter(Q(title__icontains=value) | Q(short_title__icontains=value))


class VersionChangeFilterSet(django_filters.FilterSet):
    """Versions as changes to the law (立改废): the changes page, its feed and the API's version list."""

    change = django_filters.ChoiceFilter(choices=ChangeKind.choices, label=_("Change"))
    doc_type = django_filters.ChoiceFilter(field_name="work__doc_type", choices=DocType.choices, label=_("Type"))
    region = django_filters.CharFilter(field_name="work__region", max_length=20, label=_("Region"))
    since = django_filters.DateFilter(field_name="version_date", lookup_expr="gte", label=_("From"))
    until = django_filters.DateFilter(field_name="version_date", lookup_expr="lte", label=_("Until"))

    class Meta:
        model = Version
        fields = ("change", "doc_type", "region", "since", "until", "status")
