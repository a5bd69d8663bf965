from django.urls import path

from fazhi.audit import views

app_name = "audit_console"
urlpatterns = [
    path("", views.AuditEntryListView.as_view(), name="list"),
    path("verify/", views.AuditVerifyView.as_view(), name="verify"),
    path("<int:seq>/", views.AuditEntryDetailView.as_view(), name="detail"),
]
