from __future__ import annotations

from typing import Any

from rest_framework import serializers

from fazhi.hotline.models import DESCRIPTION_MAX_LENGTH, ServiceCategory, Ticket, TicketLink


class ServiceCategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = ServiceCategory
        fields = (
            "code",
            "name",
            "group",
            "description",
            "keywords",
            "responsible",
            "time_limit_days",
            "allow_anonymous",
        )


class TicketSerializer(serializers.ModelSerializer):
    """A ticket as read: the reporter's contact details masked."""

    category = serializers.SlugRelatedField(slug_field="code", read_only=True)
    organisation = serializers.SlugRelatedField(slug_field="code", read_only=True)
    organisation_name = serializers.CharField(source="organisation.name", read_only=True, default=None)
    street = serializers.SlugRelatedField(slug_field="code", read_only=True)
    district = serializers.SlugRelatedField(slug_field="code", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    contact_name = serializers.CharField(source="masked_name", read_only=True)
    contact_phone = serializers.CharField(source="masked_phone", read_only=True)
    contact_email = serializers.CharField(source="masked_email", read_only=True)
    merged_into = serializers.SlugRelatedField(slug_field="tracking_number", read_only=True)

    class Meta:
        model = Ticket
        fields = (
            "id",
            "tracking_number",
            "status",
            "status_label",
            "category",
            "channel",
            "description",
            "address",
            "street",
            "district",
            "lat",
            "long",
            "organisation",
            "organisation_name",
            "is_emergency",
            "due_at",
            "closed_at",
            "reply",
            "replied_at",
            "rating",
            "rating_comment",
            "merged_into",
            "media_url",
            "contact_name",
            "contact_phone",
            "contact_email",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


class TicketCreateSerializer(serializers.Serializer):
    category = serializers.SlugRelatedField(slug_field="code", queryset=ServiceCategory.objects.filter(is_active=True))
    description = serializers.CharField(max_length=DESCRIPTION_MAX_LENGTH)
    address = serializers.CharField(max_length=200)
    street = serializers.CharField(max_length=32, required=False, allow_blank=True, help_text="Organisation code.")
    lat = serializers.DecimalField(max_digits=9, decimal_places=6, required=False, allow_null=True)
    long = serializers.DecimalField(max_digits=9, decimal_places=6, required=False, allow_null=True)
    contact_name = serializers.CharField(max_length=50, required=False, allow_blank=True)
    contact_phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    consent = serializers.BooleanField(required=False, default=False)
    is_emergency = serializers.BooleanField(required=False, default=False)
    # multipart/form-data only; the service checks number, size and real type (JPEG, PNG, WebP)
    photos = serializers.ListField(child=serializers.FileField(), required=False, default=list, max_length=10)
    media_url = serializers.CharField(
        max_length=500, required=False, allow_blank=True, default="", help_text="http(s) link to a photo elsewhere."
    )


class TicketPhotoSerializer(serializers.Serializer):
    uid = serializers.UUIDField()
    original_name = serializers.CharField()
    media_type = serializers.CharField()
    size = serializers.IntegerField()
    url = serializers.CharField(help_text="Download through the API (the ticket's readers only).")


class TicketLinkSerializer(serializers.ModelSerializer):
    """A link between two tickets (the ``link`` step's answer); ``first`` has the smaller id."""

    first = serializers.SlugRelatedField(slug_field="tracking_number", read_only=True)
    second = serializers.SlugRelatedField(slug_field="tracking_number", read_only=True)

    class Meta:
        model = TicketLink
        fields = ("id", "first", "second", "note", "created_at")
        read_only_fields = fields


class CandidateSerializer(serializers.Serializer):
    ticket = TicketSerializer()
    score = serializers.FloatField()

    def to_representation(self, instance: Any) -> dict[str, Any]:
        ticket, score = instance
        return {"ticket": TicketSerializer(ticket).data, "score": score}
