from django.urls import path
from rest_framework.routers import SimpleRouter

from fazhi.supervision.api import indicators, views
from fazhi.supervision.api.dashboard import DashboardAPIView

router = SimpleRouter()
router.register("measures", views.MeasureViewSet, basename="measure")
router.register("tasks", views.TaskViewSet, basename="task")
router.register("progress-reports", views.ProgressReportViewSet, basename="progressreport")
router.register("supervision-notices", views.SupervisionNoticeViewSet, basename="supervisionnotice")
router.register("alerts", views.AlertViewSet, basename="alert")
router.register("indicators", indicators.IndicatorViewSet, basename="indicator")
router.register("indicator-values", indicators.IndicatorValueViewSet, basename="indicatorvalue")
urlpatterns = [path("plan/", views.PlanView.as_view(), name="plan"), *router.urls]
urlpatterns += [
    path("indicator-formulas/", indicators.FormulaListView.as_view(), name="indicator-formulas"),
    path("scorecard/", indicators.ScorecardAPIView.as_view(), name="scorecard"),
]
urlpatterns += [path("supervision-dashboard/", DashboardAPIView.as_view(), name="supervision-dashboard")]
