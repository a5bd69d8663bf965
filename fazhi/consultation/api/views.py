from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import NotAuthenticated, NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from fazhi.consultation.api.serializers import (
    CommentSerializer,
    CommentSubmitSerializer,
    ConsultationSerializer,
    DraftArticleSerializer,
    OfflineEntrySerializer,
    OfflineReportSerializer,
)
from fazhi.consultation.matters import THROTTLE_SCOPE, throttle
from fazhi.consultation.models import Comment, Consultation, DraftArticle
from fazhi.consultation.services import OfflineRow, comment_submit, offline_comments_enter
from fazhi.consultation.workflow import COMMENT_WORKFLOW
from fazhi.core.api import PolicyModelViewSet, PolicyReadOnlyViewSet
from fazhi.core.permissions import VIEW, ScopedPolicy
from fazhi.workflow.api import WorkflowStepsMixin, step_policy_actions, with_steps

_STAFF_SCOPE = ScopedPolicy(org_field="organisation")


def _consultation_param(request: Request) -> int | None:
    value = request.query_params.get("consultation", "")
    if not value:
        return None
    if not value.isdigit() or len(value) > 12:
        raise ValidationError({"consultation": "A consultation id is a number."})
    return int(value)


class ConsultationViewSet(PolicyReadOnlyViewSet):
    """Consultations: public once opened; staff also see those in preparation in their scope.

    ``offline-comments`` (POST): a contact point's staff enter comments gathered offline. ``export`` (GET): every
    comment, names masked, for the staff of the running organisation's scope.
    """

    model = Consultation
    queryset = Consultation.objects.select_related("organisation", "law")
    serializer_class = ConsultationSerializer
    policy_actions = {"offline_comments": VIEW, "export": VIEW}

    @extend_schema(request=OfflineEntrySerializer, responses={201: OfflineReportSerializer})
    @action(detail=True, methods=["post"], url_path="offline-comments")
    def offline_comments(self, request: Request, pk: str | None = None) -> Response:
        if not request.user.is_authenticated:
            raise NotAuthenticated
        consultation = self.get_object()
        payload = OfflineEntrySerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        report = offline_comments_enter(
            consultation=consultation,
            contact_point=data["contact_point"],
            rows=[OfflineRow(**row) for row in data["rows"]],
            user=request.user,
        )
        body = {
            "created": [c.pk for c in report.created],
            "unchanged": report.unchanged,
            "skipped": [{"row": n, "reason": reason} for n, reason in report.skipped],
        }
        return Response(OfflineReportSerializer(body).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=CommentSerializer(many=True))
    @action(detail=True, methods=["get"])
    def export(self, request: Request, pk: str | None = None) -> Response:
        if not request.user.is_authenticated:
            raise NotAuthenticated
        consultation = self.get_object()
        if not _STAFF_SCOPE.filter(Consultation.objects.filter(pk=consultation.pk), request.user, VIEW).exists():
            raise NotFound
        comments = (
            Comment.objects.restrict(request.user)
            .filter(consultation=consultation)
            .select_related("article", "submitter", "contact_point")
        )
        return Response(CommentSerializer(comments, many=True).data)


@extend_schema(parameters=[OpenApiParameter("consultation", int, description="only this consultation's articles")])
class DraftArticleViewSet(PolicyReadOnlyViewSet):
    model = DraftArticle
    queryset = DraftArticle.objects.all()
    serializer_class = DraftArticleSerializer

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        consultation = _consultation_param(self.request)
        return queryset.filter(consultation_id=consultation) if consultation else queryset


@extend_schema(parameters=[OpenApiParameter("consultation", int, description="only this consultation's comments")])
@with_steps(COMMENT_WORKFLOW, CommentSerializer)
class CommentViewSet(WorkflowStepsMixin, PolicyModelViewSet):
    """Comments: published ones for everyone, one's own, and all of them for the consultation's staff.

    POST submits a comment (held for moderation). ``POST …/{id}/steps/{step}/`` takes a step of
    consultation/workflow.py (``approve``, ``reject``, ``adoption``, ``answer``): let in for whoever sees the
    comment, then the service decides (the running organisation's staff; 403 otherwise, 400 in the wrong state).
    """

    model = Comment
    queryset = Comment.objects.select_related("article", "submitter", "contact_point")
    serializer_class = CommentSerializer
    http_method_names = ["get", "post", "head", "options"]
    policy_actions = {"create": VIEW, **step_policy_actions(COMMENT_WORKFLOW)}

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        consultation = _consultation_param(self.request)
        return queryset.filter(consultation_id=consultation) if consultation else queryset

    @extend_schema(request=CommentSubmitSerializer, responses={201: CommentSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        payload = CommentSubmitSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        throttle(request, THROTTLE_SCOPE)
        comment = comment_submit(user=request.user, **payload.validated_data)
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)
