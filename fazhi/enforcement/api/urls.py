from django.urls import path
from rest_framework.routers import SimpleRouter

from fazhi.enforcement.api import views

router = SimpleRouter()
router.register("enforcement/matters", views.MatterViewSet, basename="enforcement-matter")
router.register("enforcement/officers", views.OfficerViewSet, basename="enforcement-officer")
router.register("enforcement/standards", views.StandardViewSet, basename="enforcement-standard")
router.register("enforcement/lists", views.ListViewSet, basename="enforcement-list")
router.register("enforcement/reports", views.ReportViewSet, basename="enforcement-report")
urlpatterns = [
    path("enforcement/check/", views.CheckView.as_view(), name="enforcement-check"),
    path("enforcement/propose/", views.ProposeView.as_view(), name="enforcement-propose"),
    *router.urls,
]
