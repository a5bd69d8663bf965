from __future__ import annotations

from typing import Any

from rest_framework import serializers

from fazhi.enforcement.models import EnforcementMatter
from fazhi.penalties.choices import PartyKind, Procedure
from fazhi.penalties.models import TEXT_MAX, CaseEvent, PenaltyCase


class CaseEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = CaseEvent
        fields = ("step", "label", "status", "note", "at", "clock", "due_at")
        read_only_fields = fields


class PenaltyCaseSerializer(serializers.ModelSerializer):
    """A case as read: the party's ID number masked."""

    body: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(slug_field="code", read_only=True)
    matter: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(slug_field="code", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    party_id_number = serializers.CharField(source="masked_id_number", read_only=True)
    officers: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="certificate_number", many=True, read_only=True
    )
    hearing_chair: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="certificate_number", read_only=True
    )
    legal_reviewer: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="certificate_number", read_only=True
    )
    events = CaseEventSerializer(many=True, read_only=True)

    class Meta:
        model = PenaltyCase
        fields = (
            "id",
            "number",
            "status",
            "status_label",
            "procedure",
            "body",
            "matter",
            "party_kind",
            "party_name",
            "party_credit_code",
            "party_id_number",
            "act_date",
            "act_place",
            "facts",
            "grave_harm",
            "filed_on",
            "officers",
            "major_reason",
            "is_complex",
            "discretion",
            "exemption_checks",
            "intended_kind",
            "intended_fine",
            "outside_band_reason",
            "notified_on",
            "hearing_request_due",
            "hearing_waived",
            "hearing_date",
            "hearing_chair",
            "legal_reviewer",
            "review_outcome",
            "reviewed_on",
            "discussed_on",
            "decision_kind",
            "decision_date",
            "fine_amount",
            "confiscation_amount",
            "legal_bases",
            "decision_text",
            "education",
            "decided_on_time",
            "exempted",
            "served_on",
            "payment_due",
            "paid_on",
            "paid_amount",
            "surcharge",
            "reminded_on",
            "court_applied_on",
            "closed_on",
            "remedy_kind",
            "remedy_outcome",
            "due_at",
            "clock",
            "events",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


class CaseFileSerializer(serializers.Serializer):
    matter = serializers.PrimaryKeyRelatedField(
        queryset=EnforcementMatter.objects.all(), help_text="The enforcement matter's id; the body is its body."
    )
    procedure = serializers.ChoiceField(choices=Procedure.choices, default=Procedure.GENERAL)
    party_kind = serializers.ChoiceField(choices=PartyKind.choices)
    party_name = serializers.CharField(max_length=200)
    party_credit_code = serializers.CharField(max_length=18, required=False, allow_blank=True, default="")
    party_id_number = serializers.CharField(max_length=18, required=False, allow_blank=True, default="")
    party_address = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    act_date = serializers.DateField()
    act_place = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    facts = serializers.CharField(max_length=TEXT_MAX)
    grave_harm = serializers.BooleanField(default=False)
    filed_on = serializers.DateField(required=False, allow_null=True, default=None)


class EvidenceSerializer(serializers.Serializer):
    uid = serializers.UUIDField()
    original_name = serializers.CharField()
    sha256 = serializers.CharField()
    intact = serializers.BooleanField(help_text="Whether the file still has the SHA-256 recorded at upload.")
    created_at = serializers.DateTimeField()
