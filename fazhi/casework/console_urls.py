from django.urls import path

from fazhi.casework import console_views as views

app_name = "casework_console"
urlpatterns = [
    path("queue/", views.QueueView.as_view(), name="queue"),
    path("moderation/", views.ModerationQueueView.as_view(), name="moderation"),
    path("moderation/<str:kind>/<int:pk>/", views.ModerateView.as_view(), name="moderate"),
    path("words/", views.WordListView.as_view(), name="words"),
    path("words/add/", views.WordAddView.as_view(), name="word_add"),
    path("words/<int:pk>/", views.WordEditView.as_view(), name="word_edit"),
    path("words/<int:pk>/delete/", views.WordDeleteView.as_view(), name="word_delete"),
]
