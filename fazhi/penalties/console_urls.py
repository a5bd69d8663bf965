from django.urls import path

from fazhi.penalties import console_views as views

app_name = "penalties_console"
urlpatterns = [
    path("", views.CaseListView.as_view(), name="list"),
    path("file/", views.CaseFileView.as_view(), name="file"),
    path("<int:pk>/", views.CaseDetailView.as_view(), name="detail"),
    path("<int:pk>/evidence/", views.EvidenceView.as_view(), name="evidence"),
    path("<int:pk>/steps/<slug:step>/", views.CaseStepView.as_view(), name="step"),
]
