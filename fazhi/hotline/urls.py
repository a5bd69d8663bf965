from django.urls import path

from fazhi.hotline import photo_views, views

app_name = "hotline"
urlpatterns = [
    path("", views.SubmitView.as_view(), name="submit"),
    path("recent/", views.RecentView.as_view(), name="recent"),
    path("locate/", views.LocateView.as_view(), name="locate"),
    path("tickets/<str:number>/", views.TicketDetailView.as_view(), name="detail"),
    path("tickets/<str:number>/confirm/", views.ConfirmView.as_view(), name="confirm"),
    path("tickets/<str:number>/reopen/", views.ReopenView.as_view(), name="reopen"),
    path("tickets/<str:number>/photos/<uuid:uid>/", photo_views.TicketPhotoView.as_view(), name="photo"),
]
