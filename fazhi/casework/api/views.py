from collections.abc import Sequence
from typing import Any

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions
from rest_framework.request import Request
from rest_framework.response import Response

from fazhi.casework.api.serializers import (
    MatterPageSerializer,
    MatterSerializer,
    MattersQuerySerializer,
    TrackedMatterSerializer,
)
from fazhi.casework.queries import (
    MatterRow,
    find_by_tracking_number,
    matters_of,
    may_follow,
    sees_internal_notes,
    work_queue,
)
from fazhi.casework.services import history
from fazhi.core.api import PlatformAPIView
from fazhi.core.drf import IsStaffMember, Pagination


class _MatterListView(PlatformAPIView):
    def page(self, request: Request, rows: Sequence[MatterRow]) -> Response:
        paginator = Pagination()
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(MatterSerializer(page, many=True).data)

    def query(self, request: Request) -> dict[str, Any]:
        query = MattersQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        return query.validated_data


class MyMattersView(_MatterListView):
    """我的办件: every matter the caller submitted, of every kind, newest change first."""

    permission_classes = (permissions.IsAuthenticated,)

    @extend_schema(parameters=[MattersQuerySerializer], responses=MatterPageSerializer)
    def get(self, request: Request) -> Response:
        data = self.query(request)
        return self.page(request, matters_of(request.user, kind=data["kind"], open_only=data["open"]))


class WorkQueueView(_MatterListView):
    """Open matters the caller may handle, soonest deadline first (``open`` is ignored; ``kind`` filters)."""

    permission_classes = (IsStaffMember,)

    @extend_schema(parameters=[MattersQuerySerializer], responses=MatterPageSerializer)
    def get(self, request: Request) -> Response:
        return self.page(request, work_queue(request.user, kind=self.query(request)["kind"]))


class TrackView(PlatformAPIView):
    """One matter and its steps by tracking number (its submitter, staff in scope, or anyone for an anonymous one)."""

    permission_classes = (permissions.AllowAny,)

    @extend_schema(
        parameters=[OpenApiParameter("number", str, OpenApiParameter.PATH)], responses=TrackedMatterSerializer
    )
    def get(self, request: Request, number: str) -> Response:
        matter_type, matter = find_by_tracking_number(number)
        if not may_follow(request.user, matter):
            raise Http404
        row = MatterRow(matter_type, matter)
        row.events = history(matter, for_submitter=not sees_internal_notes(request.user, matter))  # type: ignore[attr-defined]
        return Response(TrackedMatterSerializer(row).data)
