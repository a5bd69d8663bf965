from rest_framework import serializers

from fazhi.attachments.models import Attachment
from fazhi.attachments.targets import ATTACHABLE


class AttachmentSerializer(serializers.ModelSerializer):
    target_type = serializers.SerializerMethodField()
    download_url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Attachment
        fields = (
            "uid",
            "original_name",
            "media_type",
            "size",
            "sha256",
            "description",
            "is_public",
            "target_type",
            "object_id",
            "download_url",
            "created_at",
        )
        read_only_fields = fields

    def get_target_type(self, attachment: Attachment) -> str:
        return f"{attachment.content_type.app_label}.{attachment.content_type.model}"


class AttachmentUploadSerializer(serializers.Serializer):
    file = serializers.FileField(allow_empty_file=False)
    target_type = serializers.ChoiceField(choices=sorted(ATTACHABLE))
    target_id = serializers.CharField(max_length=64)
    description = serializers.CharField(max_length=200, required=False, allow_blank=True)
    is_public = serializers.BooleanField(required=False, default=False)
