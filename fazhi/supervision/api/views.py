from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from fazhi.core.api import PlatformAPIView, PolicyModelViewSet, PolicyReadOnlyViewSet
from fazhi.core.permissions import CHANGE
from fazhi.supervision.api.serializers import (
    AlertSerializer,
    DelegateSerializer,
    DelegationResultSerializer,
    MeasureSerializer,
    PlanSerializer,
    ProgressReportSerializer,
    SupervisionNoticeSerializer,
    TaskSerializer,
)
from fazhi.supervision.filtersets import TaskFilterSet
from fazhi.supervision.models import Alert, Measure, Plan, ProgressReport, SupervisionNotice, Task
from fazhi.supervision.services import REVIEW, alert_acknowledge, task_delegate
from fazhi.supervision.workflow import NOTICE_WORKFLOW, REPORT_WORKFLOW
from fazhi.workflow.api import WorkflowStepsMixin, step_policy_actions, with_steps


class PlanView(PlatformAPIView):
    """The plan: its preamble, chapters and measures (public reference data)."""

    permission_classes = (permissions.AllowAny,)

    @extend_schema(responses=PlanSerializer)
    def get(self, request: Request) -> Response:
        plan = Plan.objects.main()
        if plan is None:
            raise NotFound
        plan = Plan.objects.prefetch_related("chapters__measures").get(pk=plan.pk)
        return Response(PlanSerializer(plan).data)


class MeasureViewSet(PolicyReadOnlyViewSet):
    """The plan's measures, by number (1–30)."""

    model = Measure
    serializer_class = MeasureSerializer
    lookup_field = "number"
    lookup_value_regex = "[0-9]{1,4}"

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().filter(plan=Plan.objects.main()).select_related("chapter")


class TaskViewSet(PolicyModelViewSet):
    """Tasks carrying out the plan's measures, in the caller's scope. ``delegate`` creates child tasks."""

    model = Task
    queryset = Task.objects.select_related("measure", "lead_organisation").prefetch_related(
        "co_organisations", "milestones"
    )
    serializer_class = TaskSerializer
    filterset_class = TaskFilterSet
    http_method_names = ["get", "post", "patch", "head", "options"]
    policy_actions = {"delegate": CHANGE}

    @extend_schema(request=DelegateSerializer, responses={201: DelegationResultSerializer})
    @action(detail=True, methods=["post"])
    def delegate(self, request: Request, pk: str | None = None) -> Response:
        parent = self.get_object()
        payload = DelegateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        result = task_delegate(parent=parent, organisations=payload.validated_data["organisations"], user=request.user)
        data = DelegationResultSerializer(result, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_201_CREATED)


class _ByTask:
    """``?task=<id>`` narrows the list to one task."""

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)  # type: ignore[misc]
        value = self.request.query_params.get("task", "")  # type: ignore[attr-defined]
        if value:
            if not value.isdigit() or len(value) > 18:
                raise ValidationError({"task": "A task id is a number."})
            queryset = queryset.filter(task_id=int(value))
        return queryset


@extend_schema(parameters=[OpenApiParameter("task", int, description="only this task's records")])
@with_steps(REPORT_WORKFLOW, ProgressReportSerializer)
class ProgressReportViewSet(WorkflowStepsMixin, _ByTask, PolicyModelViewSet):
    """Progress reports on tasks in the caller's scope. POST submits one; ``POST …/{id}/steps/accept/`` and
    ``…/steps/return/`` review it (supervision/workflow.py: the service decides who may)."""

    model = ProgressReport
    queryset = ProgressReport.objects.select_related("task", "organisation", "created_by", "reviewer")
    serializer_class = ProgressReportSerializer
    http_method_names = ["get", "post", "head", "options"]
    policy_actions = step_policy_actions(REPORT_WORKFLOW)

    def perform_create(self, serializer: Any) -> None:
        serializer.save()  # report_submit checks the scope and refuses with a message


@extend_schema(parameters=[OpenApiParameter("task", int, description="only this task's records")])
@with_steps(NOTICE_WORKFLOW, SupervisionNoticeSerializer)
class SupervisionNoticeViewSet(WorkflowStepsMixin, _ByTask, PolicyModelViewSet):
    """督办 notices. POST issues one (supervising office); ``POST …/{id}/steps/reply/`` answers it (responsible
    organisation)."""

    model = SupervisionNotice
    queryset = SupervisionNotice.objects.select_related("task", "created_by", "replied_by")
    serializer_class = SupervisionNoticeSerializer
    http_method_names = ["get", "post", "head", "options"]
    policy_actions = {"create": REVIEW, **step_policy_actions(NOTICE_WORKFLOW)}

    def perform_create(self, serializer: Any) -> None:
        serializer.save()  # notice_issue checks the scope and refuses with a message


@extend_schema(parameters=[OpenApiParameter("task", int, description="only this task's records")])
class AlertViewSet(_ByTask, PolicyReadOnlyViewSet):
    """Overdue, stalled and unanswered-notice alerts in the caller's scope; ``acknowledge`` stops escalation."""

    model = Alert
    queryset = Alert.objects.select_related("task__lead_organisation", "acknowledged_by")
    serializer_class = AlertSerializer
    policy_actions = {"acknowledge": CHANGE}

    @extend_schema(request=None, responses=AlertSerializer)
    @action(detail=True, methods=["post"])
    def acknowledge(self, request: Request, pk: str | None = None) -> Response:
        alert = alert_acknowledge(alert=self.get_object(), user=request.user)
        return Response(AlertSerializer(alert, context=self.get_serializer_context()).data)
