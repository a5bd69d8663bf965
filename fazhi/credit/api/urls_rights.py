from rest_framework.routers import SimpleRouter

from fazhi.credit.api import rights as views

router = SimpleRouter()
router.register("credit/my-records", views.MyRecordViewSet, basename="credit-my-record")
router.register("credit/objections", views.ObjectionViewSet, basename="credit-objection")
router.register("credit/repairs", views.RepairViewSet, basename="credit-repair")
urlpatterns: list = []
