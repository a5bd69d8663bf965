from rest_framework.routers import SimpleRouter

from fazhi.credit.api import records

router = SimpleRouter()
router.register("credit/catalogue", records.CatalogueViewSet, basename="credit-catalogue-item")
router.register("credit/subjects", records.SubjectViewSet, basename="credit-subject")
router.register("credit/records", records.RecordViewSet, basename="credit-record")
urlpatterns: list = []
