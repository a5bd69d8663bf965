from django.urls import path

from fazhi.hotline import console_views as views

app_name = "hotline_console"
urlpatterns = [
    path("", views.TicketListView.as_view(), name="list"),
    path("intake/", views.IntakeView.as_view(), name="intake"),
    path("export/", views.TicketExportView.as_view(), name="export"),
    path("<int:pk>/", views.TicketConsoleDetailView.as_view(), name="detail"),
    path("<int:pk>/reply/", views.ReplyView.as_view(), name="reply"),
    path("<int:pk>/dispatch/", views.DispatchView.as_view(), name="dispatch"),
    path("<int:pk>/link/", views.LinkView.as_view(), name="link"),
    path("<int:pk>/merge/", views.MergeView.as_view(), name="merge"),
]
