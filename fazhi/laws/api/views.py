from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, permissions
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from fazhi.core.api import PlatformAPIView, PolicyModelViewSet, PolicyReadOnlyViewSet
from fazhi.core.downloads import file_response
from fazhi.core.drf import FileNegotiation
from fazhi.core.pdf import PDF_TYPE
from fazhi.core.permissions import policy_of
from fazhi.core.throttling import AnonRateThrottle, UserRateThrottle
from fazhi.laws.api.serializers import (
    ArticleSerializer,
    CaseSerializer,
    CaseSummarySerializer,
    CitationResultSerializer,
    CitationTextSerializer,
    FollowSerializer,
    InterpretationSerializer,
    MustKnowListSerializer,
    SearchHitSerializer,
    SearchQuerySerializer,
    VersionListSerializer,
    VersionSerializer,
    WorkSerializer,
)
from fazhi.laws.authoring import interpretation_save, must_know_set_items
from fazhi.laws.choices import CitationProblem
from fazhi.laws.currency import currency_of
from fazhi.laws.filtersets import CaseFilterSet, VersionChangeFilterSet, WorkFilterSet
from fazhi.laws.forms import TYPE_NAMES
from fazhi.laws.models import (
    Article,
    Citation,
    Follow,
    Interpretation,
    MustKnowList,
    TypicalCase,
    Version,
    Work,
    parse_article_slug,
)
from fazhi.laws.printable import pdf_filename, version_pdf
from fazhi.laws.resolver import FoundCitation, resolver
from fazhi.laws.retrieval.model import Filters
from fazhi.laws.search import search


class WorkViewSet(PolicyReadOnlyViewSet):
    """Laws (works). ``/articles/{number}/`` gives one article, ``?on=YYYY-MM-DD`` as it stood that day."""

    model = Work
    queryset = Work.objects.select_related("current_version")
    serializer_class = WorkSerializer
    filterset_class = WorkFilterSet
    lookup_field = "key"
    lookup_value_regex = "[^/]+"

    @extend_schema(
        parameters=[OpenApiParameter("on", str, description="date (YYYY-MM-DD): the version then in force")],
        responses=ArticleSerializer,
    )
    @action(detail=True, methods=["get"], url_path=r"articles/(?P<number>[0-9]{1,5}(?:-[0-9]{1,2})?)")
    def article(self, request: Request, key: str | None = None, number: str = "") -> Response:
        work = self.get_object()
        article_key = parse_article_slug(number)
        on = request.query_params.get("on")
        version = work.version_on(_date(on) if on else None)
        article = (
            get_object_or_404(
                Article.objects.select_related("version"), version=version, number=article_key[0], suffix=article_key[1]
            )
            if version and article_key
            else None
        )
        if article is None:
            return Response({"detail": "No such article."}, status=404)
        return Response(ArticleSerializer(article).data)


def _date(value: str):
    import datetime as dt

    from rest_framework.exceptions import ValidationError

    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ValidationError({"on": "Use a date as YYYY-MM-DD."}) from exc


class VersionViewSet(PolicyReadOnlyViewSet):
    """One version of a law with its full text, article by article."""

    model = Version
    queryset = Version.objects.select_related("work").prefetch_related("articles")
    serializer_class = VersionSerializer
    filterset_class = VersionChangeFilterSet

    def get_serializer_class(self) -> type:
        # the list is the feed of changes (立改废): summaries; one version's full text is its detail
        return VersionListSerializer if self.action == "list" else VersionSerializer

    def get_queryset(self) -> QuerySet:
        queryset = super().get_queryset()
        if self.action == "list":  # no article texts in the list
            return queryset.prefetch_related(None).order_by("-version_date", "title")
        return queryset

    @extend_schema(responses={(200, PDF_TYPE): OpenApiTypes.BINARY})
    @action(
        detail=True,
        methods=["get"],
        content_negotiation_class=FileNegotiation,
        throttle_classes=(AnonRateThrottle, UserRateThrottle),  # setting a long code costs seconds of CPU
    )
    def pdf(self, request: Request, pk: str | None = None) -> HttpResponse:
        """The version as a printable PDF of its published text."""
        version = self.get_object()
        return file_response(version_pdf(version), PDF_TYPE, pdf_filename(version))


class TypicalCaseViewSet(PolicyReadOnlyViewSet):
    """Typical cases (典型案例): ``?law=劳动合同法&article=82`` lists the cases citing that article; one case gives
    its facts, holding, reasoning and every citation in it, resolved or not."""

    model = TypicalCase
    queryset = TypicalCase.objects.all()
    serializer_class = CaseSerializer
    filterset_class = CaseFilterSet

    def get_serializer_class(self) -> type:
        return CaseSummarySerializer if self.action == "list" else CaseSerializer

    def get_queryset(self) -> QuerySet:
        queryset = super().get_queryset()
        if self.action == "list":
            return queryset
        return queryset.prefetch_related(Prefetch("citations", Citation.objects.select_related("target_work")))


