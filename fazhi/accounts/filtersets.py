import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from fazhi.accounts.choices import RoleCode
from fazhi.accounts.models import RoleAssignment, User
from fazhi.core.pii import blind_index, normalise_phone


class UserFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    organisation_id = django_filters.NumberFilter(field_name="organisation_id", label=_("Organisation (id)"))
    role = django_filters.ChoiceFilter(
        field_name="role_assignments__role__code", choices=RoleCode.choices, label=_("Role"), distinct=True
    )

    class Meta:
        model = User
        fields = ("q", "organisation_id", "role")

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()[:100]
        # A phone number is found by its blind index: the clear number is never in the database.
        return queryset.filter(
            Q(username__icontains=value)
            | Q(display_name__icontains=value)
            | Q(email__iexact=value)
            | Q(phone_index=blind_index(normalise_phone(value)))
        )


class RoleAssignmentFilterSet(django_filters.FilterSet):
    user_id = django_filters.NumberFilter(field_name="user_id")
    organisation_id = django_filters.NumberFilter(field_name="organisation_id")
    role = django_filters.ChoiceFilter(field_name="role__code", choices=RoleCode.choices)

    class Meta:
        model = RoleAssignment
        fields = ("user_id", "organisation_id", "role")
