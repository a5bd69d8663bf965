from django.urls import path

from fazhi.accounts import views

app_name = "accounts_console"
urlpatterns = [
    path("", views.UserListView.as_view(), name="list"),
    path("add/", views.StaffCreateView.as_view(), name="add"),
    path("<int:pk>/", views.UserDetailView.as_view(), name="detail"),
    path("<int:pk>/roles/", views.RoleGrantView.as_view(), name="grant"),
    path("roles/<int:pk>/revoke/", views.RoleRevokeView.as_view(), name="revoke"),
    path("lockouts/", views.LockoutListView.as_view(), name="lockouts"),
    path("lockouts/<int:pk>/lift/", views.LockoutLiftView.as_view(), name="lockout_lift"),
]
