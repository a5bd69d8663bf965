import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.hotline.choices import WAITING_STATUSES, Channel, TicketStatus
from fazhi.hotline.models import ServiceCategory, Ticket
from fazhi.orgs.picker import OrganisationWithinFilter


class TicketFilterSet(django_filters.FilterSet):
    """One filter set for the console list and the API."""

    q = django_filters.CharFilter(method="search", label=_("Search (number or text)"))
    status = django_filters.ChoiceFilter(choices=TicketStatus.choices, label=_("Status"))
    category = django_filters.ModelChoiceFilter(
        queryset=ServiceCategory.objects.all(), field_name="category", to_field_name="code", label=_("Category")
    )
    channel = django_filters.ChoiceFilter(choices=Channel.choices, label=_("Channel"))
    organisation = OrganisationWithinFilter(label=_("Handled within"), path_field="organisation__path")
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue"))

    class Meta:
        model = Ticket
        fields = ("q", "status", "category", "channel", "organisation", "overdue")

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()[:100]
        return queryset.filter(Q(tracking_number=value.upper()) | Q(description__icontains=value))

    def filter_overdue(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        # a reply awaiting the citizen's confirmation is not late for staff
        overdue = Q(closed_at__isnull=True, due_at__lt=timezone.now()) & ~Q(status__in=WAITING_STATUSES)
        return queryset.filter(overdue) if value else queryset.exclude(overdue)