class LawSearchView(PlatformAPIView):
    """Search articles by plain description or citation; the version in force unless ``on``/``all_versions``."""

    permission_classes = (permissions.AllowAny,)
    throttle_classes = (AnonRateThrottle, UserRateThrottle)

    @extend_schema(parameters=[SearchQuerySerializer], responses=SearchHitSerializer(many=True))
    def get(self, request: Request) -> Response:
        query = SearchQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        filters = Filters(
            doc_types=(TYPE_NAMES.get(data["doc_type"], data["doc_type"]),) if data.get("doc_type") else (),
            regions=(data["region"],) if data.get("region") else (),
            in_force_only=not data["all_versions"],
            in_force_on=data["on"].isoformat() if data.get("on") else None,
            work_keys=(data["law"],) if data.get("law") else (),
        )
        hits, _facets = search(data["q"], filters=filters, limit=data["limit"])
        return Response(
            SearchHitSerializer(
                [
                    {
                        "law": h.title,
                        "label": h.label,
                        "article": h.article.number if h.article else None,
                        "text": h.text,
                        "snippet": h.snippet,
                        "score": h.score,
                        "in_force": h.in_force,
                        "version_date": h.version_date,
                        "status": currency_of(h.article.version).status.value if h.article else None,
                        "effective_date": h.article.version.effective_date if h.article else None,
                        "url": h.article.get_absolute_url() if h.article else None,
                    }
                    for h in hits
                ],
                many=True,
            ).data
        )


def citation_result(found: FoundCitation) -> dict[str, Any]:
    article = None
    if found.work is not None and found.number is not None:
        article = (
            Article.objects.filter(version_id=found.work.current_version_id, number=found.number, suffix=found.suffix)
            .select_related("version__work")
            .first()
        )
    return {
        "text": found.text,
        "start": found.start,
        "end": found.end,
        "status": found.status,
        "law": found.work.title if found.work else None,
        "article": found.number,
        "suffix": found.suffix,
        "paragraph": found.paragraph,
        "item": found.item,
        "article_text": article.text if article else None,
        "url": article.get_absolute_url() if article else None,
        "reason": found.reason,
        "problem": found.problem,
        "explanation": str(CitationProblem(found.problem).label) if found.problem else "",
    }


class CitationCheckView(PlatformAPIView):
    """Every citation in a text with FOUND / NOT_FOUND / AMBIGUOUS (and why)."""

    permission_classes = (permissions.AllowAny,)
    throttle_classes = (AnonRateThrottle, UserRateThrottle)

    @extend_schema(request=CitationTextSerializer, responses=CitationResultSerializer(many=True))
    def post(self, request: Request) -> Response:
        body = CitationTextSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        found = resolver().find(body.validated_data["text"])
        return Response(CitationResultSerializer([citation_result(f) for f in found], many=True).data)


class CitationResolveView(PlatformAPIView):
    """Resolve one citation (e.g. 民法典第1165条第二款) to its article."""

    permission_classes = (permissions.AllowAny,)
    throttle_classes = (AnonRateThrottle, UserRateThrottle)

    @extend_schema(
        parameters=[OpenApiParameter("citation", str, required=True)],
        responses={200: CitationResultSerializer, 404: CitationResultSerializer},
    )
    def get(self, request: Request) -> Response:
        body = CitationTextSerializer(data={"text": request.query_params.get("citation", "")})
        body.is_valid(raise_exception=True)
        found = resolver().find(body.validated_data["text"])
        if not found:
            return Response({"detail": "No citation found in the text."}, status=400)
        result = citation_result(found[0])
        return Response(result, status=200 if result["status"] == "FOUND" else 404)


class InterpretationViewSet(PolicyModelViewSet):
    """Interpretations (解读): published ones are public; drafts stay within their organisation's scope."""

    model = Interpretation
    queryset = Interpretation.objects.select_related("work", "organisation")
    serializer_class = InterpretationSerializer
    filterset_fields = ("is_published", "article_number")
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def _save_within_policy(self, serializer: Any, action: str) -> None:
        with transaction.atomic():
            instance = serializer.save()
            if not policy_of(Interpretation).allows(self.request.user, action, instance):
                raise exceptions.PermissionDenied("You may not save an interpretation there.")
            interpretation_save(interpretation=instance)  # publishing notifies followers


class MustKnowListViewSet(PolicyModelViewSet):
    """Must-know lists (应知应会清单); write the articles as citations, one per line."""

    model = MustKnowList
    queryset = MustKnowList.objects.select_related("organisation").prefetch_related("items__work")
    serializer_class = MustKnowListSerializer
    filterset_fields = ("level", "year", "is_published")
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def _save_within_policy(self, serializer: Any, action: str) -> None:
        citations = serializer.validated_data.pop("citations", None)
        with transaction.atomic():
            instance = serializer.save()
            if not policy_of(MustKnowList).allows(self.request.user, action, instance):
                raise exceptions.PermissionDenied("You may not save a list there.")
            if citations is not None:
                problems = must_know_set_items(must_know_list=instance, citations=citations)
                if problems:
                    raise exceptions.ValidationError({"citations": problems})


class FollowViewSet(PolicyModelViewSet):
    """The laws and articles the caller follows."""

    model = Follow
    queryset = Follow.objects.select_related("work")
    serializer_class = FollowSerializer
    http_method_names = ["get", "post", "delete", "head", "options"]

    def perform_create(self, serializer: FollowSerializer) -> None:
        data = serializer.validated_data
        if Follow.objects.filter(
            user=self.request.user, work=data["work"], article_number=data.get("article_number")
        ).exists():
            raise exceptions.ValidationError({"law": "You already follow it."})
        serializer.save(user=self.request.user)
