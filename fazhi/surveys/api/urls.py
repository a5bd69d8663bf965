from django.urls import path
from rest_framework.routers import SimpleRouter

from fazhi.surveys.api import views

router = SimpleRouter()
router.register("surveys/questions", views.QuestionViewSet, basename="survey-question")
router.register("surveys/responses", views.ResponseViewSet, basename="survey-response")
router.register("surveys", views.SurveyViewSet, basename="survey")
urlpatterns = [
    path("surveys/invitations/<str:token>/", views.InvitationView.as_view(), name="survey-invitation"),
    *router.urls,
]
