"""API base classes: the same policies as the HTML views, clear 4xx answers, no 500s.

Every endpoint is a :class:`PolicyModelViewSet` (model-backed) or a :class:`PlatformAPIView` whose
``permission_classes`` say who may call it; the permission walk test rejects anything else.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from django.db import models, transaction
from django.http import HttpResponseBase
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.views import APIView

from fazhi.core.context import _current
from fazhi.core.drf import FileNegotiation, IsStaffMember, PolicyPermission, policy_action
from fazhi.core.export import EXPORT_FORMAT_HELP, FORMATS, XLSX_TYPE, TableExport
from fazhi.core.permissions import ADD, CHANGE, policy_of

if TYPE_CHECKING:
    from rest_framework.generics import GenericAPIView

    # The mixins below are typed as the DRF views they are mixed into; at run time they stay plain mixins.
    _APIViewMixin = APIView
    _GenericAPIViewMixin = GenericAPIView[Any]
else:
    _APIViewMixin = _GenericAPIViewMixin = object

__all__ = ["IsStaffMember", "PolicyPermission", "policy_action"]


class BindActorMixin(_APIViewMixin):
    """DRF authenticates (token) after the middleware ran: re-bind the audit actor to the real user."""

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if request.user and request.user.is_authenticated:
            _current.set(replace(_current.get(), user=request.user))


class PlatformAPIView(BindActorMixin, APIView):
    """A non-model endpoint. Subclasses must set ``permission_classes`` explicitly."""


class PolicyQuerySetMixin(BindActorMixin, _GenericAPIViewMixin):
    """Reads go through the model's policy for the action the request asks for."""

    model: type[models.Model]
    queryset: models.QuerySet | None = None
    policy_actions: dict[str, str] = {}
    permission_classes = [PolicyPermission]

    def get_queryset(self) -> models.QuerySet:
        base = self.queryset if self.queryset is not None else self.model._default_manager.all()
        queryset = base.all()
        # What ``restrict()`` does, through the model's policy (a queryset's type does not say it has restrict()).
        return policy_of(queryset.model).filter(queryset, self.request.user, policy_action(self.request, self))


class PolicyModelViewSet(PolicyQuerySetMixin, viewsets.ModelViewSet):
    """CRUD on one model through its policy. Writes re-check the saved record and roll back if it escaped."""

    def _save_within_policy(self, serializer: Any, action: str) -> None:
        with transaction.atomic():
            instance = serializer.save()
            if not policy_of(self.model).allows(self.request.user, action, instance):
                raise exceptions.PermissionDenied(_("You may not save a record there: it is outside your scope."))

    def perform_create(self, serializer: Any) -> None:
        self._save_within_policy(serializer, ADD)

    def perform_update(self, serializer: Any) -> None:
        self._save_within_policy(serializer, CHANGE)


class PolicyReadOnlyViewSet(PolicyQuerySetMixin, viewsets.ReadOnlyModelViewSet):
    """List and retrieve through the model's policy."""


class TableExportMixin(_GenericAPIViewMixin):
    """``GET …/export/`` on a viewset: staff export the records in their scope with the list's filters, as Excel
    or CSV (``?as=``/``?format=`` or the Accept header), through the viewset's ``table_export`` (masking, audit)."""

    table_export: TableExport

    @extend_schema(
        parameters=[
            OpenApiParameter("as", str, enum=list(FORMATS), description=EXPORT_FORMAT_HELP, required=False),
            OpenApiParameter("format", str, enum=list(FORMATS), description="the same as `as`", required=False),
        ],
        responses={(200, XLSX_TYPE): OpenApiTypes.BINARY, (200, "text/csv"): OpenApiTypes.BINARY},
    )
    @action(
        detail=False,
        methods=["get"],
        permission_classes=[IsStaffMember, PolicyPermission],
        content_negotiation_class=FileNegotiation,
    )
    def export(self, request: Request) -> HttpResponseBase:
        """Staff: the records in the caller's scope with the list's filters, as Excel or CSV; personal data masked;
        the export is audited."""
        return self.table_export.response(self.filter_queryset(self.get_queryset()), request)
