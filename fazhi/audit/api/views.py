from fazhi.audit.api.serializers import AuditEntrySerializer
from fazhi.audit.filtersets import AuditEntryFilterSet
from fazhi.audit.models import AuditEntry
from fazhi.core.api import PolicyReadOnlyViewSet


class AuditEntryViewSet(PolicyReadOnlyViewSet):
    """The audit trail within the caller's scope (administrators, managers, evaluators). Read-only."""

    model = AuditEntry
    queryset = AuditEntry.objects.select_related("content_type", "organisation")
    serializer_class = AuditEntrySerializer
    filterset_class = AuditEntryFilterSet
    lookup_field = "seq"
    lookup_value_regex = r"\d+"
