from django.urls import path

from fazhi.enforcement import views

app_name = "enforcement"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("check/", views.SelfCheckView.as_view(), name="check"),
    path("bodies/<str:code>/", views.BodyView.as_view(), name="body"),
    path("matters/<int:pk>/", views.MatterView.as_view(), name="matter"),
    path("standards/<int:pk>/", views.StandardView.as_view(), name="standard"),
    path("lists/<int:pk>/", views.ListView.as_view(), name="list"),
    path("report/", views.ReportCreateView.as_view(), name="report_new"),
    path("reports/track/", views.ReportTrackView.as_view(), name="report_track"),
    path("reports/<str:number>/", views.ReportView.as_view(), name="report"),
]
