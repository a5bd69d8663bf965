from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from fazhi.laws.choices import CitationStatus
from fazhi.laws.linking import citation_url, reader_explanation
from fazhi.laws.models import (
    Article,
    Citation,
    Follow,
    Interpretation,
    MustKnowItem,
    MustKnowList,
    TypicalCase,
    Version,
    Work,
)
from fazhi.orgs.models import Organisation


class VersionSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Version
        fields = ("id", "path", "title", "version_date", "effective_date", "status", "frbr_expression")


class WorkSerializer(serializers.ModelSerializer):
    current_version = VersionSummarySerializer(read_only=True, allow_null=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Work
        fields = (
            "key",
            "title",
            "short_title",
            "doc_type",
            "level",
            "region",
            "category",
            "frbr_work",
            "current_version",
            "url",
        )


class ArticleSerializer(serializers.ModelSerializer):
    law = serializers.CharField(source="version.title", read_only=True)
    version_date = serializers.DateField(source="version.version_date", read_only=True, allow_null=True)
    status = serializers.CharField(source="version.status", read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Article
        fields = (
            "law",
            "number",
            "suffix",
            "label",
            "heading",
            "text",
            "paragraphs",
            "version_date",
            "status",
            "frbr_uri",
            "url",
        )


class VersionListSerializer(VersionSummarySerializer):
    """A version in the list of changes: what it did to which law, without its text."""

    law = serializers.CharField(source="work.key", read_only=True)
    doc_type = serializers.CharField(source="work.doc_type", read_only=True)
    region = serializers.CharField(source="work.region", read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta(VersionSummarySerializer.Meta):
        fields = (*VersionSummarySerializer.Meta.fields, "change", "law", "doc_type", "region", "issuing_body", "url")


class VersionSerializer(VersionSummarySerializer):
    articles = ArticleSerializer(many=True, read_only=True)

    class Meta(VersionSummarySerializer.Meta):
        fields = (
            *VersionSummarySerializer.Meta.fields,
            "change",
            "issuing_body",
            "history",
            "toc",
            "preamble",
            "articles",
        )


class SearchQuerySerializer(serializers.Serializer):
    q = serializers.CharField(max_length=500)
    doc_type = serializers.CharField(required=False, max_length=40)
    region = serializers.CharField(required=False, max_length=20)
    on = serializers.DateField(required=False)
    all_versions = serializers.BooleanField(required=False, default=False)
    limit = serializers.IntegerField(required=False, min_value=1, max_value=100, default=10)
    law = serializers.CharField(required=False, max_length=200, help_text="a law's key: search within it only")

    def validate_law(self, value: str) -> str:
        if not Work.objects.filter(key=value).exists():
            raise serializers.ValidationError(_("There is no such law in the library."))
        return value


class SearchHitSerializer(serializers.Serializer):
    law = serializers.CharField()
    label = serializers.CharField()
    article = serializers.IntegerField(allow_null=True)
    text = serializers.CharField()
    snippet = serializers.CharField()
    score = serializers.FloatField()
    in_force = serializers.BooleanField()
    version_date = serializers.CharField(allow_null=True)
    status = serializers.CharField(allow_null=True, help_text="how current the hit's version is (laws.currency)")
    effective_date = serializers.DateField(allow_null=True)
    url = serializers.CharField(allow_null=True)


class CitationTextSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=20000)


class CitationResultSerializer(serializers.Serializer):
    text = serializers.CharField()
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    status = serializers.ChoiceField(choices=["FOUND", "NOT_FOUND", "AMBIGUOUS"])
    law = serializers.CharField(allow_null=True)
    article = serializers.IntegerField(allow_null=True)
    suffix = serializers.IntegerField()
    paragraph = serializers.IntegerField(allow_null=True)
    item = serializers.IntegerField(allow_null=True)
    article_text = serializers.CharField(allow_null=True)
    url = serializers.CharField(allow_null=True)
    reason = serializers.CharField(help_text="the resolver's reason, in English, for developers")
    problem = serializers.CharField(help_text="why it did not resolve, as a code (empty when FOUND)")
    explanation = serializers.CharField(help_text="why it did not resolve, for readers, in their language")


class InterpretationSerializer(serializers.ModelSerializer):
    law = serializers.SlugRelatedField(source="work", slug_field="key", queryset=Work.objects.all())
    organisation = serializers.SlugRelatedField(slug_field="code", queryset=Organisation.objects.all())

    class Meta:
        model = Interpretation
        fields = ("id", "law", "article_number", "title", "body", "organisation", "is_published", "published_at")
        read_only_fields = ("published_at",)

    def validate(self, attrs: dict) -> dict:
        work, number = attrs.get("work"), attrs.get("article_number")
        if (
            work is not None
            and number is not None
            and (work.current_version is None or not work.current_version.articles.filter(number=number).exists())
        ):
            raise serializers.ValidationError({"article_number": f"{work.short_title} has no article {number}."})
        return attrs


class MustKnowItemSerializer(serializers.ModelSerializer):
    law = serializers.CharField(source="work.title", read_only=True)

    class Meta:
        model = MustKnowItem
        fields = ("law", "number", "suffix", "citation")


class MustKnowListSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(slug_field="code", queryset=Organisation.objects.all())
    items = MustKnowItemSerializer(many=True, read_only=True)
    citations = serializers.CharField(
        write_only=True, max_length=20000, help_text="One citation per line, e.g. 民法典第1165条."
    )

    class Meta:
        model = MustKnowList
        fields = ("id", "title", "level", "year", "description", "organisation", "is_published", "items", "citations")


class FollowSerializer(serializers.ModelSerializer):
    law = serializers.SlugRelatedField(source="work", slug_field="key", queryset=Work.objects.all())

    class Meta:
        model = Follow
        fields = ("id", "law", "article_number", "created_at")
        read_only_fields = ("created_at",)


class CaseCitationSerializer(serializers.ModelSerializer):
    law = serializers.CharField(source="target_work.key", read_only=True, allow_null=True, default=None)
    article = serializers.IntegerField(source="target_number", read_only=True, allow_null=True)
    url = serializers.SerializerMethodField()
    explanation = serializers.SerializerMethodField()

    class Meta:
        model = Citation
        fields = ("text", "status", "law", "article", "reason", "problem", "explanation", "url")

    def get_url(self, citation: Citation) -> str | None:
        return citation_url(citation) or None

    def get_explanation(self, citation: Citation) -> str:
        """Why it is not linked, for readers (empty when FOUND)."""
        return "" if citation.status == CitationStatus.FOUND else reader_explanation(citation)


class CaseSummarySerializer(serializers.ModelSerializer):
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = TypicalCase
        fields = ("id", "title", "category", "url")


class CaseSerializer(CaseSummarySerializer):
    citations = CaseCitationSerializer(many=True, read_only=True)

    class Meta(CaseSummarySerializer.Meta):
        fields = (*CaseSummarySerializer.Meta.fields, "facts", "holding", "reasoning", "citations")
