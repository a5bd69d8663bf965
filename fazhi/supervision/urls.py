from django.urls import path

from fazhi.supervision import views

app_name = "supervision"
urlpatterns = [
    path("", views.PlanView.as_view(), name="plan"),
    path("measures/<int:number>/", views.MeasureView.as_view(), name="measure"),
]
