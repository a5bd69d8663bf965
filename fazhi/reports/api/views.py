from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from fazhi.core.api import PolicyModelViewSet
from fazhi.core.permissions import CHANGE
from fazhi.reports.api.serializers import MoveSerializer, SelectionSerializer
from fazhi.reports.filtersets import SelectionFilterSet
from fazhi.reports.models import Selection
from fazhi.reports.services import selection_delete, selection_move


class SelectionViewSet(PolicyModelViewSet):
    """Typical cases and good practices selected for a year's white paper (city-wide staff). ``move`` reorders."""

    model = Selection
    queryset = Selection.objects.select_related("case", "organisation", "measure")
    serializer_class = SelectionSerializer
    filterset_class = SelectionFilterSet
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    policy_actions = {"move": CHANGE, "destroy": CHANGE}  # removing a selection changes the report's contents

    def perform_create(self, serializer: Any) -> None:
        serializer.save()  # the service checks the policy (city-wide) and saves in a transaction

    def perform_update(self, serializer: Any) -> None:
        serializer.save()

    def perform_destroy(self, instance: Selection) -> None:
        selection_delete(selection=instance, user=self.request.user)

    @extend_schema(request=MoveSerializer, responses=SelectionSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request: Request, pk: str | None = None) -> Response:
        selection = self.get_object()
        payload = MoveSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        offset = -1 if payload.validated_data["direction"] == "up" else 1
        selection = selection_move(selection=selection, offset=offset, user=request.user)
        return Response(SelectionSerializer(selection, context={"request": request}).data)
