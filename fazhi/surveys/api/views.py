from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import permissions, status
from rest_framework import serializers as drf_serializers
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response as APIResponse

from fazhi.core.api import PlatformAPIView, PolicyModelViewSet, PolicyReadOnlyViewSet
from fazhi.core.permissions import CHANGE, VIEW
from fazhi.surveys.api.serializers import (
    InviteSerializer,
    QuestionResultSerializer,
    QuestionSerializer,
    ResponseSerializer,
    SubmitSerializer,
    SurveySerializer,
)
from fazhi.surveys.choices import SurveyStatus
from fazhi.surveys.filtersets import SurveyFilterSet
from fazhi.surveys.models import READ, Question, Response, Survey
from fazhi.surveys.services import (
    invitation_for_token,
    invite,
    question_delete,
    response_submit,
    survey_close,
    survey_delete,
    survey_open,
    survey_reopen,
    survey_results,
)


class ReopenSerializer(drf_serializers.Serializer):
    closes_on = drf_serializers.DateField(help_text="The new closing date (today or later).")


class SurveyViewSet(PolicyModelViewSet):
    """Surveys: staff build them in their scope; anyone reads open population surveys. ``respond`` answers one
    (signed in, once); ``results`` are for staff in scope."""

    model = Survey
    queryset = Survey.objects.select_related("organisation").prefetch_related("measures", "questions__choices")
    serializer_class = SurveySerializer
    filterset_class = SurveyFilterSet
    lookup_value_regex = "[0-9]{1,18}"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    policy_actions = {
        "list": READ,
        "retrieve": READ,
        "respond": READ,
        "results": VIEW,
        "open": CHANGE,
        "close": CHANGE,
        "reopen": CHANGE,
        "invite": CHANGE,
    }

    def perform_destroy(self, instance: Survey) -> None:
        survey_delete(survey=instance, user=self.request.user)

    def _after(self, survey: Survey) -> APIResponse:
        survey = self.get_queryset().get(pk=survey.pk)
        return APIResponse(SurveySerializer(survey, context=self.get_serializer_context()).data)

    @extend_schema(request=None, responses=SurveySerializer)
    @action(detail=True, methods=["post"])
    def open(self, request: Request, pk: str | None = None) -> APIResponse:
        return self._after(survey_open(survey=self.get_object(), user=request.user))

    @extend_schema(request=None, responses=SurveySerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str | None = None) -> APIResponse:
        return self._after(survey_close(survey=self.get_object(), user=request.user))

    @extend_schema(request=ReopenSerializer, responses=SurveySerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk: str | None = None) -> APIResponse:
        """A closed survey takes answers again until ``closes_on`` (today or later)."""
        survey = self.get_object()
        payload = ReopenSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        closes_on = payload.validated_data["closes_on"]
        return self._after(survey_reopen(survey=survey, closes_on=closes_on, user=request.user))

    @extend_schema(request=SubmitSerializer, responses={201: ResponseSerializer})
    @action(detail=True, methods=["post"])
    def respond(self, request: Request, pk: str | None = None) -> APIResponse:
        survey = self.get_object()
        payload = SubmitSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        response = response_submit(survey=survey, answers=payload.answer_map(), user=request.user)
        return APIResponse(ResponseSerializer(response).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=QuestionResultSerializer(many=True))
    @action(detail=True, methods=["get"])
    def results(self, request: Request, pk: str | None = None) -> APIResponse:
        return APIResponse(QuestionResultSerializer(survey_results(self.get_object()), many=True).data)

    @extend_schema(
        request=InviteSerializer,
        responses={201: inline_serializer("InviteResult", {"invited": drf_serializers.IntegerField()})},
    )
    @action(detail=True, methods=["post"])
    def invite(self, request: Request, pk: str | None = None) -> APIResponse:
        survey = self.get_object()
        payload = InviteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        names = payload.validated_data.get("usernames", [])
        users = list(get_user_model().objects.filter(username__in=names, is_active=True))
        unknown = sorted(set(names) - {u.username for u in users})
        if unknown:
            raise ValidationError(
                {"usernames": _("Unknown user names: %(names)s") % {"names": ", ".join(unknown[:10])}}
            )
        emails = payload.validated_data.get("emails", [])
        if not users and not emails:
            raise ValidationError({"detail": _("Name at least one person to invite.")})
        invited = invite(survey, users, emails=emails, by=request.user)
        return APIResponse({"invited": len(invited)}, status=status.HTTP_201_CREATED)


class QuestionViewSet(PolicyModelViewSet):
    """Questions of the surveys in the caller's scope (``?survey=<id>``). Changes follow the rules that keep
    answered surveys' results true (see docs/surveys.md)."""

    model = Question
    queryset = Question.objects.prefetch_related("choices")
    serializer_class = QuestionSerializer
    lookup_value_regex = "[0-9]{1,18}"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        value = self.request.query_params.get("survey", "")
        if value:
            if not value.isdigit() or len(value) > 18:
                raise ValidationError({"survey": _("A survey id is a number.")})
            queryset = queryset.filter(survey_id=int(value))
        return queryset

    def perform_create(self, serializer: Any) -> None:
        serializer.save()  # question_save checks the scope and the rules

    def perform_update(self, serializer: Any) -> None:
        serializer.save()

    def perform_destroy(self, instance: Question) -> None:
        question_delete(question=instance, user=self.request.user)


class ResponseViewSet(PolicyReadOnlyViewSet):
    """Responses: staff read those of their scope's surveys, a respondent their own."""

    model = Response
    queryset = Response.objects.select_related("survey").prefetch_related("answers")
    serializer_class = ResponseSerializer
    lookup_value_regex = "[0-9]{1,18}"


class InvitationView(PlatformAPIView):
    """An invitation's survey (GET) and answering it (POST), by the personal token; no account needed."""

    permission_classes = (permissions.AllowAny,)

    def _invitation(self, token: str) -> Any:
        invitation = invitation_for_token(token)
        if invitation is None or invitation.survey.status == SurveyStatus.DRAFT:
            raise NotFound
        return invitation

    @extend_schema(responses=SurveySerializer)
    def get(self, request: Request, token: str) -> APIResponse:
        survey = self._invitation(token).survey
        return APIResponse(SurveySerializer(survey, context={"request": request}).data)

    @extend_schema(request=SubmitSerializer, responses={201: ResponseSerializer})
    def post(self, request: Request, token: str) -> APIResponse:
        invitation = self._invitation(token)
        payload = SubmitSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        response = response_submit(
            survey=invitation.survey, answers=payload.answer_map(), user=request.user, invitation=invitation
        )
        return APIResponse(ResponseSerializer(response).data, status=status.HTTP_201_CREATED)
