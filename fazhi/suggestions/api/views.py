from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from fazhi.casework.abuse import throttle
from fazhi.core.api import (
    PolicyModelViewSet,
    PolicyReadOnlyViewSet,
    TableExportMixin,
)
from fazhi.core.permissions import CHANGE, VIEW
from fazhi.suggestions import services
from fazhi.suggestions.api.serializers import (
    PublishedSuggestionSerializer,
    SolicitationSerializer,
    SuggestionConversionSerializer,
    SuggestionEvaluateSerializer,
    SuggestionEvaluationSerializer,
    SuggestionNoteSerializer,
    SuggestionSerializer,
    SuggestionSubmitSerializer,
    SuggestionTextSerializer,
)
from fazhi.suggestions.export import SUGGESTIONS_EXPORT
from fazhi.suggestions.filtersets import SuggestionFilterSet
from fazhi.suggestions.models import Conversion, Solicitation, Suggestion, SuggestionRoute
from fazhi.suggestions.workflow import SUGGESTION_WORKFLOW
from fazhi.workflow.api import WorkflowStepsMixin, step_policy_actions, with_steps


def _payload(serializer_class: type, request: Request) -> dict[str, Any]:
    payload = serializer_class(data=request.data)
    payload.is_valid(raise_exception=True)
    return payload.validated_data


@with_steps(
    SUGGESTION_WORKFLOW,
    SuggestionSerializer,
    created={"note": SuggestionNoteSerializer, "convert": SuggestionConversionSerializer},
)
class SuggestionViewSet(WorkflowStepsMixin, TableExportMixin, PolicyReadOnlyViewSet):
    """Suggestions: the caller's own (citizens) or those in the caller's scope (staff), with
    ``POST …/{id}/steps/{step}/`` for each step of suggestions/workflow.py. ``submit`` registers a new one;
    ``published`` lists what anyone may read. The services decide who may take each step (the receiving
    organisation accepts and routes, the lead answers, co-handlers add notes)."""

    model = Suggestion
    table_export = SUGGESTIONS_EXPORT
    queryset = Suggestion.objects.select_related("organisation").prefetch_related(
        Prefetch("routes", queryset=SuggestionRoute.objects.select_related("organisation")),
        Prefetch("conversions", queryset=Conversion.objects.select_related("work")),
    )
    serializer_class = SuggestionSerializer
    filterset_class = SuggestionFilterSet
    lookup_value_regex = "[0-9]{1,18}"
    policy_actions = {**step_policy_actions(SUGGESTION_WORKFLOW), "evaluate": VIEW}

    @extend_schema(request=SuggestionSubmitSerializer, responses={201: SuggestionSerializer})
    @action(detail=False, methods=["post"], permission_classes=[permissions.AllowAny])
    def submit(self, request: Request) -> Response:
        data = _payload(SuggestionSubmitSerializer, request)
        throttle(request._request, "suggestions.submit")
        suggestion = services.suggestion_submit(
            user=request.user,
            theme=data["theme"],
            facts=data["facts"],
            proposal=data["proposal"],
            organisation=data.get("organisation"),
            solicitation=data.get("solicitation"),
            submitter_kind=data["submitter_kind"],
            submitter_name=data["submitter_name"],
            contact_phone=data["contact_phone"],
            contact_email=data["contact_email"],
            consent_publish=data["consent_publish"],
            attachments=data["attachments"],
        )
        body = SuggestionSerializer(Suggestion.objects.get(pk=suggestion.pk)).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(responses=PublishedSuggestionSerializer(many=True))
    @action(detail=False, methods=["get"], permission_classes=[permissions.AllowAny])
    def published(self, request: Request) -> Response:
        queryset: QuerySet = (
            Suggestion.objects.published()
            .with_ratings()
            .select_related("organisation")
            .prefetch_related(Prefetch("conversions", queryset=Conversion.objects.select_related("work")))
            .order_by("-replied_at", "-pk")
        )
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(PublishedSuggestionSerializer(page, many=True).data)

    @extend_schema(request=SuggestionEvaluateSerializer, responses={201: SuggestionEvaluationSerializer})
    @action(detail=True, methods=["post"])
    def evaluate(self, request: Request, pk: str | None = None) -> Response:
        target = self.get_object()  # out of scope: 404 before the body is judged
        data = _payload(SuggestionEvaluateSerializer, request)
        evaluation = services.suggestion_evaluate(
            suggestion=target, user=request.user, score=data["score"], comment=data["comment"]
        )
        return Response(SuggestionEvaluationSerializer(evaluation).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=SuggestionEvaluateSerializer, responses={201: SuggestionEvaluationSerializer})
    @action(
        detail=False,
        methods=["post"],
        url_path=r"published/(?P<number>[0-9A-Za-z-]{1,24})/evaluate",
        permission_classes=[permissions.IsAuthenticated],
    )
    def published_evaluate(self, request: Request, number: str) -> Response:
        """公众评价: any signed-in person rates the answer of a published suggestion, once (the submitter too, as
        with ``evaluate``); a second rating is a 400."""
        target = Suggestion.objects.published().filter(tracking_number=number).first()
        if target is None:
            raise NotFound
        data = _payload(SuggestionEvaluateSerializer, request)
        evaluation = services.suggestion_evaluate(
            suggestion=target, user=request.user, score=data["score"], comment=data["comment"]
        )
        return Response(SuggestionEvaluationSerializer(evaluation).data, status=status.HTTP_201_CREATED)


class SolicitationViewSet(PolicyModelViewSet):
    """Thematic solicitations: anyone reads the published ones; staff create and edit them in their scope and
    publish the feedback report once one has closed."""

    model = Solicitation
    queryset = Solicitation.objects.select_related("organisation")
    serializer_class = SolicitationSerializer
    lookup_value_regex = "[0-9]{1,18}"
    http_method_names = ["get", "post", "patch", "head", "options"]
    policy_actions = {"feedback": CHANGE}

    @extend_schema(request=SuggestionTextSerializer, responses=SolicitationSerializer)
    @action(detail=True, methods=["post"])
    def feedback(self, request: Request, pk: str | None = None) -> Response:
        target = self.get_object()  # out of scope: 404 before the body is judged
        data = _payload(SuggestionTextSerializer, request)
        solicitation = services.solicitation_publish_feedback(solicitation=target, user=request.user, text=data["text"])
        return Response(SolicitationSerializer(solicitation).data)
