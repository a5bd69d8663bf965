"""The leaders' dashboard in the console: tables (and charts with ECharts), its Excel download.

Who: anyone who reads tasks and indicator values over a division (city, district, street) — leaders, evaluators
and the supervising office city-wide, a district's manager and staff for their district, a street's staff for
their street — through the same permission grants as the task list (``dashboard.dashboard_organisations``).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core.downloads import file_response
from fazhi.core.export import XLSX_TYPE
from fazhi.core.views import PageView, PlatformView
from fazhi.supervision.dashboard import (
    build_dashboard,
    dashboard_organisations,
    dashboard_workbook,
    organisation_choices,
    resolve_filters,
)


class _DashboardAccess(PlatformView):
    def check_access(self, request: HttpRequest) -> None:
        super().check_access(request)
        if not dashboard_organisations(request.user).exists():
            raise PermissionDenied(_("You do not have permission to do this."))


class DashboardView(_DashboardAccess, PageView):
    """``?organisation=310101&period=2025-Q2``; a bad filter is answered 400 with the form and its message."""

    template_name = "supervision/console/dashboard.html"
    title = gettext_lazy("Plan dashboard")

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        params = request.GET
        try:
            organisation, period = resolve_filters(request.user, params.get("organisation"), params.get("period"))
        except ValidationError as exc:
            context = self.get_context_data(
                errors=[m for messages in exc.message_dict.values() for m in messages],
                choices=organisation_choices(request.user, None),
                period_text=params.get("period", "")[:16],
                organisation_code=params.get("organisation", "")[:32],
            )
            return self.render_to_response(context, status=400)
        # a period never stored is computed in the background; the page says so rather than keeping the person waiting
        dashboard = build_dashboard(organisation=organisation, period=period, user=request.user, wait=False)
        return self.render_to_response(
            self.get_context_data(
                dashboard=dashboard,
                chart_data=dashboard.as_dict(),
                chart_labels={
                    "done": _("Done"),
                    "overdue": _("Overdue"),
                    "stalled": _("Stalled"),
                    "other": _("Under way, on schedule"),
                    "mean": _("Mean percent complete"),
                },
                choices=organisation_choices(request.user, organisation),
                period_text=str(period),
                defaulted=not (params.get("period") or "").strip(),
                organisation_code=organisation.code,
                querystring=f"organisation={organisation.code}&period={period}",
            )
        )


class DashboardExportView(_DashboardAccess):
    """The same figures as an Excel workbook, one sheet per table."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            organisation, period = resolve_filters(
                request.user, request.GET.get("organisation"), request.GET.get("period")
            )
        except ValidationError as exc:
            text = " ".join(m for messages in exc.message_dict.values() for m in messages)
            return HttpResponse(text, status=400, content_type="text/plain; charset=utf-8")
        dashboard = build_dashboard(organisation=organisation, period=period, user=request.user)
        return file_response(dashboard_workbook(dashboard), XLSX_TYPE, f"dashboard-{organisation.code}-{period}.xlsx")
