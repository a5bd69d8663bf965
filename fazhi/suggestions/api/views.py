from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
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
    SuggestionAcceptSerializer,
    SuggestionCloseSerializer,
    SuggestionConversionRequestSerializer,
    SuggestionConversionSerializer,
    SuggestionDeclineSerializer,
    SuggestionEmergencySerializer,
    SuggestionEvaluateSerializer,
    SuggestionEvaluationSerializer,
    SuggestionNoteRequestSerializer,
    SuggestionNoteSerializer,
    SuggestionRouteRequestSerializer,
    SuggestionSerializer,
    SuggestionSubmitSerializer,
    SuggestionTextSerializer,
)
from fazhi.suggestions.export import SUGGESTIONS_EXPORT
from fazhi.suggestions.filtersets import SuggestionFilterSet
from fazhi.suggestions.models import Conversion, Solicitation, Suggestion, SuggestionRoute


def _payload(serializer_class: type, request: Request) -> dict[str, Any]:
    payload = serializer_class(data=request.data)
    payload.is_valid(raise_exception=True)
    return payload.validated_data


class SuggestionViewSet(TableExportMixin, PolicyReadOnlyViewSet):
    """Suggestions: the caller's own (citizens) or those in the caller's scope (staff), with one action per step.
    ``submit`` registers a new one; ``published`` lists what anyone may read. The services decide who may take
    each step (the receiving organisation accepts and routes, the lead answers, co-handlers add notes)."""

    model = Suggestion
    table_export = SUGGESTIONS_EXPORT
    queryset = Suggestion.objects.select_related("organisation").prefetch_related(
        Prefetch("routes", queryset=SuggestionRoute.objects.select_related("organisation")),
        Prefetch("conversions", queryset=Conversion.objects.select_related("work")),
    )
    serializer_class = SuggestionSerializer
    filterset_class = SuggestionFilterSet
    lookup_value_regex = "[0-9]{1,18}"
    policy_actions = {
        name: VIEW
        for name in (
            "accept",
            "decline",
            "route",
            "notes",
            "reply",
            "convert",
            "close",
            "emergency",
            "commend",
            "evaluate",
        )
    }

    def _answer(self, suggestion: Suggestion, code: int = status.HTTP_200_OK) -> Response:
        suggestion = self.get_queryset().get(pk=suggestion.pk)
        return Response(SuggestionSerializer(suggestion).data, status=code)

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

    @extend_schema(request=SuggestionAcceptSerializer, responses=SuggestionSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str | None = None) -> Response:
        target = self.get_object()  # out of scope: 404 before the body is judged
        data = _payload(SuggestionAcceptSerializer, request)
        return self._answer(
            services.suggestion_accept(
                suggestion=target, user=request.user, emergency=data["emergency"], note=data["note"]
            )
        )

    @extend_schema(request=SuggestionDeclineSerializer, responses=SuggestionSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str | None = None) -> Response:
        target = self.get_object()  # out of scope: 404 before the body is judged
        data = _payload(SuggestionDeclineSerializer, request)
        return self._answer(services.suggestion_decline(suggestion=target, user=request.user, reason=data["reason"]))

    @extend_schema(request=SuggestionRouteRequestSerializer, responses=SuggestionSerializer)
    @action(detail=True, methods=["post"])
    def route(self, request: Request, pk: str | None = None) -> Response:
        target = self.get_object()  # out of scope: 404 before the body is judged
        data = _payload(SuggestionRouteRequestSerializer, request)
        return self._answer(
            services.suggestion_route(
                suggestion=target,
                user=request.user,
                lead=data["lead"],
                co_handlers=data["co_handlers"],
                note=data["note"],
            )
        )

    @extend_schema(request=SuggestionNoteRequestSerializer, responses={201: SuggestionNoteSerializer})
    @action(detail=True, methods=["post"])
    def notes(self, request: Request, pk: str | None = None) -> Response:
        target = self.get_object()  # out of scope: 404 before the body is judged
        data = _payload(SuggestionNoteRequestSerializer, request)
        note = services.suggestion_note(suggestion=target, user=request.user, text=data["text"], kind=data["kind"])
        return Response(SuggestionNoteSerializer(note).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=SuggestionTextSerializer, responses=SuggestionSerializer)
    @action(detail=True, methods=["post"])
    def reply(self, request: Request, pk: str | None = None) -> Response:
        target = self.get_object()  # out of scope: 404 before the body is judged
        data = _payload(SuggestionTextSerializer, request)
        return self._answer(services.suggestion_reply(suggestion=target, user=request.user, text=data["text"]))

    @extend_schema(request=SuggestionConversionRequestSerializer, responses={201: SuggestionConversionSerializer})
    @action(detail=True, methods=["post"])
    def convert(self, request: Request, pk: str | None = None) -> Response:
        from fazhi.laws.models import Work

        target = self.get_object()  # out of scope: 404 before the body is judged
        data = _payload(SuggestionConversionRequestSerializer, request)
        work = None
        if data["work"]:
            work = Work.objects.filter(key=data["work"].strip()).first()
            if work is None:
                raise ValidationError({"work": "No law with this key in the library."})
        conversion = services.conversion_add(
            suggestion=target,
            user=request.user,
            kind=data["kind"],
            description=data["description"],
            url=data["url"],
            work=work,
        )
        return Response(SuggestionConversionSerializer(conversion).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=SuggestionCloseSerializer, responses=SuggestionSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str | None = None) -> Response:
        target = self.get_object()  # out of scope: 404 before the body is judged
        data = _payload(SuggestionCloseSerializer, request)
        return self._answer(services.suggestion_close(suggestion=target, user=request.user, note=data["note"]))

    @extend_schema(request=SuggestionEmergencySerializer, responses=SuggestionSerializer)
    @action(detail=True, methods=["post"])
    def emergency(self, request: Request, pk: str | None = None) -> Response:
        target = self.get_object()  # out of scope: 404 before the body is judged
        data = _payload(SuggestionEmergencySerializer, request)
        return self._answer(
            services.suggestion_set_emergency(suggestion=target, user=request.user, emergency=data["emergency"])
        )

    @extend_schema(request=SuggestionTextSerializer, responses=SuggestionSerializer)
    @action(detail=True, methods=["post"])
    def commend(self, request: Request, pk: str | None = None) -> Response:
        target = self.get_object()  # out of scope: 404 before the body is judged
        data = _payload(SuggestionTextSerializer, request)
        return self._answer(services.suggestion_commend(suggestion=target, user=request.user, text=data["text"]))

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
