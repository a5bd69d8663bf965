from django.urls import path

from fazhi.laws import views

app_name = "laws"
urlpatterns = [
    path("", views.LawHomeView.as_view(), name="home"),
    path("search/", views.LawSearchView.as_view(), name="search"),
    path("all/", views.WorkListView.as_view(), name="works"),
    path("changes/", views.LawChangesView.as_view(), name="changes"),
    path("changes/feed/", views.LawChangesFeedView.as_view(), name="changes_feed"),
    path("cases/", views.CaseListView.as_view(), name="cases"),
    path("cases/<int:pk>/", views.CaseDetailView.as_view(), name="case"),
    path("interpretations/<int:pk>/", views.InterpretationDetailView.as_view(), name="interpretation"),
    path("must-know/", views.MustKnowListsView.as_view(), name="mustknow_lists"),
    path("must-know/<int:pk>/", views.MustKnowDetailView.as_view(), name="mustknow"),
    path("must-know/<int:pk>/pdf/", views.MustKnowPdfView.as_view(), name="mustknow_pdf"),
    path("<str:key>/follow/", views.FollowView.as_view(), name="follow"),
    path("<str:key>/", views.WorkDetailView.as_view(), name="work"),
    path("<str:key>/diff/", views.ArticleDiffView.as_view(), name="diff"),
    path("<str:key>/akn.xml", views.AkomaNtosoView.as_view(), name="akn"),
    path("<str:key>/pdf/", views.VersionPdfView.as_view(), name="pdf"),
    path("<str:key>/@<str:date>/", views.VersionDetailView.as_view(), name="version"),
    path("<str:key>/art/<str:number>/", views.ArticleDetailView.as_view(), name="article"),
]
