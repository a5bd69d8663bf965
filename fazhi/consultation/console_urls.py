from django.urls import path

from fazhi.consultation import console_views as views

app_name = "consultation_console"
urlpatterns = [
    path("", views.ConsultationListView.as_view(), name="list"),
    path("add/", views.ConsultationCreateView.as_view(), name="add"),
    path("<int:pk>/", views.ConsultationDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.ConsultationEditView.as_view(), name="edit"),
    path("<int:pk>/status/", views.ConsultationStatusView.as_view(), name="status"),
    path("<int:pk>/law/", views.LawLinkView.as_view(), name="law"),
    path("<int:pk>/comments/", views.CommentsView.as_view(), name="comments"),
    path("<int:pk>/clusters/", views.ClustersView.as_view(), name="clusters"),
    path("<int:pk>/clusters/compute/", views.ClustersComputeView.as_view(), name="clusters_compute"),
    path("<int:pk>/clusters/merge/", views.ClustersMergeView.as_view(), name="clusters_merge"),
    path("<int:pk>/export.xlsx", views.ExportView.as_view(fmt="xlsx"), name="export_xlsx"),
    path("<int:pk>/export.csv", views.ExportView.as_view(fmt="csv"), name="export_csv"),
    path("<int:pk>/feedback/", views.FeedbackView.as_view(), name="feedback"),
    path("<int:pk>/offline/", views.OfflineEntryView.as_view(), name="offline"),
    path("comments/<int:pk>/steps/<slug:step>/", views.CommentStepView.as_view(), name="comment_step"),
    path("comments/<int:pk>/move/", views.CommentMoveView.as_view(), name="comment_move"),
    path("clusters/<int:pk>/adoption/", views.ClusterAdoptionView.as_view(), name="cluster_adoption"),
]
