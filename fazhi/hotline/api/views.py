"""Hotline API: the catalogue (public), tickets through their policy, and one endpoint per workflow step."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpResponseBase
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
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
from fazhi.core.permissions import VIEW
from fazhi.hotline.api.serializers import (
    CandidateSerializer,
    ServiceCategorySerializer,
    TicketCreateSerializer,
    TicketLinkSerializer,
    TicketPhotoSerializer,
    TicketSerializer,
)
from fazhi.hotline.choices import Channel
from fazhi.hotline.export import TICKETS_EXPORT
from fazhi.hotline.filtersets import TicketFilterSet
from fazhi.hotline.models import ServiceCategory, Ticket
from fazhi.hotline.photo_views import photo_response
from fazhi.hotline.services import candidates_for, ticket_photos, ticket_submit_with_photos
from fazhi.hotline.workflow import HOTLINE_WORKFLOW
from fazhi.orgs.models import Organisation
from fazhi.workflow.api import WorkflowStepsMixin, step_policy_actions, with_steps


class ServiceCategoryViewSet(PolicyReadOnlyViewSet):
    """The catalogue of matters the hotline takes."""

    model = ServiceCategory
    queryset = ServiceCategory.objects.filter(is_active=True)
    serializer_class = ServiceCategorySerializer
    lookup_field = "code"
    pagination_class = None


def _organisation(code: str, field: str) -> Organisation | None:
    if not code:
        return None
    found = Organisation.objects.select_related("parent").filter(code=code.strip(), is_active=True).first()
    if found is None:
        raise ValidationError({field: _("No active organisation with this code.")})
    return found


@with_steps(HOTLINE_WORKFLOW, TicketSerializer, created={"link": TicketLinkSerializer})
class TicketViewSet(WorkflowStepsMixin, TableExportMixin, PolicyModelViewSet):
    """Tickets the caller may see: those of their organisation's subtree, or the ones they reported.

    Each step of hotline/workflow.py is ``POST …/{id}/steps/{step}/``; the declaration decides whether the caller
    may take it (the reporter confirms, rates and reopens; the handling organisation's staff dispatch, reply, link
    and merge this ticket into another)."""

    model = Ticket
    table_export = TICKETS_EXPORT
    queryset = Ticket.objects.select_related("category", "organisation", "street", "district", "merged_into")
    serializer_class = TicketSerializer
    filterset_class = TicketFilterSet
    http_method_names = ["get", "post", "head", "options"]
    # Signed-in people may report; steps are judged by the services on a ticket the caller can see.
    policy_actions = {
        **step_policy_actions(HOTLINE_WORKFLOW),
        "create": VIEW,
        "candidates": VIEW,
        "photos": VIEW,
        "photo": VIEW,
        "export": VIEW,
    }

    def _input(self, serializer_class: type, request: Request) -> dict[str, Any]:
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def _answer(self, ticket: Ticket, code: int = status.HTTP_200_OK) -> Response:
        return Response(TicketSerializer(ticket).data, status=code)

    @extend_schema(request=TicketCreateSerializer, responses={201: TicketSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self._input(TicketCreateSerializer, request)
        throttle(request, "hotline.submit")
        ticket = ticket_submit_with_photos(  # photos (multipart) and media_url ride along, in one transaction
            **{k: v for k, v in data.items() if k != "street"},
            street=_organisation(data.get("street", ""), "street"),
            channel=Channel.API,
            submitter=request.user,
            actor=request.user,
        )
        return self._answer(ticket, status.HTTP_201_CREATED)  # just created: as stored

    @extend_schema(request=None, responses=TicketPhotoSerializer(many=True))
    @action(detail=True, methods=["get"])
    def photos(self, request: Request, pk: str | None = None) -> Response:
        """The ticket's photos, for whoever may read the ticket."""
        ticket = self.get_object()
        return Response(
            [
                TicketPhotoSerializer(
                    {
                        "uid": p.uid,
                        "original_name": p.original_name,
                        "media_type": p.media_type,
                        "size": p.size,
                        "url": reverse("api:hotline-ticket-photo", kwargs={"pk": ticket.pk, "uid": p.uid}),
                    }
                ).data
                for p in ticket_photos(ticket)
            ]
        )

    @extend_schema(request=None, responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], url_path=r"photos/(?P<uid>[0-9a-fA-F-]{32,36})", url_name="photo")
    def photo(self, request: Request, pk: str | None = None, uid: str | None = None) -> HttpResponseBase:
        """One photo's content (the ticket's readers only)."""
        ticket = self.get_object()
        try:
            photo = ticket_photos(ticket).filter(uid=uid).first()
        except ValidationError:  # not a UUID after all
            photo = None
        if photo is None:
            raise NotFound
        return photo_response(photo)

    @extend_schema(request=None, responses=CandidateSerializer(many=True))
    @action(detail=True, methods=["get"])
    def candidates(self, request: Request, pk: str | None = None) -> Response:
        """Likely duplicates of this ticket, best first (staff who may handle it)."""
        ticket = self.get_object()
        if not Ticket.policy.allows(request.user, "change", ticket):
            return Response([])
        return Response([CandidateSerializer(c).data for c in candidates_for(ticket, user=request.user)])
