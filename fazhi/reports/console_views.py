"""Staff console: the white paper download, and the typical cases and good practices selected for it."""

from __future__ import annotations

import logging
import time
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core.downloads import file_response
from fazhi.core.pdf import PDF_TYPE
from fazhi.core.permissions import ADD, CHANGE, VIEW, policy_of
from fazhi.core.views import (
    ObjectCreateView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    PageView,
    ServiceSaveMixin,
)
from fazhi.reports.choices import ReportFormat, SelectionKind
from fazhi.reports.filtersets import SelectionFilterSet
from fazhi.reports.forms import SelectionForm, WhitepaperForm
from fazhi.reports.models import Selection
from fazhi.reports.services import selection_delete, selection_move, selection_save
from fazhi.reports.whitepaper import render_html, render_pdf

log = logging.getLogger(__name__)


class _CityWideReaders(PageView):
    """Pages about the whole city's report: for staff who read the selections city-wide."""

    def check_access(self, request: HttpRequest) -> None:
        super().check_access(request)
        if not policy_of(Selection).allows(request.user, VIEW):
            raise PermissionDenied(_("The white paper is for staff whose role covers the whole city."))


class WhitepaperView(_CityWideReaders):
    template_name = "reports/console/whitepaper.html"
    title = gettext_lazy("White paper")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        form = kwargs.pop("form", None) or WhitepaperForm(self.request.GET or None)
        year = form.cleaned_data["year"] if form.is_bound and form.is_valid() else form.fields["year"].initial
        selections = Selection.objects.restrict(self.request.user).filter(year=year)
        return super().get_context_data(
            form=form,
            year=year,
            cases=selections.filter(kind=SelectionKind.CASE).count(),
            practices=selections.filter(kind=SelectionKind.PRACTICE).count(),
            can_select=policy_of(Selection).allows(self.request.user, ADD),
            **kwargs,
        )


class WhitepaperDownloadView(WhitepaperView):
    """``?year=2025&format=pdf|html``: the white paper as a file. Bad input: the form page with the error, 400."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = WhitepaperForm(request.GET)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        year, kind = form.cleaned_data["year"], form.cleaned_data["format"]
        started = time.perf_counter()
        try:
            if kind == ReportFormat.HTML:
                content, content_type = render_html(year).encode(), "text/html; charset=utf-8"
            else:
                content, content_type = render_pdf(year), PDF_TYPE
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        log.info("white paper %s (%s) generated in %.1f s", year, kind, time.perf_counter() - started)
        response = file_response(content, content_type, f"whitepaper-{year}.{kind}")
        if kind == ReportFormat.HTML:
            # A self-contained document (its styles inline, charts as inline SVG): no script, nothing fetched.
            response["Content-Security-Policy"] = (
                "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"
            )
        return response


class SelectionListView(ObjectListView):
    model = Selection
    queryset = Selection.objects.select_related("case", "organisation", "measure")
    filterset_class = SelectionFilterSet
    template_name = "reports/console/selection_list.html"
    results_template_name = "reports/console/_selection_results.html"
    title = gettext_lazy("White paper selections")
    paginate_by = 100

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        return super().get_context_data(
            can_add=policy_of(Selection).allows(user, ADD),
            can_change=policy_of(Selection).allows(user, CHANGE),
            **kwargs,
        )


class _SelectionSave(ServiceSaveMixin):
    model = Selection
    form_class = SelectionForm
    template_name = "core/object_form.html"
    saved_message = gettext_lazy("Selection saved.")
    service_refusals = True

    def save_through_service(self, form: SelectionForm) -> Selection:
        return selection_save(selection=form.save(commit=False), user=self.request.user)

    def saved_url(self, saved: Selection) -> str:
        return f"{reverse('reports_console:selections')}?year={saved.year}"


class SelectionCreateView(_SelectionSave, ObjectCreateView):
    title = gettext_lazy("Select for the white paper")

    def get_initial(self) -> dict[str, Any]:
        initial: dict[str, Any] = {"kind": SelectionKind.PRACTICE}
        for name in ("year", "kind", "case"):
            value = self.request.GET.get(name, "")
            if value.isdigit() or value in SelectionKind.values:
                initial[name] = value
        return initial


class SelectionEditView(_SelectionSave, ObjectEditView):
    pass


class SelectionMoveView(ObjectDetailView):
    """POST ``direction=up|down``."""

    model = Selection
    action = CHANGE
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        selection = self.get_object()
        direction = request.POST.get("direction")
        if direction not in ("up", "down"):
            messages.error(request, _("Say whether to move the selection up or down."))
        else:
            selection_move(selection=selection, offset=-1 if direction == "up" else 1, user=request.user)
        return redirect(f"{reverse('reports_console:selections')}?year={selection.year}")


class SelectionDeleteView(ObjectDetailView):
    """Removing a selection changes the report's contents: the right to change selections is enough."""

    model = Selection
    action = CHANGE
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        selection = self.get_object()
        year = selection.year
        selection_delete(selection=selection, user=request.user)
        messages.success(request, _("Selection removed."))
        return redirect(f"{reverse('reports_console:selections')}?year={year}")
