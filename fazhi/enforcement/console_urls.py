from django.urls import path

from fazhi.enforcement import console_views as views

app_name = "enforcement_console"
urlpatterns = [
    path("", views.MatterListView.as_view(), name="matters"),
    path("matters/add/", views.MatterCreateView.as_view(), name="matter_add"),
    path("matters/import/", views.ImportView.as_view(), name="import"),
    path("matters/<int:pk>/", views.MatterEditView.as_view(), name="matter_edit"),
    path("officers/", views.OfficerListView.as_view(), name="officers"),
    path("officers/add/", views.OfficerCreateView.as_view(), name="officer_add"),
    path("officers/<int:pk>/", views.OfficerEditView.as_view(), name="officer_edit"),
    path("standards/", views.StandardListView.as_view(), name="standards"),
    path("standards/add/", views.StandardCreateView.as_view(), name="standard_add"),
    path("standards/<int:pk>/", views.StandardDetailView.as_view(), name="standard"),
    path("standards/<int:pk>/versions/add/", views.VersionCreateView.as_view(), name="version_add"),
    path("versions/<int:pk>/", views.VersionDetailView.as_view(), name="version"),
    path("versions/<int:pk>/factors/", views.FactorAddView.as_view(), name="factor_add"),
    path("versions/<int:pk>/bands/", views.BandSetView.as_view(), name="band_set"),
    path("versions/<int:pk>/publish/", views.VersionPublishView.as_view(), name="version_publish"),
    path("versions/<int:pk>/delete/", views.VersionDeleteView.as_view(), name="version_delete"),
    path("lists/", views.ListListView.as_view(), name="lists"),
    path("lists/add/", views.ListCreateView.as_view(), name="list_add"),
    path("lists/<int:pk>/", views.ListDetailView.as_view(), name="list"),
    path("lists/<int:pk>/items/", views.ItemAddView.as_view(), name="item_add"),
    path("reports/", views.ReportQueueView.as_view(), name="reports"),
    path("reports/<int:pk>/", views.ReportConsoleView.as_view(), name="report"),
    path("reports/<int:pk>/steps/<slug:step>/", views.ReportStepView.as_view(), name="report_step"),
]
