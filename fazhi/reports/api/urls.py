from rest_framework.routers import SimpleRouter

from fazhi.reports.api import views

router = SimpleRouter()
router.register("report-selections", views.SelectionViewSet, basename="reportselection")
urlpatterns = router.urls
