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
    ConfirmSerializer,
    DispatchSerializer,
    RelateSerializer,
    ReopenSerializer,
    ReplySerializer,
    ServiceCategorySerializer,
    TicketCreateSerializer,
    TicketPhotoSerializer,
    TicketSerializer,
)
from fazhi.hotline.choices import Channel
from fazhi.hotline.export import TICKETS_EXPORT
from fazhi.hotline.filtersets import TicketFilterSet
from fazhi.hotline.models import ServiceCategory, Ticket
from fazhi.hotline.photo_views import photo_response
from fazhi.hotline.services import (
    candidates_for,
    ticket_confirm,
    ticket_dispatch,
    ticket_link,
    ticket_merge,
    ticket_photos,
    ticket_reopen,
    ticket_reply,
    ticket_submit_with_photos,
)
from fazhi.orgs.models import Organisation


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
    found = Organisation.objects.filter(code=code.strip(), is_active=True).first()
    if found is None:
        raise ValidationError({field: _("No active organisation with this code.")})
    return found


class TicketViewSet(TableExportMixin, PolicyModelViewSet):
    """Tickets the caller may see: those of their organisation's subtree, or the ones they reported.

    Each workflow step is its own POST; the service decides whether the caller may take it (the reporter
    confirms, rates and reopens; the handling organisation's staff reply, dispatch, link and merge)."""

    model = Ticket
    table_export = TICKETS_EXPORT
    queryset = Ticket.objects.select_related("category", "organisation", "street", "merged_into")
    serializer_class = TicketSerializer
    filterset_class = TicketFilterSet
    http_method_names = ["get", "post", "head", "options"]
    # Signed-in people may report; steps are judged by the services on a ticket the caller can see.
    policy_actions = {
        "create": VIEW,
        "reply": VIEW,
        "route_to": VIEW,
        "confirm": VIEW,
        "reopen": VIEW,
        "link": VIEW,
        "merge": VIEW,
        "candidates": VIEW,
        "photos": VIEW,
        "photo": VIEW,
        "export": VIEW,
    }

    def _input(self, serializer_class: type, request: Request) -> dict[str, Any]:
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def _answer(self, ticket: Ticket, code: int = status.HTTP_200_OK, *, fresh: bool = False) -> Response:
        if not fresh:  # a step may have changed related records: read the ticket back
            ticket.refresh_from_db()
        return Response(TicketSerializer(ticket).data, status=code)

    def _other(self, number: str) -> Ticket:
        other = Ticket.objects.restrict(self.request.user, VIEW).filter(tracking_number=number.strip().upper()).first()
        if other is None:
            raise ValidationError({"other": _("No ticket with this tracking number that you may see.")})
        return other

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
        return self._answer(ticket, status.HTTP_201_CREATED, fresh=True)  # just created: as stored

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

    @extend_schema(request=ReplySerializer, responses=TicketSerializer)
    @action(detail=True, methods=["post"])
    def reply(self, request: Request, pk: str | None = None) -> Response:
        ticket = self.get_object()
        data = self._input(ReplySerializer, request)
        return self._answer(ticket_reply(ticket=ticket, user=request.user, text=data["text"]))

    @extend_schema(request=DispatchSerializer, responses=TicketSerializer)
    @action(detail=True, methods=["post"], url_path="dispatch", url_name="dispatch")
    def route_to(self, request: Request, pk: str | None = None) -> Response:
        ticket = self.get_object()
        data = self._input(DispatchSerializer, request)
        organisation = _organisation(data["organisation"], "organisation")
        return self._answer(
            ticket_dispatch(ticket=ticket, organisation=organisation, user=request.user, reason=data["reason"])
        )

    @extend_schema(request=ConfirmSerializer, responses=TicketSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: str | None = None) -> Response:
        ticket = self.get_object()
        data = self._input(ConfirmSerializer, request)
        return self._answer(
            ticket_confirm(ticket=ticket, user=request.user, rating=data["rating"], comment=data["comment"])
        )

    @extend_schema(request=ReopenSerializer, responses=TicketSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk: str | None = None) -> Response:
        ticket = self.get_object()
        data = self._input(ReopenSerializer, request)
        return self._answer(ticket_reopen(ticket=ticket, user=request.user, reason=data["reason"]))

    @extend_schema(request=RelateSerializer, responses=TicketSerializer)
    @action(detail=True, methods=["post"])
    def link(self, request: Request, pk: str | None = None) -> Response:
        ticket = self.get_object()
        data = self._input(RelateSerializer, request)
        ticket_link(ticket=ticket, other=self._other(data["other"]), user=request.user, note=data["note"])
        return self._answer(ticket)

    @extend_schema(request=RelateSerializer, responses=TicketSerializer)
    @action(detail=True, methods=["post"])
    def merge(self, request: Request, pk: str | None = None) -> Response:
        """Merge the other ticket (a duplicate) into this one."""
        ticket = self.get_object()
        data = self._input(RelateSerializer, request)
        ticket_merge(duplicate=self._other(data["other"]), into=ticket, user=request.user)
        return self._answer(ticket)

    @extend_schema(request=None, responses=CandidateSerializer(many=True))
    @action(detail=True, methods=["get"])
    def candidates(self, request: Request, pk: str | None = None) -> Response:
        """Likely duplicates of this ticket, best first (staff who may handle it)."""
        ticket = self.get_object()
        if not Ticket.policy.allows(request.user, "change", ticket):
            return Response([])
        return Response([CandidateSerializer(c).data for c in candidates_for(ticket, user=request.user)])
