from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers

from fazhi.orgs.models import Organisation
from fazhi.orgs.search import API_CODE_HELP
from fazhi.suggestions.choices import SubmitterKind
from fazhi.suggestions.models import Conversion, Evaluation, HandlingNote, Solicitation, Suggestion, SuggestionRoute


class SolicitationSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(
        slug_field="code", queryset=Organisation.objects.all(), help_text=API_CODE_HELP
    )
    state = serializers.CharField(read_only=True)

    class Meta:
        model = Solicitation
        fields = (
            "id",
            "organisation",
            "title",
            "background",
            "questions",
            "how_to_submit",
            "opens_on",
            "closes_on",
            "is_published",
            "allow_anonymous",
            "is_emergency",
            "state",
            "feedback",
            "feedback_published_at",
        )
        read_only_fields = ("feedback", "feedback_published_at")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        from django.core.exceptions import ValidationError

        from fazhi.casework.abuse import refuse_markup

        try:
            refuse_markup(**{k: attrs.get(k) or "" for k in ("title", "background", "questions", "how_to_submit")})
        except ValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from exc
        opens = attrs.get("opens_on", getattr(self.instance, "opens_on", None))
        closes = attrs.get("closes_on", getattr(self.instance, "closes_on", None))
        if opens and closes and closes < opens:
            raise serializers.ValidationError({"closes_on": _("It cannot close before it opens.")})
        return attrs


class SuggestionRouteSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.code")

    class Meta:
        model = SuggestionRoute
        fields = ("organisation", "is_lead", "note")


class SuggestionConversionSerializer(serializers.ModelSerializer):
    link = serializers.CharField(read_only=True)

    class Meta:
        model = Conversion
        fields = ("kind", "description", "url", "link", "created_at")


class SuggestionNoteSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.code")

    class Meta:
        model = HandlingNote
        fields = ("kind", "text", "organisation", "created_at")


class SuggestionEvaluationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Evaluation
        fields = ("score", "comment", "by_submitter", "created_at")


class SuggestionSerializer(serializers.ModelSerializer):
    """As the submitter and staff in scope see it; contact details masked."""

    organisation = serializers.CharField(source="organisation.code", default=None, allow_null=True)
    solicitation = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    contact_phone = serializers.CharField(source="masked_phone", read_only=True)
    contact_email = serializers.CharField(source="masked_email", read_only=True)
    routes = SuggestionRouteSerializer(many=True, read_only=True)
    conversions = SuggestionConversionSerializer(many=True, read_only=True)
    channels = serializers.SerializerMethodField()

    class Meta:
        model = Suggestion
        fields = (
            "id",
            "tracking_number",
            "solicitation",
            "theme",
            "facts",
            "proposal",
            "submitter_kind",
            "submitter_name",
            "contact_phone",
            "contact_email",
            "consent_publish",
            "status",
            "organisation",
            "is_emergency",
            "due_at",
            "answer_due_at",
            "closed_at",
            "not_a_suggestion",
            "channels",
            "moderation",
            "reply",
            "replied_at",
            "replied_on_time",
            "commendation",
            "commended_at",
            "routes",
            "conversions",
            "created_at",
        )
        read_only_fields = fields

    def get_channels(self, obj: Suggestion) -> list[str]:
        return [code for code in obj.channels.split(",") if code]


class PublishedSuggestionSerializer(serializers.ModelSerializer):
    """What the public reads: no submitter, no contact."""

    organisation = serializers.CharField(source="organisation.name", default=None, allow_null=True)
    conversions = SuggestionConversionSerializer(many=True, read_only=True)
    # 公众评价: everyone's ratings (the queryset's ``with_ratings()``), the submitter's own apart
    rating_count = serializers.IntegerField(read_only=True)
    rating_mean = serializers.DecimalField(max_digits=3, decimal_places=2, read_only=True, allow_null=True)
    submitter_rating = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = Suggestion
        fields = (
            "tracking_number",
            "solicitation",
            "theme",
            "facts",
            "proposal",
            "organisation",
            "reply",
            "replied_at",
            "commendation",
            "conversions",
            "rating_count",
            "rating_mean",
            "submitter_rating",
        )
        read_only_fields = fields


class SuggestionSubmitSerializer(serializers.Serializer):
    theme = serializers.CharField(max_length=200)
    facts = serializers.CharField(max_length=5000)
    proposal = serializers.CharField(max_length=5000)
    organisation = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Organisation.objects.filter(is_active=True),
        required=False,
        allow_null=True,
        help_text=API_CODE_HELP,
    )
    solicitation = serializers.PrimaryKeyRelatedField(
        queryset=Solicitation.objects.published(), required=False, allow_null=True
    )
    submitter_kind = serializers.ChoiceField(choices=SubmitterKind.choices, default=SubmitterKind.CITIZEN)
    submitter_name = serializers.CharField(max_length=100, required=False, default="", allow_blank=True)
    contact_phone = serializers.CharField(max_length=20, required=False, default="", allow_blank=True)
    contact_email = serializers.EmailField(max_length=200, required=False, default="", allow_blank=True)
    consent_publish = serializers.BooleanField(default=False)
    privacy = serializers.BooleanField(help_text="Consent to processing the contact details (PIPL); must be true.")
    attachments = serializers.ListField(child=serializers.FileField(), required=False, default=list, max_length=5)

    def validate_privacy(self, value: bool) -> bool:
        if not value:
            raise serializers.ValidationError(_("Agree to the processing of your contact details to submit."))
        return value


class SuggestionTextSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=20000)


class SuggestionEvaluateSerializer(serializers.Serializer):
    score = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(max_length=2000, required=False, default="", allow_blank=True)
