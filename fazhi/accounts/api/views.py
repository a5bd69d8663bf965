from typing import Any

from django.db import transaction
from django.http import HttpResponseBase
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, viewsets
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings

from fazhi.accounts.api.serializers import MeSerializer, RoleAssignmentSerializer, RoleSerializer, UserSerializer
from fazhi.accounts.filtersets import RoleAssignmentFilterSet, UserFilterSet
from fazhi.accounts.lockout import locked_out_response
from fazhi.accounts.models import Role, RoleAssignment, User
from fazhi.accounts.services import role_grant, role_revoke
from fazhi.core.api import BindActorMixin, PlatformAPIView, PolicyReadOnlyViewSet
from fazhi.core.throttling import AnonRateThrottle


class TokenObtainView(BindActorMixin, ObtainAuthToken):
    """Exchange a phone/e-mail/username and password for an API token (``Authorization: Token <key>``)."""

    permission_classes = (permissions.AllowAny,)
    throttle_classes = (AnonRateThrottle,)
    parser_classes = api_settings.DEFAULT_PARSER_CLASSES  # DRF's view names its own parsers, which skip our checks

    def post(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return super().post(request, *args, **kwargs)
        except ValidationError:
            # django-axes marks the request it was given (DRF's wrapper, which its middleware does not see).
            if getattr(request, "axes_locked_out", False):
                return locked_out_response(request._request, None, getattr(request, "axes_credentials", None))
            raise


class MeView(PlatformAPIView):
    """The signed-in person's own account."""

    permission_classes = (permissions.IsAuthenticated,)

    @extend_schema(responses=MeSerializer)
    def get(self, request: Request) -> Response:
        return Response(MeSerializer(request.user).data)

    @extend_schema(request=MeSerializer, responses=MeSerializer)
    def patch(self, request: Request) -> Response:
        serializer = MeSerializer(request.user, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            serializer.save()
        return Response(serializer.data)


class RoleListView(PlatformAPIView):
    """The role catalogue."""

    permission_classes = (permissions.IsAuthenticated,)

    @extend_schema(responses=RoleSerializer(many=True))
    def get(self, request: Request) -> Response:
        return Response(RoleSerializer(Role.objects.all(), many=True).data)


class UserViewSet(PolicyReadOnlyViewSet):
    """Staff accounts within the caller's scope (phones masked)."""

    model = User
    queryset = User.objects.select_related("organisation").exclude(organisation=None).order_by("id")
    serializer_class = UserSerializer
    filterset_class = UserFilterSet


class RoleAssignmentViewSet(
    mixins.CreateModelMixin, mixins.DestroyModelMixin, PolicyReadOnlyViewSet, viewsets.GenericViewSet
):
    """Who holds which role where. Managers grant and revoke within their subtree."""

    model = RoleAssignment
    queryset = RoleAssignment.objects.select_related("user", "role", "organisation").order_by("id")
    serializer_class = RoleAssignmentSerializer
    filterset_class = RoleAssignmentFilterSet

    def perform_create(self, serializer: RoleAssignmentSerializer) -> None:
        serializer.instance = role_grant(by=self.request.user, **serializer.validated_data)

    def perform_destroy(self, instance: RoleAssignment) -> None:
        role_revoke(assignment=instance, by=self.request.user)
