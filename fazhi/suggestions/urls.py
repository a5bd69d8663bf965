from django.urls import path

from fazhi.suggestions import views

app_name = "suggestions"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("submit/", views.SubmitView.as_view(), name="submit"),
    path("submitted/<str:number>/", views.SubmittedView.as_view(), name="submitted"),
    path("solicitations/", views.SolicitationListView.as_view(), name="solicitations"),
    path("solicitations/<int:pk>/", views.SolicitationDetailView.as_view(), name="solicitation"),
    path("solicitations/<int:pk>/submit/", views.SolicitationSubmitView.as_view(), name="solicitation_submit"),
    path("answered/", views.PublishedListView.as_view(), name="published"),
    path("answered/<str:number>/", views.PublishedDetailView.as_view(), name="published_detail"),
    path("answered/<str:number>/rate/", views.PublishedEvaluateView.as_view(), name="published_evaluate"),
    path("mine/<str:number>/", views.MySuggestionView.as_view(), name="mine"),
]
