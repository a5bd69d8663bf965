from django.urls import path
from rest_framework.routers import SimpleRouter

from fazhi.laws.api import views

router = SimpleRouter()
router.register("laws", views.WorkViewSet, basename="law")
router.register("law-versions", views.VersionViewSet, basename="lawversion")
router.register("law-cases", views.TypicalCaseViewSet, basename="lawcase")
router.register("interpretations", views.InterpretationViewSet, basename="interpretation")
router.register("must-know-lists", views.MustKnowListViewSet, basename="mustknowlist")
router.register("law-follows", views.FollowViewSet, basename="lawfollow")
urlpatterns = [
    path("law-search/", views.LawSearchView.as_view(), name="law-search"),
    path("citations/check/", views.CitationCheckView.as_view(), name="citation-check"),
    path("citations/resolve/", views.CitationResolveView.as_view(), name="citation-resolve"),
    *router.urls,
]
