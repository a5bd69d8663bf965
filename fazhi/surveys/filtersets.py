import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from fazhi.orgs.models import Organisation
from fazhi.surveys.choices import Audience, SurveyStatus
from fazhi.surveys.models import Survey


class SurveyFilterSet(django_filters.FilterSet):
    """One filter set for the console list and the API."""

    q = django_filters.CharFilter(method="search", label=_("Search"))
    organisation = django_filters.CharFilter(method="filter_within", label=_("Run within (organisation code)"))
    audience = django_filters.ChoiceFilter(choices=Audience.choices, label=_("Audience"))
    status = django_filters.ChoiceFilter(choices=SurveyStatus.choices, label=_("Status"))

    class Meta:
        model = Survey
        fields = ("q", "organisation", "audience", "status")

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()[:100]
        return queryset.filter(Q(title__icontains=value) | Q(intro__icontains=value))

    def filter_within(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        root = Organisation.objects.filter(code=value.strip()[:32]).only("path").first()
        return queryset.filter(organisation__path__startswith=root.path) if root else queryset.none()
