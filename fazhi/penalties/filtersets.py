import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fazhi.orgs.picker import OrganisationWithinFilter
from fazhi.penalties.choices import CaseStatus, DecisionKind, Procedure
from fazhi.penalties.models import PenaltyCase


class CaseFilterSet(django_filters.FilterSet):
    """One filter set for the console list and the API."""

    q = django_filters.CharFilter(method="search", label=_("Search (case number or party)"))
    status = django_filters.ChoiceFilter(choices=CaseStatus.choices, label=_("Status"))
    procedure = django_filters.ChoiceFilter(choices=Procedure.choices, label=_("Procedure"))
    decision_kind = django_filters.ChoiceFilter(
        choices=DecisionKind.choices, label=pgettext_lazy("penalty case", "Decision")
    )
    body = OrganisationWithinFilter(label=_("Body within"), path_field="body__path")
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue"))

    class Meta:
        model = PenaltyCase
        fields = ("q", "status", "procedure", "decision_kind", "body", "overdue")

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()[:100]
        return queryset.filter(Q(number__icontains=value) | Q(party_name__icontains=value))

    def filter_overdue(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        overdue = Q(due_at__lt=timezone.now())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)
