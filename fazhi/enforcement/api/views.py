"""Enforcement API: matters, officers, standards (published versions) and lists through their policies (the public
sees what is published; staff their scope too), and the engine — the no-penalty check and the band proposal —
open to everyone, like the self-check page."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from fazhi.casework.abuse import throttle
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
    EnforcementRatingRequestSerializer,
    EnforcementRatingSerializer,
    EnforcementReportSerializer,
    EnforcementReportSubmitSerializer,
    EnforcementStandardSerializer,
)
from fazhi.enforcement.models import (
    DiscretionStandard,
    DiscretionStandardVersion,
    EnforcementMatter,
    EnforcementReport,
    ExemptionItem,
    ExemptionList,
    Officer,
)
from fazhi.enforcement.reports import report_rate, report_submit
from fazhi.enforcement.rules import check_exemption, propose_band
from fazhi.enforcement.workflow import REPORT_WORKFLOW
from fazhi.workflow.api import WorkflowStepsMixin, step_policy_actions, with_steps


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


@with_steps(REPORT_WORKFLOW, EnforcementReportSerializer)
class ReportViewSet(WorkflowStepsMixin, PolicyReadOnlyViewSet):
    """Reports of violations (上海市城市管理行政执法条例 第二十六条): the caller's own, or those held by the bodies in
    the caller's scope. ``submit`` makes one (signed in, or anonymously with a phone number); each step of
    enforcement/workflow.py is ``POST …/{id}/steps/{step}/``; the reporter ``rate``s the handling once answered."""

    model = EnforcementReport
    queryset = EnforcementReport.objects.select_related(
        "organisation", "district", "street", "transferred_from"
    ).order_by("-created_at", "-pk")
    serializer_class = EnforcementReportSerializer
    lookup_value_regex = "[0-9]{1,18}"
    policy_actions = {**step_policy_actions(REPORT_WORKFLOW), "rate": VIEW}

    @extend_schema(request=EnforcementReportSubmitSerializer, responses={201: EnforcementReportSerializer})
    @action(detail=False, methods=["post"], permission_classes=[permissions.AllowAny])
    def submit(self, request: Request) -> Response:
        payload = EnforcementReportSubmitSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        throttle(request._request, "enforcement.report")
        report = report_submit(user=request.user, **payload.validated_data)
        body = EnforcementReportSerializer(self.queryset.get(pk=report.pk)).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(request=EnforcementRatingRequestSerializer, responses={201: EnforcementRatingSerializer})
    @action(detail=True, methods=["post"])
    def rate(self, request: Request, pk: str | None = None) -> Response:
        report = self.get_object()
        if report.submitter_id != request.user.pk:
            raise PermissionDenied(_("Only the reporter rates the handling of a report."))
        payload = EnforcementRatingRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        rating = report_rate(report=report, user=request.user, **payload.validated_data)
        return Response(EnforcementRatingSerializer(rating).data, status=status.HTTP_201_CREATED)
