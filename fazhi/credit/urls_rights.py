"""The subject's pages: own records, objection and repair (docs/credit-rights.md)."""

from django.urls import path

from fazhi.credit import views_rights as views

urlpatterns = [
    path("mine/", views.MineView.as_view(), name="mine"),
    path("mine/records/<int:pk>/", views.MyRecordView.as_view(), name="mine_record"),
    path("mine/records/<int:pk>/objection/", views.ObjectionCreateView.as_view(), name="object"),
    path("mine/records/<int:pk>/repair/", views.RepairCreateView.as_view(), name="apply_repair"),
    path("objections/<str:number>/", views.ObjectionView.as_view(), name="objection"),
    path("repairs/<str:number>/", views.RepairView.as_view(), name="repair"),
]
