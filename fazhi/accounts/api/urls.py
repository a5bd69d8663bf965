from django.urls import path
from rest_framework.routers import SimpleRouter

from fazhi.accounts.api import views

router = SimpleRouter()
router.register("users", views.UserViewSet, basename="user")
router.register("role-assignments", views.RoleAssignmentViewSet, basename="roleassignment")
urlpatterns = [
    path("auth/token/", views.TokenObtainView.as_view(), name="token-obtain"),
    path("me/", views.MeView.as_view(), name="me"),
    path("roles/", views.RoleListView.as_view(), name="roles"),
    *router.urls,
]
