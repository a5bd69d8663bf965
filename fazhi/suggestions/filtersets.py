import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.orgs.picker import OrganisationWithinFilter
from fazhi.suggestions.choices import SuggestionStatus
from fazhi.suggestions.models import Suggestion


class SuggestionFilterSet(django_filters.FilterSet):
    """One filter set for the console list and the API."""

    q = django_filters.CharFilter(method="search", label=_("Search"))
    status = django_filters.ChoiceFilter(choices=SuggestionStatus.choices, label=_("Status"))
    organisation = OrganisationWithinFilter(label=_("Handled within"), path_field="organisation__path")
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue"))
    is_emergency = django_filters.BooleanFilter(label=_("Emergency"))
    not_a_suggestion = django_filters.BooleanFilter(label=_("May not be a suggestion (第十条第二款)"))
    solicitation = django_filters.NumberFilter(
        field_name="solicitation_id", label=_("Solicitation"), min_value=1, max_value=2_147_483_647
    )

    class Meta:
        model = Suggestion
        fields = ("q", "status", "organisation", "overdue", "is_emergency", "not_a_suggestion", "solicitation")

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()[:100]
        return queryset.filter(
            Q(tracking_number__iexact=value) | Q(theme__icontains=value) | Q(proposal__icontains=value)
        )

    def filter_overdue(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        late = Q(closed_at__isnull=True, due_at__lt=timezone.now())
        return queryset.filter(late) if value else queryset.exclude(late)
