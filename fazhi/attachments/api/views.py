from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from fazhi.attachments.api.serializers import AttachmentSerializer, AttachmentUploadSerializer
from fazhi.attachments.models import Attachment
from fazhi.attachments.services import attachment_create, attachment_delete
from fazhi.attachments.targets import resolve_target
from fazhi.attachments.views import file_response
from fazhi.core.api import PolicyReadOnlyViewSet
from fazhi.core.drf import FormParser, MultiPartParser


class AttachmentViewSet(mixins.DestroyModelMixin, PolicyReadOnlyViewSet, viewsets.GenericViewSet):
    """Files on records. Upload with multipart form data; the type is checked from the content."""

    model = Attachment
    queryset = Attachment.objects.select_related("content_type")
    serializer_class = AttachmentSerializer
    lookup_field = "uid"
    lookup_value_regex = r"[0-9a-fA-F-]{32,36}"
    parser_classes = (MultiPartParser, FormParser)

    @extend_schema(request=AttachmentUploadSerializer, responses={201: AttachmentSerializer})
    def create(self, request: Request) -> Response:
        upload = AttachmentUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        data = upload.validated_data
        target = resolve_target(data["target_type"], data["target_id"], request.user)
        attachment = attachment_create(
            upload=data["file"],
            target=target,
            user=request.user,
            description=data.get("description", ""),
            public=data["is_public"],
        )
        return Response(AttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def download(self, request: Request, uid: str | None = None):
        return file_response(self.get_object())

    def perform_destroy(self, instance: Attachment) -> None:
        attachment_delete(attachment=instance)
