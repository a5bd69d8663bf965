"""``/api/v1/credit/…`` of the public face: search, subjects, verification, reports, the centre's look-up."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from fazhi.credit.api import public

router = SimpleRouter()
urlpatterns = [
    path("credit/search/", public.SearchView.as_view(), name="credit-search"),
    path("credit/disclosed/<str:key>/", public.SubjectView.as_view(), name="credit-subject"),
    path("credit/verify/", public.VerifyView.as_view(), name="credit-verify"),
    path("credit/reports/", public.ReportListView.as_view(), name="credit-report-list"),
    path("credit/reports/<int:pk>/pdf/", public.ReportPdfView.as_view(), name="credit-report-pdf"),
    path("credit/lookup/", public.LookupView.as_view(), name="credit-lookup"),
]
