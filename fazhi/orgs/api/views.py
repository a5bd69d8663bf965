from fazhi.core.api import PolicyModelViewSet
from fazhi.orgs.api.serializers import OrganisationSerializer
from fazhi.orgs.filtersets import OrganisationFilterSet
from fazhi.orgs.models import Organisation


class OrganisationViewSet(PolicyModelViewSet):
    """The organisation directory: public to read, changed by managers within their subtree."""

    model = Organisation
    queryset = Organisation.objects.select_related("parent")
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilterSet
    lookup_field = "code"
    http_method_names = ["get", "post", "patch", "head", "options"]
