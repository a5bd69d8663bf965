from django.urls import path
from rest_framework.routers import SimpleRouter

from fazhi.supervision.api import views

router = SimpleRouter()
router.register("measures", views.MeasureViewSet, basename="measure")
router.register("tasks", views.TaskViewSet, basename="task")
router.register("progress-reports", views.ProgressReportViewSet, basename="progressreport")
router.register("supervision-notices", views.SupervisionNoticeViewSet, basename="supervisionnotice")
router.register("alerts", views.AlertViewSet, basename="alert")
urlpatterns = [path("plan/", views.PlanView.as_view(), name="plan"), *router.urls]
