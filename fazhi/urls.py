"""URL map: portal at /, staff console at /console/, REST API at /api/v1/ (see docs/architecture.md)."""

from csp.decorators import csp_replace
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularRedocView, SpectacularSwaggerView

from fazhi.platform import views as portal

# The third-party API documentation pages start themselves with an inline script and style their widgets inline:
# only these two pages allow that (docs/deploy.md, "Browser protections").
API_DOCS_CSP = {
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "worker-src": ["'self'", "blob:"],
}

api_v1 = [
    path("", include("fazhi.orgs.api.urls")),
    path("", include("fazhi.accounts.api.urls")),
    path("", include("fazhi.audit.api.urls")),
    path("", include("fazhi.attachments.api.urls")),
    path("", include("fazhi.notifications.api.urls")),
    path("", include("fazhi.casework.api.urls")),
    path("", include("fazhi.laws.api.urls")),
    path("", include("fazhi.supervision.api.urls")),
    path("", include("fazhi.consultation.api.urls")),
    path("", include("fazhi.surveys.api.urls")),
    path("", include("fazhi.hotline.api.urls")),
    path("", include("fazhi.enforcement.api.urls")),
    path("", include("fazhi.penalties.api.urls")),
    path("", include("fazhi.suggestions.api.urls")),
    path("", include("fazhi.publicity.api.urls")),
    path("", include("fazhi.credit.api.urls")),
    path("", include("fazhi.reports.api.urls")),
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="openapi"),
    path("docs/", csp_replace(API_DOCS_CSP)(SpectacularSwaggerView.as_view(url_name="api:openapi")), name="docs"),
    path("redoc/", csp_replace(API_DOCS_CSP)(SpectacularRedocView.as_view(url_name="api:openapi")), name="redoc"),
]

urlpatterns = [
    path(
        "",
        include(
            (
                [
                    path("", portal.HomeView.as_view(), name="home"),
                    path("welcome/", portal.LandingView.as_view(), name="landing"),
                ],
                "portal",
            )
        ),
    ),
    path("orgs/", include("fazhi.orgs.urls")),
    path("accounts/", include("fazhi.accounts.urls")),
    path("notifications/", include("fazhi.notifications.urls")),
    path("files/", include("fazhi.attachments.urls")),
    path("my/matters/", include("fazhi.casework.urls")),
    path("laws/", include("fazhi.laws.urls")),
    path("plan/", include("fazhi.supervision.urls")),
    path("consultations/", include("fazhi.consultation.urls")),
    path("surveys/", include("fazhi.surveys.urls")),
    path("hotline/", include("fazhi.hotline.urls")),
    path("enforcement/rate-case/", include("fazhi.penalties.urls")),
    path("enforcement/", include("fazhi.enforcement.urls")),
    path("suggestions/", include("fazhi.suggestions.urls")),
    path("decisions/", include("fazhi.publicity.urls")),
    path("credit/", include("fazhi.credit.urls")),
    path("open311/", include("fazhi.hotline.open311_urls")),
    path("console/", include(([path("", portal.ConsoleHomeView.as_view(), name="home")], "console"))),
    path("console/orgs/", include("fazhi.orgs.console_urls")),
    path("console/people/", include("fazhi.accounts.console_urls")),
    path("console/audit/", include("fazhi.audit.console_urls")),
    path("console/files/", include("fazhi.attachments.console_urls")),
    path("console/matters/", include("fazhi.casework.console_urls")),
    path("console/time-limits/", include("fazhi.workflow.console_urls")),
    path("console/laws/", include("fazhi.laws.console_urls")),
    path("console/supervision/", include("fazhi.supervision.console_urls")),
    path("console/consultation/", include("fazhi.consultation.console_urls")),
    path("console/surveys/", include("fazhi.surveys.console_urls")),
    path("console/hotline/", include("fazhi.hotline.console_urls")),
    path("console/enforcement/", include("fazhi.enforcement.console_urls")),
    path("console/penalties/", include("fazhi.penalties.console_urls")),
    path("console/suggestions/", include("fazhi.suggestions.console_urls")),
    path("console/publicity/", include("fazhi.publicity.console_urls")),
    path("console/credit/", include("fazhi.credit.console_urls")),
    path("console/reports/", include("fazhi.reports.console_urls")),
    path("api/v1/", include((api_v1, "api"))),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
