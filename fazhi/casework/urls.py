from django.urls import path

from fazhi.casework import views

app_name = "casework"
urlpatterns = [
    path("", views.MyMattersView.as_view(), name="mine"),
    path("track/", views.TrackView.as_view(), name="track"),
]
