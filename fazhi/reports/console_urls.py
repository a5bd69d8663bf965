from django.urls import path

from fazhi.reports import console_views as views

app_name = "reports_console"
urlpatterns = [
    path("whitepaper/", views.WhitepaperView.as_view(), name="whitepaper"),
    path("whitepaper/download/", views.WhitepaperDownloadView.as_view(), name="whitepaper_download"),
    path("selections/", views.SelectionListView.as_view(), name="selections"),
    path("selections/add/", views.SelectionCreateView.as_view(), name="selection_add"),
    path("selections/<int:pk>/edit/", views.SelectionEditView.as_view(), name="selection_edit"),
    path("selections/<int:pk>/move/", views.SelectionMoveView.as_view(), name="selection_move"),
    path("selections/<int:pk>/delete/", views.SelectionDeleteView.as_view(), name="selection_delete"),
]
