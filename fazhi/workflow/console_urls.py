from django.urls import path

from fazhi.workflow import console_views as views

app_name = "workflow_console"
urlpatterns = [
    path("", views.ClockListView.as_view(), name="clocks"),
    path("<str:key>/", views.ClockEditView.as_view(), name="clock_edit"),
]
