"""Penalty-case API: a body's cases (scoped: a body sees its own), filing, evidence with its hash status, and one
endpoint per step of penalties/workflow.py."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from fazhi.core.api import PolicyModelViewSet
from fazhi.core.permissions import VIEW
from fazhi.penalties import services
from fazhi.penalties.api.serializers import CaseFileSerializer, EvidenceSerializer, PenaltyCaseSerializer
from fazhi.penalties.filtersets import CaseFilterSet
from fazhi.penalties.models import PenaltyCase
from fazhi.penalties.workflow import PENALTY_WORKFLOW
from fazhi.workflow.api import WorkflowStepsMixin, step_policy_actions, with_steps


@with_steps(PENALTY_WORKFLOW, PenaltyCaseSerializer)
class PenaltyCaseViewSet(WorkflowStepsMixin, PolicyModelViewSet):
    """Cases of the caller's organisation's subtree. Filing is ``POST``; each step is ``POST …/{id}/steps/{step}/``."""

    model = PenaltyCase
    queryset = PenaltyCase.objects.select_related("body", "matter", "hearing_chair", "legal_reviewer").prefetch_related(
        "officers", "events"
    )
    serializer_class = PenaltyCaseSerializer
    filterset_class = CaseFilterSet
    http_method_names = ["get", "post", "head", "options"]
    policy_actions = {**step_policy_actions(PENALTY_WORKFLOW), "evidence": VIEW}

    @extend_schema(request=CaseFileSerializer, responses={201: PenaltyCaseSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        payload = CaseFileSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        matter = data.pop("matter")
        case = services.case_file(user=request.user, body=matter.body, matter=matter, **data)
        return Response(PenaltyCaseSerializer(case).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=EvidenceSerializer(many=True))
    @action(detail=True, methods=["get"])
    def evidence(self, request: Request, pk: str | None = None) -> Response:
        """The case's evidence, each with whether its content still has the hash recorded at upload."""
        case = self.get_object()
        return Response(
            [
                EvidenceSerializer(
                    {
                        "uid": item.uid,
                        "original_name": item.original_name,
                        "sha256": item.sha256,
                        "intact": intact,
                        "created_at": item.created_at,
                    }
                ).data
                for item, intact in services.evidence_status(case)
            ]
        )
