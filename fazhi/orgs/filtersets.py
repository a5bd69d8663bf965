import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from fazhi.orgs.choices import BodyType, OrganisationKind
from fazhi.orgs.models import Organisation
from fazhi.orgs.picker import OrganisationWithinFilter


class OrganisationFilterSet(django_filters.FilterSet):
    """One filter set for the portal directory, the console and the API."""

    q = django_filters.CharFilter(method="search", label=_("Search"))
    kind = django_filters.ChoiceFilter(choices=OrganisationKind.choices, label=_("Kind"))
    body_type = django_filters.ChoiceFilter(choices=BodyType.choices, label=_("Body type"))
    parent_id = django_filters.NumberFilter(field_name="parent_id", label=_("Parent (id)"))
    parent = django_filters.CharFilter(field_name="parent__code", label=_("Parent (code)"))
    within = OrganisationWithinFilter(label=_("Within"), path_field="path")

    class Meta:
        model = Organisation
        fields = ("q", "kind", "body_type", "parent_id", "parent", "within")

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()[:100]
        return queryset.filter(Q(name__icontains=value) | Q(short_name__icontains=value) | Q(code=value))
