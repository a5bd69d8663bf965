from django.urls import path

from fazhi.penalties import views

app_name = "penalties"
urlpatterns = [path("", views.CaseRatingView.as_view(), name="rate")]
