from django.urls import path
from rest_framework.routers import SimpleRouter

from fazhi.supervision.api import views

router = SimpleRouter()
router.register("measures", views.MeasureViewSet, basename="measure")
router.register("tasks", views.TaskViewSet, basename="task")
urlpatterns = [path("plan/", views.PlanView.as_view(), name="plan"), *router.urls]
