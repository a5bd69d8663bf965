from django.urls import path

from fazhi.credit import views_measures as views

urlpatterns = [
    path("measures/", views.PublishedMeasuresView.as_view(), name="measures"),
]
