from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from fazhi.core.api import PlatformAPIView, PolicyModelViewSet, PolicyReadOnlyViewSet
from fazhi.core.permissions import CHANGE
from fazhi.supervision.api.serializers import (
    DelegateSerializer,
    DelegationResultSerializer,
    MeasureSerializer,
    PlanSerializer,
    TaskSerializer,
)
from fazhi.supervision.filtersets import TaskFilterSet
from fazhi.supervision.models import Measure, Plan, Task
from fazhi.supervision.services import task_delegate


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
