"""Staff console: the ticket list, one ticket with its actions and proposed duplicates, the operator's intake."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.casework.services import history
from fazhi.core.permissions import ADD, CHANGE, VIEW
from fazhi.core.views import ObjectDetailView, ObjectListView, PolicyMixin, TableExportView
from fazhi.hotline.choices import Channel
from fazhi.hotline.export import TICKETS_EXPORT
from fazhi.hotline.filtersets import TicketFilterSet
from fazhi.hotline.forms import IntakeForm
from fazhi.hotline.models import Ticket
from fazhi.hotline.services import candidates_for, dispatch_suggestions, links_of, ticket_photos
from fazhi.hotline.views import KeepsPhotos, submit_from_form
from fazhi.workflow.console import StepView, step_offers
from fazhi.workflow.declaration import workflow_of
from fazhi.workflow.engine import may_take


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
        workflow = workflow_of(ticket)
        dispatch_step = workflow.step("dispatch")
        return super().get_context_data(
            may_handle=may_handle,
            events=history(ticket, for_submitter=False),
            photos=ticket_photos(ticket),
            dispatches=ticket.dispatches.select_related("from_organisation", "to_organisation", "created_by"),
            links=[link.second if link.first_id == ticket.pk else link.first for link in links_of(ticket)],
            merged=ticket.merged.all(),
            candidates=candidates_for(ticket, user=user) if may_handle and ticket.closed_at is None else [],
            steps=step_offers(ticket, user, "hotline_console:step"),
            # the proposed duplicates' buttons: merge one into this ticket (its own step), or link it to this one
            may_link=may_take(workflow, workflow.step("link"), ticket, user),
            # the working departments linked to the ticket's category, its district's first
            suggested=dispatch_suggestions(ticket) if may_take(workflow, dispatch_step, ticket, user) else [],
            **kwargs,
        )


class IntakeView(PolicyMixin, KeepsPhotos):
    """An operator registers a phone call (送达 the ticket as the caller told it)."""

    model = Ticket
    action = ADD
    template_name = "hotline/console/intake.html"
    form_class = IntakeForm
    title = gettext_lazy("Register a phone call")

    def form_valid(self, form: IntakeForm) -> HttpResponse:
        ticket = submit_from_form(self.request, form, channel=Channel.PHONE, submitter=None, kept=self.kept_photos())
        if ticket is None:
            return self.form_invalid(form)
        self.photos_saved()
        messages.success(
            self.request,
            _("Ticket %(number)s registered: tell the caller this number.") % {"number": ticket.tracking_number},
        )
        if Ticket.policy.allows(self.request.user, VIEW, ticket):
            return redirect(ticket.get_console_url())
        return redirect("hotline_console:intake")


class TicketStepView(StepView):
    """POST one step's form (declared in hotline/workflow.py); refusals come back as messages on the ticket's page.

    A ticket dispatched out of the user's reach leads back to the list; ``next`` (a console page of the hotline)
    brings the user back where the step was offered, e.g. merging a proposed duplicate from the ticket it
    duplicates."""

    model = Ticket

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        wanted = request.POST.get("next", "")
        if wanted.startswith(reverse("hotline_console:list")) and url_has_allowed_host_and_scheme(
            wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return redirect(wanted)
        if not Ticket.objects.restrict(request.user, VIEW).filter(pk=kwargs["pk"]).exists():
            return redirect("hotline_console:list")
        return response

    def detail_url(self, obj: Ticket) -> str:
        return obj.get_console_url()
