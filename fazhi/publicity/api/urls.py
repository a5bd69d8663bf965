from rest_framework.routers import SimpleRouter

from fazhi.publicity.api import views

router = SimpleRouter()
router.register("publicity/decisions", views.DecisionViewSet, basename="publicity-decision")
router.register("publicity/corrections", views.CorrectionViewSet, basename="publicity-correction")
urlpatterns = router.urls
