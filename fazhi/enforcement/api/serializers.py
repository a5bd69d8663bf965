from __future__ import annotations

from typing import Any

from rest_framework import serializers

from fazhi.core.permissions import path_in_scopes, scopes_for
from fazhi.enforcement.models import (
    ContactRating,
    DiscretionBand,
    DiscretionFactor,
    DiscretionStandard,
    DiscretionStandardVersion,
    EnforcementMatter,
    EnforcementReport,
    ExemptionCondition,
    ExemptionItem,
    ExemptionList,
    MatterBasis,
    Officer,
)
from fazhi.orgs.models import Organisation


class EnforcementBasisSerializer(serializers.ModelSerializer):
    law = serializers.CharField(source="work.title", read_only=True)

    class Meta:
        model = MatterBasis
        fields = ("role", "citation", "law", "number", "suffix")


class EnforcementMatterSerializer(serializers.ModelSerializer):
    body = serializers.CharField(source="body.code", read_only=True)
    body_name = serializers.CharField(source="body.name", read_only=True)
    bases = EnforcementBasisSerializer(many=True, read_only=True)

    class Meta:
        model = EnforcementMatter
        fields = ("id", "body", "body_name", "code", "name", "kind", "violation", "is_published", "bases")


class EnforcementOfficerSerializer(serializers.ModelSerializer):
    """Name, certificate number, body and area for everyone; the rest only to staff over the officer's body."""

    body = serializers.CharField(source="body.code", read_only=True)
    PRIVATE = ("certificate_valid_until", "legal_qualification", "is_active")

    class Meta:
        model = Officer
        fields = (
            "id",
            "body",
            "name",
            "certificate_number",
            "area",
            "certificate_valid_until",
            "legal_qualification",
            "is_active",
        )

    def to_representation(self, instance: Officer) -> dict[str, Any]:
        data = super().to_representation(instance)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if not path_in_scopes(instance.body.path, scopes_for(user, "enforcement.view_officer")):
            for name in self.PRIVATE:
                data.pop(name, None)
        return data


class EnforcementFactorSerializer(serializers.ModelSerializer):
    class Meta:
        model = DiscretionFactor
        fields = ("key", "question", "kind", "effect", "citation")


class EnforcementBandSerializer(serializers.ModelSerializer):
    class Meta:
        model = DiscretionBand
        fields = ("circumstance", "fine_min", "fine_max", "other_penalty_list", "conditions", "citation", "description")


class EnforcementVersionSerializer(serializers.ModelSerializer):
    factors = EnforcementFactorSerializer(many=True, read_only=True)
    bands = EnforcementBandSerializer(many=True, read_only=True)

    class Meta:
        model = DiscretionStandardVersion
        fields = ("number", "effective_from", "published_at", "note", "factors", "bands")


class EnforcementStandardSerializer(serializers.ModelSerializer):
    versions = serializers.SerializerMethodField()

    class Meta:
        model = DiscretionStandard
        fields = ("id", "matter", "title", "is_published", "versions")

    def get_versions(self, standard: DiscretionStandard) -> list[dict[str, Any]]:
        """Published versions only: drafts are the body's work in progress."""
        versions = [v for v in standard.versions.all() if v.published_at is not None]
        return EnforcementVersionSerializer(versions, many=True).data  # type: ignore[return-value]


class EnforcementConditionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ExemptionCondition
        fields = ("kind", "days", "citation")


class EnforcementItemSerializer(serializers.ModelSerializer):
    conditions = EnforcementConditionSerializer(many=True, read_only=True)

    class Meta:
        model = ExemptionItem
        fields = ("id", "position", "title", "matters", "mandatory", "education", "conditions")


class EnforcementListSerializer(serializers.ModelSerializer):
    body = serializers.CharField(source="body.code", read_only=True)
    items = EnforcementItemSerializer(many=True, read_only=True)

    class Meta:
        model = ExemptionList
        fields = ("id", "body", "title", "effective_from", "effective_until", "is_published", "items")


