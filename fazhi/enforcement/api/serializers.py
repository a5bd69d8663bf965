from __future__ import annotations

from typing import Any

from rest_framework import serializers

from fazhi.core.permissions import path_in_scopes, scopes_for
from fazhi.enforcement.models import (
    DiscretionBand,
    DiscretionFactor,
    DiscretionStandard,
    DiscretionStandardVersion,
    EnforcementMatter,
    ExemptionCondition,
    ExemptionItem,
    ExemptionList,
    MatterBasis,
    Officer,
)


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
