from django.urls import path

from fazhi.orgs import views

app_name = "orgs"
urlpatterns = [
    path("", views.OrganisationListView.as_view(), name="list"),
    path("<str:code>/", views.OrganisationDetailView.as_view(), name="detail"),
]
