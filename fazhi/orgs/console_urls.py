from django.urls import path

from fazhi.orgs import views

app_name = "orgs_console"
urlpatterns = [
    path("add/", views.OrganisationCreateView.as_view(), name="add"),
    path("<str:code>/edit/", views.OrganisationEditView.as_view(), name="edit"),
]
