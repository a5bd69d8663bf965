from rest_framework.routers import SimpleRouter

from fazhi.hotline.api import views

router = SimpleRouter()
router.register("hotline/categories", views.ServiceCategoryViewSet, basename="hotline-category")
router.register("tickets", views.TicketViewSet, basename="hotline-ticket")
urlpatterns = router.urls
