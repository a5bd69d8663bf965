"""Portal: report a problem (no JavaScript needed), follow it, confirm and rate the reply or reopen it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.forms.utils import ErrorDict
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from fazhi.attachments.pending import REMOVE_FIELD, TOKEN_FIELD, PendingUploads
from fazhi.casework.abuse import throttle
from fazhi.casework.queries import may_follow, sees_internal_notes
from fazhi.casework.services import history
from fazhi.core.views import LOGIN, PUBLIC, PageView, PlatformView, refuse_oversized
from fazhi.hotline.choices import Channel, TicketStatus
from fazhi.hotline.conf import setting
from fazhi.hotline.forms import ConfirmForm, RecentForm, ReopenForm, TicketForm
from fazhi.hotline.geo import locate
from fazhi.hotline.models import Ticket
from fazhi.hotline.services import (
    photo_types,
    ticket_confirm,
    ticket_photos,
    ticket_reopen,
    ticket_submit_with_photos,
)
from fazhi.hotline.workflow import HOTLINE_WORKFLOW
from fazhi.orgs.models import Organisation
from fazhi.workflow.engine import may_take


def submit_from_form(
    request: HttpRequest, form: TicketForm, *, channel: str, submitter: Any, kept: list[UploadedFile] | None = None
) -> Ticket | None:
    """Throttle, then hand the form's data to the service (``kept``: photos accepted with an earlier attempt of the
    form, before the ones chosen now); a refusal lands on the form (None returned)."""
    if refuse_oversized(request, form):
        return None
    throttle(request, "hotline.submit")
    data = form.cleaned_data
    try:
        return ticket_submit_with_photos(
            photos=[*(kept or ()), *(data.get("photos") or [])],
            description=data["description"],
            category=data["category"],
            address=data["address"],
            street=data.get("street"),
            district=data.get("district"),
            lat=data.get("lat"),
            long=data.get("long"),
            channel=channel,
            submitter=submitter,
            contact_name=data.get("contact_name", ""),
            contact_phone=data.get("contact_phone", ""),
            consent=data.get("consent", False),
            is_emergency=data.get("is_emergency", False),
            actor=request.user,
        )
    except ValidationError as exc:
        form.apply_error(exc)
        return None


class KeepsPhotos(FormView):
    """Photos accepted with a form that came back with an error are kept for its next submit, shown as
    「已上传: name [移除]」 (``attachments.pending``; signed-in people only, as for every form with files)."""

    request: HttpRequest

    def pending(self) -> PendingUploads | None:
        if not self.request.user.is_authenticated:
            return None
        if not hasattr(self, "_pending"):
            self._pending = PendingUploads(self.request, self.request.POST.get(TOKEN_FIELD))
        return self._pending

    def kept_photos(self) -> list[UploadedFile]:
        pending = self.pending()
        return pending.uploads() if pending is not None else []

    def photos_saved(self) -> None:
        pending = self.pending()
        if pending is not None:
            pending.clear()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "pending": self.pending()}

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        pending = self.pending()
        if pending is not None and REMOVE_FIELD in request.POST:  # "[移除]": the form again, as it was typed
            pending.remove(request.POST[REMOVE_FIELD])
            pending.keep(request.FILES.getlist("photos"), photo_types())
            form = self.get_form()
            form._errors = ErrorDict()  # not submitted: no errors to show
            return self.render_to_response(self.get_context_data(form=form))
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form: Any) -> HttpResponse:
        pending = self.pending()
        if pending is not None:
            pending.keep(self.request.FILES.getlist("photos"), photo_types())
        return super().form_invalid(form)


class SubmitView(PlatformView, KeepsPhotos):
    access = PUBLIC
    template_name = "hotline/submit.html"
    form_class = TicketForm
    title = gettext_lazy("Report to the 12345 hotline")

    def form_valid(self, form: TicketForm) -> HttpResponse:
        ticket = submit_from_form(
            self.request, form, channel=Channel.PORTAL, submitter=self.request.user, kept=self.kept_photos()
        )
        if ticket is None:
            return self.form_invalid(form)
        self.photos_saved()
        messages.success(
            self.request,
            _("Your ticket %(number)s was registered. Keep the number to follow it.")
            % {"number": ticket.tracking_number},
        )
        return redirect(ticket.get_absolute_url())


def _followed(request: HttpRequest, number: str) -> Ticket:
    ticket = (
        Ticket.objects.select_related("category", "organisation", "merged_into")
        .filter(tracking_number=(number or "").strip().upper())
        .first()
    )
    if ticket is None or not may_follow(request.user, ticket):
        raise Http404
    return ticket


class TicketDetailView(PageView):
    """One ticket as its reporter sees it (or anyone holding the number of an anonymous one)."""

    access = PUBLIC
    template_name = "hotline/detail.html"

    def get_title(self) -> Any:
        return _("Hotline ticket %(number)s") % {"number": self.kwargs["number"]}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ticket = _followed(self.request, self.kwargs["number"])
        user = self.request.user
        is_reporter = user.is_authenticated and ticket.submitter_id == user.pk

        def offered(step: str) -> bool:  # the declaration decides: the reporter, from the step's states
            return may_take(HOTLINE_WORKFLOW, HOTLINE_WORKFLOW.step(step), ticket, user)

        return super().get_context_data(
            ticket=ticket,
            events=history(ticket, for_submitter=not sees_internal_notes(user, ticket)),
            is_reporter=is_reporter,
            photos=ticket_photos(ticket),
            confirm_form=ConfirmForm() if offered("confirm") else None,
            reopen_form=ReopenForm() if offered("reopen") else None,
            **kwargs,
        )


class _ReporterActionView(PlatformView):
    access = LOGIN
    http_method_names = ["post"]
    form_class: type = ConfirmForm

    def act(self, ticket: Ticket, data: dict[str, Any]) -> str:
        raise NotImplementedError

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        ticket = _followed(request, kwargs["number"])
        form = self.form_class(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect(ticket.get_absolute_url())
        try:
            messages.success(request, self.act(ticket, form.cleaned_data))
        except (ValidationError, PermissionDenied) as exc:
            texts = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            for text in texts:
                messages.error(request, text)
        return redirect(ticket.get_absolute_url())


class ConfirmView(_ReporterActionView):
    """The ``confirm`` step on the reporter's page (a form of its own: the rating as radio buttons)."""

    form_class = ConfirmForm

    def act(self, ticket: Ticket, data: dict[str, Any]) -> str:
        ticket_confirm(ticket=ticket, user=self.request.user, rating=data["rating"], comment=data["comment"])
        return str(HOTLINE_WORKFLOW.step("confirm").done)


