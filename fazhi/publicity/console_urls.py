from django.urls import path

from fazhi.publicity import console_views as views

app_name = "publicity_console"
urlpatterns = [
    path("", views.DecisionListView.as_view(), name="list"),
    path("import/", views.ImportView.as_view(), name="import"),
    path("<int:pk>/", views.DecisionConsoleView.as_view(), name="detail"),
    path("<int:pk>/withdraw/", views.WithdrawView.as_view(), name="withdraw"),
    path("corrections/<int:pk>/", views.CorrectionConsoleView.as_view(), name="correction"),
    path("corrections/<int:pk>/steps/<slug:step>/", views.CorrectionStepView.as_view(), name="step"),
]
