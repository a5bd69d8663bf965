from django.urls import path

from fazhi.credit import console_records as views

urlpatterns: list = [
    path("records/", views.RecordListView.as_view(), name="records"),
    path("records/<int:pk>/", views.RecordDetailView.as_view(), name="record"),
    path("records/<int:pk>/delete/", views.RecordDeleteView.as_view(), name="record_delete"),
    path("records/import/", views.ImportView.as_view(), name="import"),
    path("catalogue/", views.CatalogueListView.as_view(), name="catalogues"),
    path("catalogue/<int:pk>/", views.CatalogueDetailView.as_view(), name="catalogue"),
    path("catalogue/<int:pk>/<slug:action>/", views.CatalogueActionView.as_view(), name="catalogue_action"),
    path("subjects/", views.SubjectListView.as_view(), name="subjects"),
    path("subjects/<int:pk>/", views.SubjectDetailView.as_view(), name="subject_detail"),
    path("pilot-codes/", views.PilotCodeView.as_view(), name="pilot_codes"),
    path("lists/", views.ListsConsoleView.as_view(), name="lists"),
    path("lists/<int:pk>/", views.ListConsoleView.as_view(), name="list"),
    path("lists/entries/<int:pk>/exit/", views.ListExitView.as_view(), name="list_exit"),
    path("commitments/", views.CommitmentsView.as_view(), name="commitments"),
    path("commitments/<int:pk>/assess/", views.CommitmentAssessView.as_view(), name="commitment_assess"),
]
