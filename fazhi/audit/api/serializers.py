from rest_framework import serializers

from fazhi.audit.models import AuditEntry


class AuditEntrySerializer(serializers.ModelSerializer):
    object_type = serializers.SerializerMethodField()
    organisation: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )

    class Meta:
        model = AuditEntry
        fields = (
            "seq",
            "timestamp",
            "user_repr",
            "organisation",
            "request_id",
            "source",
            "action",
            "object_type",
            "object_id",
            "object_repr",
            "before",
            "after",
            "message",
            "content_hash",
            "prev_hash",
            "hash",
            "sealed_at",
        )

    def get_object_type(self, entry: AuditEntry) -> str:
        return f"{entry.content_type.app_label}.{entry.content_type.model}"
