"""Staff console: the ticket list, one ticket with its actions and proposed duplicates, the operator's intake."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from fazhi.casework.services import history
from fazhi.core.permissions import ADD, CHANGE, VIEW
from fazhi.core.views import ObjectDetailView, ObjectListView, PlatformView, PolicyMixin, TableExportView
from fazhi.hotline.choices import AWAITING_REPLY, Channel
from fazhi.hotline.export import TICKETS_EXPORT
from fazhi.hotline.filtersets import TicketFilterSet
from fazhi.hotline.forms import DispatchForm, IntakeForm, RelateForm, ReplyForm
from fazhi.hotline.models import Ticket
from fazhi.hotline.services import (
    candidates_for,
    links_of,
    ticket_dispatch,
    ticket_link,
    ticket_merge,
    ticket_photos,
    ticket_reply,
)
from fazhi.hotline.views import submit_from_form


class TicketListView(ObjectListView):
    model = Ticket
    filterset_class = TicketFilterSet
    template_name = "hotline/console/list.html"
    title = gettext_lazy("Hotline tickets")

    def get_queryset(self):
        return super().get_queryset().select_related("category", "organisation").defer("contact_name", "contact_phone")


class TicketExportView(TableExportView):
    """The list's tickets with its current filters, as Excel (``?as=xlsx``, the default) or CSV (``?as=csv``);
    contact details masked, the export audited."""

    model = Ticket
    filterset_class = TicketFilterSet
    export = TICKETS_EXPORT


class TicketConsoleDetailView(ObjectDetailView):
    model = Ticket
    template_name = "hotline/console/detail.html"

    def get_title(self) -> Any:
        return _("Hotline ticket %(number)s") % {"number": self.object.tracking_number}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ticket, user = self.object, self.request.user
        may_handle = Ticket.policy.allows(user, CHANGE, ticket)
        return super().get_context_data(
            may_handle=may_handle,
            awaiting_reply=ticket.status in AWAITING_REPLY,
            events=history(ticket, for_submitter=False),
            photos=ticket_photos(ticket),
            dispatches=ticket.dispatches.select_related("from_organisation", "to_organisation", "created_by"),
            links=[link.second if link.first_id == ticket.pk else link.first for link in links_of(ticket)],
            merged=ticket.merged.all(),
            candidates=candidates_for(ticket, user=user) if may_handle and ticket.closed_at is None else [],
            reply_form=ReplyForm(),
            dispatch_form=DispatchForm(),
            relate_form=RelateForm(),
            **kwargs,
        )


class IntakeView(PolicyMixin, FormView):
    """An operator registers a phone call (送达 the ticket as the caller told it)."""

    model = Ticket
    action = ADD
    template_name = "hotline/console/intake.html"
    form_class = IntakeForm
    title = gettext_lazy("Register a phone call")

    def form_valid(self, form: IntakeForm) -> HttpResponse:
        ticket = submit_from_form(self.request, form, channel=Channel.PHONE, submitter=None)
        if ticket is None:
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Ticket %(number)s registered: tell the caller this number.") % {"number": ticket.tracking_number},
        )
        if Ticket.policy.allows(self.request.user, VIEW, ticket):
            return redirect(ticket.get_console_url())
        return redirect("hotline_console:intake")


class _TicketActionView(PlatformView):
    """POST one step on a ticket the user may see; a refusal comes back as a message on the ticket's page."""

    http_method_names = ["post"]
    form_class: type

    def act(self, ticket: Ticket, data: dict[str, Any]) -> str:
        raise NotImplementedError

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        ticket = Ticket.objects.restrict(request.user, VIEW).filter(pk=kwargs["pk"]).first()
        if ticket is None:
            raise Http404
        form = self.form_class(request.POST)
        if not form.is_valid():
            for field, errors in form.errors.items():
                label = form.fields[field].label if field in form.fields else ""
                for error in errors:
                    messages.error(request, f"{label}: {error}" if label else error)
            return redirect(ticket.get_console_url())
        try:
            messages.success(request, self.act(ticket, form.cleaned_data))
        except (ValidationError, PermissionDenied) as exc:
            for text in exc.messages if isinstance(exc, ValidationError) else [str(exc)]:
                messages.error(request, text)
        if Ticket.objects.restrict(request.user, VIEW).filter(pk=ticket.pk).exists():
            return redirect(ticket.get_console_url())
        return redirect("hotline_console:list")  # dispatched out of the user's scope

    def other(self, number: str) -> Ticket:
        other = Ticket.objects.restrict(self.request.user, VIEW).filter(tracking_number=number.strip().upper()).first()
        if other is None:
            raise ValidationError(_("No ticket %(number)s that you may see.") % {"number": number})
        return other


class ReplyView(_TicketActionView):
    form_class = ReplyForm

    def act(self, ticket: Ticket, data: dict[str, Any]) -> str:
        ticket_reply(ticket=ticket, user=self.request.user, text=data["text"])
        return _("Reply sent.")


class DispatchView(_TicketActionView):
    form_class = DispatchForm

    def act(self, ticket: Ticket, data: dict[str, Any]) -> str:
        ticket_dispatch(ticket=ticket, organisation=data["organisation"], user=self.request.user, reason=data["reason"])
        return _("Dispatched to %(org)s.") % {"org": data["organisation"]}


class LinkView(_TicketActionView):
    form_class = RelateForm

    def act(self, ticket: Ticket, data: dict[str, Any]) -> str:
        other = self.other(data["other"])
        ticket_link(ticket=ticket, other=other, user=self.request.user, note=data["note"])
        return _("Linked with %(number)s.") % {"number": other.tracking_number}


class MergeView(_TicketActionView):
    """Merge the other ticket (a duplicate) into this one."""

    form_class = RelateForm

    def act(self, ticket: Ticket, data: dict[str, Any]) -> str:
        other = self.other(data["other"])
        ticket_merge(duplicate=other, into=ticket, user=self.request.user)
        return _("%(number)s merged into this ticket; its reporter will hear the outcome.") % {
            "number": other.tracking_number
        }