class EnforcementCheckRequestSerializer(serializers.Serializer):
    matter = serializers.IntegerField(min_value=1)
    answers = serializers.DictField(child=serializers.JSONField(), allow_empty=True)
    on = serializers.DateField(required=False, help_text="The act's date (today when absent).")


class EnforcementProposeRequestSerializer(serializers.Serializer):
    matter = serializers.IntegerField(min_value=1)
    act_date = serializers.DateField()
    answers = serializers.DictField(child=serializers.JSONField(), allow_empty=True)


class EnforcementFindingSerializer(serializers.Serializer):
    rule = serializers.CharField()
    met = serializers.BooleanField(allow_null=True)
    why = serializers.CharField()
    citation = serializers.CharField()
    article_url = serializers.CharField()
    version = serializers.CharField()


class EnforcementExemptionCheckSerializer(serializers.Serializer):
    item_id = serializers.IntegerField()
    list_id = serializers.IntegerField()
    list_title = serializers.CharField()
    item_title = serializers.CharField()
    exempt = serializers.BooleanField()
    mandatory = serializers.BooleanField()
    education = serializers.CharField()
    findings = EnforcementFindingSerializer(many=True)


class EnforcementBandProposalSerializer(serializers.Serializer):
    standard_id = serializers.IntegerField()
    standard_title = serializers.CharField()
    version_number = serializers.IntegerField()
    effective_from = serializers.CharField()
    act_date = serializers.CharField()
    circumstance = serializers.CharField()
    fine_min = serializers.CharField(allow_null=True)
    fine_max = serializers.CharField(allow_null=True)
    other_penalties = serializers.ListField(child=serializers.CharField())
    explanation = serializers.CharField()
    findings = EnforcementFindingSerializer(many=True)


class EnforcementReportSerializer(serializers.ModelSerializer):
    """A report of a violation, for its reporter and the staff of the body holding it. The reporter appears only
    masked (上海市城市管理行政执法条例 第二十六条第三款)."""

    body: serializers.SlugRelatedField = serializers.SlugRelatedField(
        source="organisation", slug_field="code", read_only=True
    )
    district: serializers.SlugRelatedField = serializers.SlugRelatedField(slug_field="code", read_only=True)
    street: serializers.SlugRelatedField = serializers.SlugRelatedField(slug_field="code", read_only=True)
    transferred_from: serializers.SlugRelatedField = serializers.SlugRelatedField(slug_field="code", read_only=True)
    reporter = serializers.CharField(source="contact_masked", read_only=True)

    class Meta:
        model = EnforcementReport
        fields = (
            "id",
            "tracking_number",
            "body",
            "status",
            "what",
            "place",
            "district",
            "street",
            "occurred_at",
            "reporter",
            "result",
            "answered_at",
            "answered_on_time",
            "transferred_from",
            "transfer_reason",
            "transferred_on_time",
            "due_at",
            "closed_at",
            "created_at",
        )
        read_only_fields = fields


class EnforcementReportSubmitSerializer(serializers.Serializer):
    what = serializers.CharField(max_length=2000)
    place = serializers.CharField(max_length=200)
    body: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", queryset=Organisation.objects.filter(is_active=True), required=False, allow_null=True
    )
    district: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", queryset=Organisation.objects.filter(is_active=True), required=False, allow_null=True
    )
    street: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", queryset=Organisation.objects.filter(is_active=True), required=False, allow_null=True
    )
    occurred_at = serializers.DateTimeField(required=False, allow_null=True)
    contact_name = serializers.CharField(max_length=50, required=False, default="", allow_blank=True)
    contact_phone = serializers.CharField(max_length=30, required=False, default="", allow_blank=True)
    consent = serializers.BooleanField(default=False, help_text="Consent to processing the contact details (PIPL).")
    photos = serializers.ListField(child=serializers.FileField(), required=False, default=list, max_length=5)


class EnforcementRatingRequestSerializer(serializers.Serializer):
    score = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)


class EnforcementRatingSerializer(serializers.ModelSerializer):
    body: serializers.SlugRelatedField = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = ContactRating
        fields = ("id", "body", "kind", "subject_ref", "score", "comment", "created_at")
        read_only_fields = fields
