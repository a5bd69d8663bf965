from rest_framework.routers import SimpleRouter

from fazhi.suggestions.api import views

router = SimpleRouter()
router.register("suggestions", views.SuggestionViewSet, basename="suggestion")
router.register("solicitations", views.SolicitationViewSet, basename="solicitation")
urlpatterns = router.urls
