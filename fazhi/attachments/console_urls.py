from django.urls import path

from fazhi.attachments import views

app_name = "attachments_console"
urlpatterns = [
    path("upload/<str:target_type>/<str:target_id>/", views.AttachmentUploadView.as_view(), name="upload"),
    path("<uuid:uid>/delete/", views.AttachmentDeleteView.as_view(), name="delete"),
]
