from django.urls import path
from rest_framework.routers import SimpleRouter

from fazhi.credit.api import measures as views

router = SimpleRouter()
router.register("credit/measures", views.MeasureViewSet, basename="credit-measure")
urlpatterns = [
    path("credit/checks/", views.CheckView.as_view(), name="credit-check"),
    path("credit/checks/batch/", views.BatchCheckView.as_view(), name="credit-check-batch"),
]
