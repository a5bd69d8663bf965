from django.urls import path

from fazhi.hotline import console_views as views

app_name = "hotline_console"
urlpatterns = [
    path("", views.TicketListView.as_view(), name="list"),
    path("intake/", views.IntakeView.as_view(), name="intake"),
    path("export/", views.TicketExportView.as_view(), name="export"),
    path("<int:pk>/", views.TicketConsoleDetailView.as_view(), name="detail"),
    path("<int:pk>/steps/<slug:step>/", views.TicketStepView.as_view(), name="step"),
]
