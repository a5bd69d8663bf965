from rest_framework.routers import SimpleRouter

from fazhi.consultation.api import views

router = SimpleRouter()
router.register("consultations", views.ConsultationViewSet, basename="consultation")
router.register("consultation-articles", views.DraftArticleViewSet, basename="draftarticle")
router.register("consultation-comments", views.CommentViewSet, basename="consultationcomment")
urlpatterns = router.urls
