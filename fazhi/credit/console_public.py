"""Staff console of the public side: the credit centre looks up a subject's records for a stated purpose (every
look logged, 上海市社会信用条例 第三十四条) and issues reports on any subject. Other staff: refused."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core.views import STAFF, PageView
from fazhi.credit import access, reports
from fazhi.credit.choices import QueryChannel
from fazhi.credit.forms_public import LookupForm, StaffReportForm
from fazhi.credit.models import CreditReport
from fazhi.credit.subjects import find_subject


class _CentreOnly(PageView):
    access = STAFF
    permission: ClassVar[str] = reports.LOOKUP_PERMISSION

    def check_access(self, request: HttpRequest) -> None:
        super().check_access(request)
        if not access.is_centre_staff(request.user, self.permission):
            raise PermissionDenied(_("This page is for the credit centre's staff."))


class LookupView(_CentreOnly):
    """A subject's records by code or ID number: the purpose is required, the look is logged with what was seen."""

    template_name = "credit/public_console_lookup.html"
    title = gettext_lazy("Look up a subject's credit records")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", LookupForm())
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = LookupForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            found = reports.lookup(
                identifier=form.cleaned_data["identifier"],
                user=request.user,
                purpose=form.cleaned_data["purpose"],
                channel=QueryChannel.CONSOLE,
            )
        except ValidationError as exc:
            # a fresh form keeps the purpose but not the identifier: nothing typed about a person stays on the page
            fresh = LookupForm(initial={"purpose": form.cleaned_data["purpose"]})
            return self.render_to_response(self.get_context_data(form=fresh, refusal=exc.messages), status=404)
        # the form comes back empty: the identifier is not kept in the page after the look
        return self.render_to_response(self.get_context_data(form=LookupForm(), found=found))


class ReportsView(_CentreOnly):
    """Reports issued lately, and issuing one on any subject for a stated purpose (logged)."""

    permission = reports.ISSUE_PERMISSION
    template_name = "credit/public_console_reports.html"
    title = gettext_lazy("Credit reports")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", StaffReportForm())
        context["reports"] = CreditReport.objects.select_related("subject").defer("pdf").order_by("-issued_at")[:100]
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = StaffReportForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        data = form.cleaned_data
        subject = find_subject(data["identifier"])
        if subject is None:
            form.add_error("identifier", _("No subject has this identifier, or it is not a valid code or ID number."))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            report = reports.issue_report(
                subject=subject,
                kind=data["kind"],
                period_from=data["period_from"],
                period_to=data["period_to"],
                user=request.user,
                purpose=data["purpose"],
            )
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, exc.messages if isinstance(exc, ValidationError) else str(exc))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(request, _("Report %(code)s was issued.") % {"code": report.code})
        return redirect(reverse("credit_console:reports") + f"#report-{report.pk}")
