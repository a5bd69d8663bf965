"""Staff pages of the subject's rights (docs/credit-rights.md)."""

from django.urls import path

from fazhi.credit import console_rights as views

urlpatterns = [
    path("objections/", views.ObjectionQueueView.as_view(), name="objections"),
    path("objections/<int:pk>/", views.ObjectionConsoleView.as_view(), name="objection"),
    path("objections/<int:pk>/steps/<slug:step>/", views.ObjectionStepView.as_view(), name="objection_step"),
    path("repairs/", views.RepairQueueView.as_view(), name="repairs"),
    path("repairs/<int:pk>/", views.RepairConsoleView.as_view(), name="repair"),
    path("repairs/<int:pk>/steps/<slug:step>/", views.RepairStepView.as_view(), name="repair_step"),
    path("deletions/", views.DeletionQueueView.as_view(), name="deletions"),
    path("accounts/link/", views.LinkAccountView.as_view(), name="link_account"),
]
