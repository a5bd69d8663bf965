from django.urls import path

from fazhi.credit import console_records as views

urlpatterns: list = [
    path("lists/", views.PublicListsView.as_view(), name="lists"),
    path("catalogue/", views.PublicCatalogueView.as_view(), name="catalogue"),
]
