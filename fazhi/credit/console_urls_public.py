"""The credit centre's look-up and reports."""

from django.urls import path

from fazhi.credit import console_public as views

urlpatterns = [
    path("lookup/", views.LookupView.as_view(), name="lookup"),
    path("reports/", views.ReportsView.as_view(), name="reports"),
]
