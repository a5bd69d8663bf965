from django.urls import path

from fazhi.attachments import views

app_name = "attachments"
urlpatterns = [path("<uuid:uid>/", views.AttachmentDownloadView.as_view(), name="download")]
