from __future__ import annotations

from typing import Any

from rest_framework import serializers

from fazhi.core.permissions import EVERYWHERE, path_in_scopes, perm_codename, scopes_for
from fazhi.publicity.models import CorrectionRequest, PublishedDecision


class DecisionSerializer(serializers.ModelSerializer):
    """A published decision. Natural persons' names and ID numbers are masked for everyone but staff of the deciding
    body (or above); withdrawn and expired decisions reach only them."""

    body: serializers.SlugRelatedField = serializers.SlugRelatedField(slug_field="code", read_only=True)
    district: serializers.SlugRelatedField = serializers.SlugRelatedField(slug_field="code", read_only=True)
    party_name = serializers.SerializerMethodField()
    party_id_number = serializers.SerializerMethodField()
    legal_bases = serializers.SerializerMethodField()
    penalty_types = serializers.SerializerMethodField()

    class Meta:
        model = PublishedDecision
        fields = (
            "id",
            "source_system",
            "source_ref",
            "kind",
            "body",
            "district",
            "party_kind",
            "party_name",
            "party_credit_code",
            "party_id_number",
            "entity_key",
            "violation",
            "legal_bases",
            "content",
            "penalty_types",
            "fine_amount",
            "procedure",
            "decision_date",
            "published_at",
            "period_ends",
            "status",
            "withdrawn_at",
            "withdrawal_reason",
            "corrected_at",
            "correction_note",
        )
        read_only_fields = fields

    _scopes: tuple[Any, ...] | None = None

    def _in_scope(self, decision: PublishedDecision) -> bool:
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return False
        if self._scopes is None:  # one look-up per response, not per row
            self._scopes = (scopes_for(user, perm_codename(PublishedDecision, "view")),)
        scopes = self._scopes[0]
        return scopes is EVERYWHERE or path_in_scopes(decision.body.path, scopes)

    def get_party_name(self, decision: PublishedDecision) -> str:
        return decision.party_name if self._in_scope(decision) else decision.public_name

    def get_party_id_number(self, decision: PublishedDecision) -> str:
        return decision.party_id_number if self._in_scope(decision) else decision.public_id_number

    def get_legal_bases(self, decision: PublishedDecision) -> list[str]:
        return [line for line in decision.legal_bases.split("\n") if line]

    def get_penalty_types(self, decision: PublishedDecision) -> list[str]:
        return [code for code in decision.penalty_types.split(",") if code]


class CorrectionSerializer(serializers.ModelSerializer):
    """A request to correct a published decision, for its party and staff over the deciding body."""

    decision: serializers.PrimaryKeyRelatedField = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = CorrectionRequest
        fields = (
            "id",
            "tracking_number",
            "decision",
            "status",
            "what_is_wrong",
            "evidence",
            "answer",
            "answered_on_time",
            "due_at",
            "closed_at",
            "created_at",
        )
        read_only_fields = fields
