from django.urls import path

from fazhi.laws import console_views as views

app_name = "laws_console"
urlpatterns = [
    path("interpretations/", views.InterpretationListView.as_view(), name="interpretations"),
    path("interpretations/add/", views.InterpretationCreateView.as_view(), name="interpretation_add"),
    path("interpretations/<int:pk>/", views.InterpretationEditView.as_view(), name="interpretation_edit"),
    path("must-know/", views.MustKnowListListView.as_view(), name="lists"),
    path("must-know/add/", views.MustKnowListCreateView.as_view(), name="list_add"),
    path("must-know/<int:pk>/", views.MustKnowListEditView.as_view(), name="list_edit"),
]
