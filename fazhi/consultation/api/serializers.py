from __future__ import annotations

from rest_framework import serializers

from fazhi.consultation.choices import PUBLIC_STATUSES, OfflineSource
from fazhi.consultation.models import COMMENT_MAX_LENGTH, Comment, Consultation, DraftArticle
from fazhi.orgs.models import Organisation


class ConsultationSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(slug_field="code", read_only=True)
    law = serializers.SlugRelatedField(slug_field="key", read_only=True, allow_null=True)
    accepting_comments = serializers.BooleanField(read_only=True)

    class Meta:
        model = Consultation
        fields = (
            "id",
            "title",
            "kind",
            "organisation",
            "explanation",
            "opens_on",
            "closes_on",
            "status",
            "accepting_comments",
            "allow_anonymous",
            "feedback_report",
            "feedback_published_at",
            "law",
        )


class DraftArticleSerializer(serializers.ModelSerializer):
    class Meta:
        model = DraftArticle
        fields = ("id", "consultation", "position", "number", "suffix", "label", "heading", "text", "anchor")


class CommentSerializer(serializers.ModelSerializer):
    """A comment as anyone allowed to read it sees it: the author's name masked, no account details."""

    author = serializers.CharField(source="public_author", read_only=True)
    article_label = serializers.CharField(source="target_label", read_only=True)
    contact_point = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Comment
        fields = (
            "id",
            "consultation",
            "article",
            "article_label",
            "text",
            "author",
            "contact_point",
            "source",
            "source_date",
            "participants",
            "tracking_number",
            "status",
            "moderation",
            "adoption",
            "adoption_reason",
            "cluster",
            "due_at",
            "created_at",
        )
        read_only_fields = fields


class CommentSubmitSerializer(serializers.Serializer):
    consultation = serializers.PrimaryKeyRelatedField(queryset=Consultation.objects.filter(status__in=PUBLIC_STATUSES))
    article = serializers.PrimaryKeyRelatedField(
        queryset=DraftArticle.objects.filter(consultation__status__in=PUBLIC_STATUSES), required=False, allow_null=True
    )
    text = serializers.CharField(max_length=COMMENT_MAX_LENGTH)
    anonymous = serializers.BooleanField(required=False, default=False)


class OfflineRowSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=COMMENT_MAX_LENGTH)
    article = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    source = serializers.ChoiceField(choices=OfflineSource.choices, required=False, default=OfflineSource.FORUM)
    source_date = serializers.DateField()
    participants = serializers.IntegerField(min_value=1, max_value=100000, required=False, allow_null=True)
    source_note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class OfflineEntrySerializer(serializers.Serializer):
    contact_point = serializers.SlugRelatedField(
        slug_field="code", queryset=Organisation.objects.filter(is_active=True)
    )
    rows = OfflineRowSerializer(many=True, allow_empty=False, max_length=500)


class SkippedRowSerializer(serializers.Serializer):
    row = serializers.IntegerField()
    reason = serializers.CharField()


class OfflineReportSerializer(serializers.Serializer):
    created = serializers.ListField(child=serializers.IntegerField())
    unchanged = serializers.ListField(child=serializers.IntegerField())
    skipped = SkippedRowSerializer(many=True)
