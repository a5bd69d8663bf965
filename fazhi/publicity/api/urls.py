from rest_framework.routers import SimpleRouter

from fazhi.publicity.api import views

router = SimpleRouter()
router.register("publicity/decisions", views.DecisionViewSet, basename="publicity-decision")
urlpatterns = router.urls
