from rest_framework.routers import SimpleRouter

from fazhi.penalties.api import views

router = SimpleRouter()
router.register("penalties/cases", views.PenaltyCaseViewSet, basename="penalty-case")
urlpatterns = router.urls
