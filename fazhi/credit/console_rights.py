"""Staff console of the subject's rights: the centre's and the providers' queues of objections and repairs with
their steps, the records awaiting deletion after revocation (第三十七条), and linking an account to a subject."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.casework.services import history
from fazhi.core.views import STAFF, ObjectDetailView, ObjectListView, PageView, refuse_oversized
from fazhi.credit import rights
from fazhi.credit.choices import OBJECTION_CLOSED, REPAIR_CLOSED
from fazhi.credit.forms_rights import LinkAccountForm
from fazhi.credit.models import Objection, RepairApplication, SubjectAccount
from fazhi.workflow.console import StepView, step_offers

OPEN, CLOSED = "open", "closed"


class _Queue(ObjectListView):
    """``?state=open`` (the default) or ``closed``; the matters the user handles, the centre's staff all."""

    access = STAFF
    closed_states: frozenset[str]

    def get_queryset(self) -> Any:
        queryset = rights.staff_queue(self.model, self.request.user)  # type: ignore[arg-type]
        if self.request.GET.get("state") == CLOSED:
            return queryset.filter(status__in=self.closed_states).order_by("-closed_at", "-pk")
        return queryset.exclude(status__in=self.closed_states).order_by("due_at", "pk")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["state"] = CLOSED if self.request.GET.get("state") == CLOSED else OPEN
        return context


class ObjectionQueueView(_Queue):
    model = Objection
    template_name = "credit/rights_console_objections.html"
    title = gettext_lazy("Credit objections")
    closed_states = frozenset(OBJECTION_CLOSED)


class RepairQueueView(_Queue):
    model = RepairApplication
    template_name = "credit/rights_console_repairs.html"
    title = gettext_lazy("Credit repairs")
    closed_states = frozenset(REPAIR_CLOSED)


class _MatterConsoleView(ObjectDetailView):
    access = STAFF
    step_url: str

    def get_queryset(self) -> Any:
        return rights.staff_queue(self.model, self.request.user)  # type: ignore[arg-type]

    def get_title(self) -> Any:
        return self.object.tracking_number

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            steps=step_offers(self.object, self.request.user, self.step_url),
            events=history(self.object, for_submitter=False),
            record=self.object.record,
        )
        return context


class ObjectionConsoleView(_MatterConsoleView):
    model = Objection
    template_name = "credit/rights_console_objection.html"
    step_url = "credit_console:objection_step"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["deadlines"] = rights.objection_deadlines(self.object)
        return context


class RepairConsoleView(_MatterConsoleView):
    model = RepairApplication
    template_name = "credit/rights_console_repair.html"
    step_url = "credit_console:repair_step"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(files=list(rights.proof_files(self.object)), bodies=rights.bodies_concerned(self.object.record))
        return context


class ObjectionStepView(StepView):
    model = Objection
    access = STAFF

    def get_queryset(self) -> Any:
        return rights.staff_queue(Objection, self.request.user)

    def detail_url(self, obj: Any) -> str:
        return reverse("credit_console:objection", kwargs={"pk": obj.pk})


class RepairStepView(StepView):
    model = RepairApplication
    access = STAFF

    def get_queryset(self) -> Any:
        return rights.staff_queue(RepairApplication, self.request.user)

    def detail_url(self, obj: Any) -> str:
        return reverse("credit_console:repair", kwargs={"pk": obj.pk})


class DeletionQueueView(PageView):
    """Records whose underlying act was revoked (第三十七条): to be deleted within 3 工作日 of the provider's notice."""

    access = STAFF
    template_name = "credit/rights_console_deletions.html"
    title = gettext_lazy("Records to delete after revocation")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(records=list(rights.deletion_queue(self.request.user)[:500]), today=timezone.localdate())
        return context


class LinkAccountView(PageView):
    """The centre links an account to a subject after checking the person's identity (policy; audited)."""

    access = STAFF
    template_name = "credit/rights_console_link.html"
    title = gettext_lazy("Link an account to a credit subject")

    def check_access(self, request: HttpRequest) -> None:
        super().check_access(request)
        if not rights.may_link(request.user):
            raise PermissionDenied(_("Only the credit centre's staff link accounts to subjects."))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", LinkAccountForm())
        context["recent"] = SubjectAccount.objects.select_related("user", "subject", "verified_by").order_by(
            "-created_at"
        )[:20]
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = LinkAccountForm(request.POST)
        if refuse_oversized(request, form) or not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            link = rights.link_account(officer=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            if isinstance(exc, ValidationError):
                form.add_service_errors(exc)
            else:
                form.add_error(None, str(exc))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(
            request,
            _("%(user)s now acts for %(subject)s.") % {"user": link.user.username, "subject": link.subject.public_name},
        )
        return redirect("credit_console:link_account")
