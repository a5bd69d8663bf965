"""The public face: landing page, search, an organisation's disclosed records, report verification, own reports."""

from django.urls import path

from fazhi.credit import views_public as views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("subjects/<str:key>/", views.SubjectView.as_view(), name="subject"),
    path("verify/", views.VerifyView.as_view(), name="verify"),
    path("my/reports/", views.OwnReportsView.as_view(), name="own_reports"),
    path("reports/<int:pk>/pdf/", views.ReportPdfView.as_view(), name="report_pdf"),
]
