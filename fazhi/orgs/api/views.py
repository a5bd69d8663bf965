from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from fazhi.core.api import PolicyModelViewSet
from fazhi.orgs import search
from fazhi.orgs.api.serializers import (
    OrganisationHitSerializer,
    OrganisationSearchQuerySerializer,
    OrganisationSerializer,
)
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

    @extend_schema(
        parameters=[OrganisationSearchQuerySerializer],
        responses=OrganisationHitSerializer(many=True),
        description=(
            "Find active organisations by part of the name or short name, by code, or by pinyin initials "
            "(``njdl`` finds 南京东路街道): exact matches first, then the signed-in user's own district, then city "
            "before district before street. Every organisation field of the API takes the ``code`` found here. "
            "Only organisations the user may see are searched (the directory's policy)."
        ),
    )
    @action(detail=False, methods=["get"], pagination_class=None, filterset_class=None)
    def search(self, request: Request) -> Response:
        query = OrganisationSearchQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        base = self.get_queryset().filter(is_active=True)
        if data.get("kind"):
            base = base.filter(kind=data["kind"])
        if data.get("body_type"):
            base = base.filter(body_type=data["body_type"])
        home = search.district_path(request.user)
        hits = search.search(data["q"], user=request.user, queryset=base, limit=data["limit"])
        return Response(
            OrganisationHitSerializer(
                [
                    {
                        "code": org.code,
                        "name": org.name,
                        "short_name": org.short_name,
                        "kind": org.kind,
                        "kind_display": org.get_kind_display(),
                        "body_type": org.body_type,
                        "parent_name": search.context(org),
                        "label": search.label(org),
                        "own_district": bool(home and org.path.startswith(home)),
                    }
                    for org in hits
                ],
                many=True,
            ).data
        )
