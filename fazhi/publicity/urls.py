from django.urls import path

from fazhi.publicity import views

app_name = "publicity"
urlpatterns = [
    path("", views.SearchView.as_view(), name="search"),
    path("export/", views.ExportView.as_view(), name="export"),
    path("feed/", views.FeedView.as_view(), name="feed"),
    path("<int:pk>/", views.DecisionView.as_view(), name="decision"),
    path("<int:pk>/correction/", views.CorrectionCreateView.as_view(), name="correct"),
    path("entities/<str:key>/", views.EntityView.as_view(), name="entity"),
    path("corrections/<str:number>/", views.CorrectionView.as_view(), name="correction"),
]
