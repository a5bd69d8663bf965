from django.urls import path

from fazhi.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.NotificationListView.as_view(), name="list"),
    path("read-all/", views.NotificationReadAllView.as_view(), name="read_all"),
    path("<int:pk>/open/", views.NotificationOpenView.as_view(), name="open"),
]
