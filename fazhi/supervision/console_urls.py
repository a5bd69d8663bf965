from django.urls import path

from fazhi.supervision import console_views as views
from fazhi.supervision import indicator_views

app_name = "supervision_console"
urlpatterns = [
    path("tasks/", views.TaskListView.as_view(), name="tasks"),
    path("tasks/add/", views.TaskCreateView.as_view(), name="task_add"),
    path("tasks/export.xlsx", views.TaskExportView.as_view(), name="tasks_export"),
    path("tasks/import/", views.TaskImportView.as_view(), name="tasks_import"),
    path("tasks/<int:pk>/", views.TaskDetailView.as_view(), name="task"),
    path("tasks/<int:pk>/edit/", views.TaskEditView.as_view(), name="task_edit"),
    path("tasks/<int:pk>/delegate/", views.TaskDelegateView.as_view(), name="task_delegate"),
    path("tasks/<int:pk>/milestones/", views.MilestoneAddView.as_view(), name="milestone_add"),
    path("milestones/<int:pk>/reached/", views.MilestoneReachView.as_view(), name="milestone_reached"),
]
urlpatterns += [
    path("tasks/<int:pk>/reports/", views.ReportSubmitView.as_view(), name="report_submit"),
    path("reports/<int:pk>/steps/<slug:step>/", views.ReportStepView.as_view(), name="report_step"),
    path("tasks/<int:pk>/notices/", views.NoticeIssueView.as_view(), name="notice_issue"),
    path("notices/<int:pk>/steps/<slug:step>/", views.NoticeStepView.as_view(), name="notice_step"),
    path("alerts/", views.AlertListView.as_view(), name="alerts"),
    path("alerts/<int:pk>/acknowledge/", views.AlertAcknowledgeView.as_view(), name="alert_acknowledge"),
    path("scorecard/", indicator_views.ScorecardView.as_view(), name="scorecard"),
]
urlpatterns += [
    path("indicators/", indicator_views.IndicatorListView.as_view(), name="indicators"),
    path("indicators/add/", indicator_views.IndicatorCreateView.as_view(), name="indicator_add"),
    path("indicators/<int:pk>/", indicator_views.IndicatorDetailView.as_view(), name="indicator"),
    path("indicators/<int:pk>/edit/", indicator_views.IndicatorEditView.as_view(), name="indicator_edit"),
    path("indicators/<int:pk>/enter/", indicator_views.IndicatorEntryView.as_view(), name="indicator_enter"),
    path(
        "indicators/<int:pk>/records/<str:code>/",
        indicator_views.IndicatorRecordsView.as_view(),
        name="indicator_records",
    ),
]
from fazhi.supervision import dashboard_views  # noqa: E402  (the leaders' dashboard)

urlpatterns += [
    path("dashboard/", dashboard_views.DashboardView.as_view(), name="dashboard"),
    path("dashboard/export.xlsx", dashboard_views.DashboardExportView.as_view(), name="dashboard_export"),
]
