from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from fazhi.core.api import PolicyReadOnlyViewSet
from fazhi.notifications.api.serializers import MarkReadSerializer, NotificationSerializer
from fazhi.notifications.models import Notification
from fazhi.notifications.services import mark_read


class NotificationViewSet(PolicyReadOnlyViewSet):
    """The caller's own notifications."""

    model = Notification
    serializer_class = NotificationSerializer
    policy_actions = {"mark_read": "change"}

    @extend_schema(
        request=MarkReadSerializer, responses=inline_serializer("MarkRead", {"marked": serializers.IntegerField()})
    )
    @action(detail=False, methods=["post"], url_path="mark-read")
    def mark_read(self, request: Request) -> Response:
        serializer = MarkReadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return Response({"marked": mark_read(request.user, serializer.validated_data.get("ids"))})