class ReopenView(_ReporterActionView):
    """The ``reopen`` step on the reporter's page."""

    form_class = ReopenForm

    def act(self, ticket: Ticket, data: dict[str, Any]) -> str:
        ticket_reopen(ticket=ticket, user=self.request.user, reason=data["reason"])
        return str(HOTLINE_WORKFLOW.step("reopen").done)


class LocateView(PlatformView):
    """``/hotline/locate/?lat=&long=``: the district (and street, where street boundaries are loaded) a point lies
    in, for the form's "use my location" (``static/hotline/location.js``). Public: it tells only what the
    published district boundaries say."""

    access = PUBLIC

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = RecentForm({"lat": request.GET.get("lat", ""), "long": request.GET.get("long", "")})
        if not form.is_valid() or form.cleaned_data.get("lat") is None:
            return JsonResponse({"error": _("Give latitude and longitude in decimal degrees.")}, status=400)
        place = locate(form.cleaned_data["lat"], form.cleaned_data["long"])
        found = {
            o.code: o for o in Organisation.objects.filter(code__in=[c for c in (place.district, place.street) if c])
        }

        def described(code: str) -> dict[str, Any] | None:
            org = found.get(code)
            return {"id": org.pk, "code": org.code, "name": org.name} if org else None

        return JsonResponse(
            {"district": described(place.district), "street": described(place.street)},
            json_dumps_params={"ensure_ascii": False},
        )


class RecentView(PageView):
    """Recent 12345 reports near a place, to check before reporting (as FixMyStreet shows): by district, street,
    or around given coordinates. Only the category, the street (or district), the status and the day — never the
    description, the address, the coordinates or anything of the reporter. Tickets are not public, so this page
    reads just those columns (``.values``), never a ticket."""

    access = PUBLIC
    template_name = "hotline/recent.html"
    title = gettext_lazy("Recent reports near a place")

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = RecentForm(request.GET)  # nothing chosen: the whole city's recent reports
        rows: list[dict[str, Any]] = []
        searched = form.is_valid()
        if searched:
            rows = self.reports(form.cleaned_data)
        context = self.get_context_data(
            form=form,
            rows=rows,
            searched=searched,
            days=setting("HOTLINE_RECENT_DAYS"),
            limit=setting("HOTLINE_RECENT_ROWS"),
        )
        return self.render_to_response(context, status=200 if searched else 400)

    @staticmethod
    def reports(where: dict[str, Any]) -> list[dict[str, Any]]:
        since = timezone.now() - dt.timedelta(days=setting("HOTLINE_RECENT_DAYS"))
        tickets = Ticket.objects.filter(created_at__gte=since).exclude(status=TicketStatus.MERGED)
        if where.get("street"):
            tickets = tickets.filter(street=where["street"])
        elif where.get("district"):
            tickets = tickets.filter(district=where["district"])
        if where.get("lat") is not None:
            radius = Decimal(str(setting("HOTLINE_RECENT_RADIUS")))
            lat, long = where["lat"], where["long"]
            tickets = tickets.filter(
                lat__range=(lat - radius, lat + radius), long__range=(long - radius, long + radius)
            )
        rows = list(
            tickets.order_by("-created_at").values(
                "created_at", "status", "category__name", "street__name", "district__name"
            )[: setting("HOTLINE_RECENT_ROWS")]
        )
        for row in rows:
            row["status_label"] = TicketStatus(row["status"]).label
            row["place"] = row["street__name"] or row["district__name"] or ""
            row["day"] = timezone.localtime(row["created_at"]).date()
        return rows
