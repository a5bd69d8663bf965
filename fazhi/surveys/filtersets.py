import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from fazhi.orgs.picker import OrganisationWithinFilter
from fazhi.surveys.choices import Audience, SurveyStatus
from fazhi.surveys.models import Survey


class SurveyFilterSet(django_filters.FilterSet):
    """One filter set for the console list and the API."""

    q = django_filters.CharFilter(method="search", label=_("Search"))
    organisation = OrganisationWithinFilter(label=_("Run within"), path_field="organisation__path")
    audience = django_filters.ChoiceFilter(choices=Audience.choices, label=_("Audience"))
    status = django_filters.ChoiceFilter(choices=SurveyStatus.choices, label=_("Status"))

    class Meta:
        model = Survey
        fields = ("q", "organisation", "audience", "status")

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()[:100]
        return queryset.filter(Q(title__icontains=value) | Q(intro__icontains=value))
