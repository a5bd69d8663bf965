"""Portal pages of the credit platform's public face: the landing page, the search of organisations and an
organisation's disclosed records, report verification (open to anyone), and the subject's own reports (its linked
accounts). No page here ever shows a natural person: the search and the subject page are organisations only, the
verification page masks a person's name (``Subject.public_name``)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.casework.abuse import throttle
from fazhi.core.pdf import PDF_TYPE
from fazhi.core.views import LOGIN, PUBLIC, PageView, PlatformView
from fazhi.credit import access, clocks, reports, search
from fazhi.credit.forms_public import OwnReportForm, SubjectSearchForm, VerifyForm
from fazhi.credit.models import CreditReport

RECORDS_PAGE = 50

#: Pages of the other parts the landing page links to, by name; a name not (yet) defined is left out.
LANDING_LINKS = (
    ("credit:catalogue", gettext_lazy("The published catalogue of public credit information")),
    ("credit:lists", gettext_lazy("Lists and their published entry and exit conditions")),
    ("credit:measures", gettext_lazy("The application list of joint incentives and sanctions")),
    ("credit:verify", gettext_lazy("Verify a credit report")),
)


def optional_url(name: str, **kwargs: Any) -> str | None:
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


class HomeView(PageView):
    """What the platform is (上海市社会信用条例 第十一条), the search box, links to what is published."""

    access = PUBLIC
    template_name = "credit/public_home.html"
    title = gettext_lazy("Public credit information")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        links = [(url, label) for name, label in LANDING_LINKS if (url := optional_url(name))]
        context.update(form=SubjectSearchForm(), links=links, query_years=clocks.QUERY_YEARS)
        if self.request.user.is_authenticated:
            context["mine_url"] = optional_url("credit:mine")
            context["own_reports_url"] = reverse("credit:own_reports")
        return context


class SearchView(PageView):
    """Organisations by name, former name or code, each with its count of publicly disclosed records."""

    access = PUBLIC
    template_name = "credit/public_search.html"
    title = gettext_lazy("Search public credit information")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = SubjectSearchForm(self.request.GET or None)
        context["form"] = form
        if form.is_bound and form.is_valid():
            results = search.search(form.cleaned_data["q"], form.cleaned_data.get("page") or 1)
            context.update(
                results=results,
                querystring=urlencode({"q": results.query}),
                person_query=search.looks_like_id_number(results.query),
            )
        return context


class SubjectView(PageView):
    """An organisation and its publicly disclosed records; a natural person's key is a 404, like an unknown one."""

    access = PUBLIC
    template_name = "credit/public_subject.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        subject = search.public_subject(self.kwargs["key"])
        if subject is None:
            raise Http404
        context = super().get_context_data(**kwargs)
        page = Paginator(search.public_records(subject), RECORDS_PAGE).get_page(self.request.GET.get("page"))
        context.update(
            subject=subject,
            title=subject.public_name,
            former_names=list(subject.names.all()),
            page_obj=page,
            paginator=page.paginator,
            is_paginated=page.has_other_pages(),
        )
        return context


class VerifyView(PageView):
    """Anyone checks a report's code (GET ``?code=`` or the form) and may upload the PDF to compare its hash."""

    access = PUBLIC
    template_name = "credit/public_verify.html"
    title = gettext_lazy("Verify a credit report")

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if "code" not in request.GET:
            return self.render_to_response(self.get_context_data(form=VerifyForm()))
        return self._check(VerifyForm(request.GET))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self._check(VerifyForm(request.POST, request.FILES))

    def _check(self, form: VerifyForm) -> HttpResponse:
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        throttle(self.request, "credit.verify")  # guessing codes is slow anyway (~79 bits); this makes it slower
        result = reports.verify(form.cleaned_data["code"], form.cleaned_data.get("pdf"))
        status = 200 if result.report is not None and result.unaltered is not False else 404
        if result.report is not None and result.unaltered is False:
            status = 409  # a genuine code with altered bytes: the file is not the report
        return self.render_to_response(self.get_context_data(form=form, result=result, checked=True), status=status)


class OwnReportsView(PageView):
    """我的信用报告: the reports of the subjects this account acts for, and issuing a new one."""

    access = LOGIN
    template_name = "credit/public_own_reports.html"
    title = gettext_lazy("My credit reports")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        subjects = list(access.subjects_of(user))
        context.setdefault("form", OwnReportForm(user=user) if subjects else None)
        context.update(
            subjects=subjects,
            reports=list(reports.reports_for(user)[:200]),
            persons_quota=[(s, reports.next_free_own_report(s)) for s in subjects if s.is_person],
            free_per_year=clocks.OWN_REPORTS_PER_YEAR,
            mine_url=optional_url("credit:mine"),
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = OwnReportForm(request.POST, user=request.user)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        data = form.cleaned_data
        try:
            report = reports.issue_report(
                subject=data["subject"],
                kind=data["kind"],
                period_from=data["period_from"],
                period_to=data["period_to"],
                user=request.user,
                purpose=data.get("purpose", ""),
            )
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, exc.messages if isinstance(exc, ValidationError) else str(exc))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(
            request,
            _("Report %(code)s was issued. Anyone can verify it with this code.") % {"code": report.code},
        )
        return redirect(reverse("credit:own_reports") + f"#report-{report.pk}")


class ReportPdfView(PlatformView):
    """The PDF of a report, for the subject's accounts and the credit centre (anyone else: not found)."""

    access = LOGIN

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        report = CreditReport.objects.select_related("subject").filter(pk=self.kwargs["pk"]).first()
        if report is None or not reports.may_read(request.user, report):
            raise Http404
        response = HttpResponse(bytes(report.pdf), content_type=PDF_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{reports.pdf_filename(report)}"'
        return response
