"""Enforcement API: matters, officers, standards (published versions) and lists through their policies (the public
sees what is published; staff their scope too), and the engine — the no-penalty check and the band proposal —
open to everyone, like the self-check page."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from fazhi.core.api import PlatformAPIView, PolicyReadOnlyViewSet
from fazhi.core.permissions import VIEW
from fazhi.enforcement.api.serializers import (
    EnforcementBandProposalSerializer,
    EnforcementCheckRequestSerializer,
    EnforcementExemptionCheckSerializer,
    EnforcementListSerializer,
    EnforcementMatterSerializer,
    EnforcementOfficerSerializer,
    EnforcementProposeRequestSerializer,
    EnforcementStandardSerializer,
)
from fazhi.enforcement.models import (
    DiscretionStandard,
    DiscretionStandardVersion,
    EnforcementMatter,
    ExemptionItem,
    ExemptionList,
    Officer,
)
from fazhi.enforcement.rules import check_exemption, propose_band


class MatterViewSet(PolicyReadOnlyViewSet):
    model = EnforcementMatter
    queryset = EnforcementMatter.objects.select_related("body").prefetch_related("bases__work")
    serializer_class = EnforcementMatterSerializer
    filterset_fields = ("kind", "body__code", "code")


class OfficerViewSet(PolicyReadOnlyViewSet):
    model = Officer
    queryset = Officer.objects.select_related("body")
    serializer_class = EnforcementOfficerSerializer
    filterset_fields = ("body__code",)


class StandardViewSet(PolicyReadOnlyViewSet):
    model = DiscretionStandard
    queryset = DiscretionStandard.objects.prefetch_related(
        Prefetch(
            "versions",
            DiscretionStandardVersion.objects.filter(published_at__isnull=False)
            .order_by("-number")
            .prefetch_related("factors", "bands"),
        )
    )
    serializer_class = EnforcementStandardSerializer
    filterset_fields = ("matter",)


class ListViewSet(PolicyReadOnlyViewSet):
    model = ExemptionList
    queryset = ExemptionList.objects.select_related("body").prefetch_related(
        Prefetch("items", ExemptionItem.objects.prefetch_related("conditions", "matters"))
    )
    serializer_class = EnforcementListSerializer
    filterset_fields = ("body__code",)


def _matter(request: Request, pk: int) -> EnforcementMatter:
    matter: EnforcementMatter | None = EnforcementMatter.objects.restrict(request.user, VIEW).filter(pk=pk).first()
    if matter is None:
        raise Http404
    return matter


class CheckView(PlatformAPIView):
    """May this be exempted? Every no-penalty list item covering the matter, each condition met or not and why."""

    permission_classes = (permissions.AllowAny,)
    throttle_classes = (AnonRateThrottle, UserRateThrottle)

    @extend_schema(request=EnforcementCheckRequestSerializer, responses=EnforcementExemptionCheckSerializer(many=True))
    def post(self, request: Request) -> Response:
        body = EnforcementCheckRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        checks = check_exemption(_matter(request, data["matter"]), data["answers"], on=data.get("on"))
        return Response(EnforcementExemptionCheckSerializer([c.as_dict() for c in checks], many=True).data)


class ProposeView(PlatformAPIView):
    """The band the matter's discretion standard (the version in force on the act's date) gives for the answers."""

    permission_classes = (permissions.AllowAny,)
    throttle_classes = (AnonRateThrottle, UserRateThrottle)

    @extend_schema(
        request=EnforcementProposeRequestSerializer, responses={200: EnforcementBandProposalSerializer, 404: None}
    )
    def post(self, request: Request) -> Response:
        body = EnforcementProposeRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        proposal = propose_band(_matter(request, data["matter"]), data["act_date"], data["answers"])
        if proposal is None:
            return Response({"detail": "The matter has no discretion standard in force on that date."}, status=404)
        return Response(EnforcementBandProposalSerializer(proposal.as_dict()).data)
