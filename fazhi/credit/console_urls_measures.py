from django.urls import path

from fazhi.credit import console_measures as views

urlpatterns = [
    path("measures/", views.MeasureListView.as_view(), name="measures"),
    path("measures/new/", views.MeasureCreateView.as_view(), name="measure_new"),
    path("measures/<int:pk>/edit/", views.MeasureEditView.as_view(), name="measure_edit"),
    path("measures/<int:pk>/publish/", views.MeasurePublishView.as_view(), name="measure_publish"),
    path("check/", views.CheckView.as_view(), name="check"),
    path("check/batch/", views.BatchCheckView.as_view(), name="check_batch"),
]
