from django.urls import path

from fazhi.consultation import views

app_name = "consultation"
urlpatterns = [
    path("", views.ConsultationListView.as_view(), name="list"),
    path("<int:pk>/", views.ConsultationDetailView.as_view(), name="detail"),
    path("<int:pk>/comment/", views.CommentSubmitView.as_view(), name="comment"),
]
