"""The dashboard's figures as JSON: the same :class:`~fazhi.supervision.dashboard.Dashboard` as the console page."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from fazhi.core.api import IsStaffMember, PlatformAPIView
from fazhi.supervision.dashboard import build_dashboard, dashboard_organisations, resolve_filters


class CanOpenDashboard(BasePermission):
    message = _("You do not have permission to do this.")

    def has_permission(self, request: Request, view: object) -> bool:
        return dashboard_organisations(request.user).exists()


class DashboardAPIView(PlatformAPIView):
    """Progress by chapter, measure and organisation, overdue and stalled tasks, indicator trends, scorecard."""

    permission_classes = (IsStaffMember, CanOpenDashboard)

    @extend_schema(
        parameters=[
            OpenApiParameter("organisation", str, description="Division code (default: the widest in reach)"),
            OpenApiParameter("period", str, description="2025-06, 2025-Q2 or 2025 (default: this year)"),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request: Request) -> Response:
        try:
            organisation, period = resolve_filters(
                request.user, request.query_params.get("organisation"), request.query_params.get("period")
            )
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from None
        # values never stored are computed in the background: ``pending`` says so, the values are then null
        dashboard = build_dashboard(organisation=organisation, period=period, user=request.user, wait=False)
        return Response(dashboard.as_dict())
