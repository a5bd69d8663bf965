from django.urls import path

from fazhi.casework.api import views

urlpatterns = [
    path("my/matters/", views.MyMattersView.as_view(), name="my-matters"),
    path("matters/queue/", views.WorkQueueView.as_view(), name="matter-queue"),
    path("matters/<str:number>/", views.TrackView.as_view(), name="matter-track"),
]
