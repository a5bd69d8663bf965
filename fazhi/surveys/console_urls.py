from django.urls import path

from fazhi.surveys import console_views as views

app_name = "surveys_console"
urlpatterns = [
    path("", views.SurveyListView.as_view(), name="list"),
    path("add/", views.SurveyCreateView.as_view(), name="add"),
    path("<int:pk>/", views.SurveyDetailView.as_view(), name="survey"),
    path("<int:pk>/edit/", views.SurveyEditView.as_view(), name="edit"),
    path("<int:pk>/preview/", views.SurveyPreviewView.as_view(), name="preview"),
    path("<int:pk>/open/", views.SurveyOpenView.as_view(), name="open"),
    path("<int:pk>/close/", views.SurveyCloseView.as_view(), name="close"),
    path("<int:pk>/reopen/", views.SurveyReopenView.as_view(), name="reopen"),
    path("<int:pk>/questions/add/", views.QuestionCreateView.as_view(), name="question_add"),
    path("questions/<int:pk>/edit/", views.QuestionEditView.as_view(), name="question_edit"),
    path("questions/<int:pk>/delete/", views.QuestionDeleteView.as_view(), name="question_delete"),
    path("<int:pk>/invite/", views.InviteView.as_view(), name="invite"),
    path("<int:pk>/results/", views.ResultsView.as_view(), name="results"),
    path("<int:pk>/export.xlsx", views.ExportView.as_view(fmt="xlsx"), name="export_xlsx"),
    path("<int:pk>/export.csv", views.ExportView.as_view(fmt="csv"), name="export_csv"),
]
