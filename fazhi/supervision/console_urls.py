from django.urls import path

from fazhi.supervision import console_views as views

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
    path("reports/<int:pk>/review/", views.ReportReviewView.as_view(), name="report_review"),
    path("tasks/<int:pk>/notices/", views.NoticeIssueView.as_view(), name="notice_issue"),
    path("notices/<int:pk>/reply/", views.NoticeReplyView.as_view(), name="notice_reply"),
    path("alerts/", views.AlertListView.as_view(), name="alerts"),
    path("alerts/<int:pk>/acknowledge/", views.AlertAcknowledgeView.as_view(), name="alert_acknowledge"),
    path("scorecard/", views.ScorecardView.as_view(), name="scorecard"),
]
