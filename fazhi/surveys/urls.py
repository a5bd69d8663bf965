from django.urls import path

from fazhi.surveys import views

app_name = "surveys"
urlpatterns = [
    path("", views.SurveyListView.as_view(), name="list"),
    path("<int:pk>/", views.SurveyAnswerView.as_view(), name="answer"),
    path("t/<str:token>/", views.InvitationAnswerView.as_view(), name="answer_token"),
    path("thanks/", views.ThanksView.as_view(), name="thanks"),
]
