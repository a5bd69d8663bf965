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
