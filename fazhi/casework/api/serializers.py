from rest_framework import serializers

from fazhi.casework.models import MatterEvent


class MatterEventSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="label", read_only=True)

    class Meta:
        model = MatterEvent
        fields = ("status", "status_label", "note", "at")


class MatterSerializer(serializers.Serializer):
    """One matter of any kind, as 我的办件 and the work queue list it."""

    tracking_number = serializers.CharField(source="matter.tracking_number")
    kind = serializers.CharField(source="matter_type.kind")
    kind_label = serializers.CharField()
    title = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    organisation = serializers.CharField(source="matter.organisation.code", default=None)
    due_at = serializers.DateTimeField(source="matter.due_at", allow_null=True)
    closed_at = serializers.DateTimeField(source="matter.closed_at", allow_null=True)
    is_emergency = serializers.BooleanField(source="matter.is_emergency")
    is_overdue = serializers.BooleanField()
    updated_at = serializers.DateTimeField()
    url = serializers.CharField(source="citizen_url")


class MatterPageSerializer(serializers.Serializer):
    """A page of matters (the platform's pagination envelope)."""

    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = MatterSerializer(many=True)


class TrackedMatterSerializer(MatterSerializer):
    events = MatterEventSerializer(many=True)


class MattersQuerySerializer(serializers.Serializer):
    kind = serializers.CharField(required=False, default="", max_length=64)
    open = serializers.BooleanField(required=False, default=False)
