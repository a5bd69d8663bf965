from django.urls import path

from fazhi.suggestions import console_views as views

app_name = "suggestions_console"
urlpatterns = [
    path("", views.SuggestionListView.as_view(), name="list"),
    path("export/", views.SuggestionExportView.as_view(), name="export"),
    path("<int:pk>/", views.SuggestionDetailView.as_view(), name="detail"),
    path("<int:pk>/steps/<slug:step>/", views.SuggestionStepView.as_view(), name="step"),
    path("solicitations/", views.SolicitationListView.as_view(), name="solicitations"),
    path("solicitations/add/", views.SolicitationCreateView.as_view(), name="solicitation_add"),
    path("solicitations/<int:pk>/", views.SolicitationDetailView.as_view(), name="solicitation"),
    path("solicitations/<int:pk>/edit/", views.SolicitationEditView.as_view(), name="solicitation_edit"),
    path("solicitations/<int:pk>/feedback/", views.FeedbackView.as_view(), name="solicitation_feedback"),
]
