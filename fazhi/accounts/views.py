from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.generic import FormView
from rest_framework.authtoken.models import Token

from fazhi.accounts.filtersets import UserFilterSet
from fazhi.accounts.forms import LoginForm, ProfileForm, RegistrationForm, RoleGrantForm, StaffCreateForm
from fazhi.accounts.lockout import active_lockouts, can_manage_lockouts, cool_off, lockout_lift
from fazhi.accounts.models import RoleAssignment, User
from fazhi.accounts.services import role_grant, role_revoke, staff_create, user_register
from fazhi.core.permissions import ADD, DELETE, policy_of
from fazhi.core.pii import mask_in_text
from fazhi.core.views import LOGIN, PUBLIC, ObjectDetailView, ObjectEditView, ObjectListView, PageView, PlatformView
from fazhi.notifications.models import Notification


class LoginView(PlatformView, auth_views.LoginView):
    access = PUBLIC
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(PlatformView, auth_views.LogoutView):
    access = PUBLIC  # logging out must work for a session that has already expired


class PasswordChangeView(PlatformView, auth_views.PasswordChangeView):
    access = LOGIN
    template_name = "core/object_form.html"
    success_url = reverse_lazy("accounts:home")
    title = _lazy("Change password")

    def form_valid(self, form: Any) -> HttpResponse:
        messages.success(self.request, _("Your password was changed."))
        return super().form_valid(form)


class RegisterView(PlatformView, FormView):
    access = PUBLIC
    form_class = RegistrationForm
    template_name = "accounts/register.html"

    def form_valid(self, form: RegistrationForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            user = user_register(
                password=data["password1"], phone=data["phone"], email=data["email"], display_name=data["display_name"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        login(self.request, user, backend="fazhi.accounts.backends.PlatformBackend")
        messages.success(self.request, _("Welcome! Your account is ready."))
        return redirect("accounts:home")


class HomeView(PageView):
    """我的: the signed-in person's own page — their matters, notices and roles."""

    access = LOGIN
    template_name = "accounts/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        return super().get_context_data(
            notifications=Notification.objects.restrict(user).all()[:10],
            assignments=RoleAssignment.objects.filter(user=user).select_related("role", "organisation"),
            **kwargs,
        )


class ProfileView(ObjectEditView):
    access = LOGIN
    model = User
    form_class = ProfileForm
    template_name = "accounts/profile.html"
    title = _lazy("My details")
    success_message = _lazy("Your details were saved.")
    success_url = reverse_lazy("accounts:home")

    def get_object(self, queryset: QuerySet | None = None) -> User:
        return self.get_queryset().get(pk=self.request.user.pk)


class TokenView(PageView):
    """API token for scripts and apps: shown once, rotated on request."""

    access = LOGIN
    template_name = "accounts/token.html"

    def post(self, request: HttpRequest) -> HttpResponse:
        Token.objects.filter(user=request.user).delete()
        token = Token.objects.create(user=request.user)
        return self.render_to_response(self.get_context_data(new_token=token.key))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(has_token=Token.objects.filter(user=self.request.user).exists(), **kwargs)


# --- console -----------------------------------------------------------------------------------------------------


class UserListView(ObjectListView):
    model = User
    queryset = User.objects.select_related("organisation").order_by("username")
    filterset_class = UserFilterSet
    template_name = "accounts/user_list.html"
    results_template_name = "accounts/_user_results.html"

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().exclude(organisation=None)  # staff only; citizens are not a list to browse


class UserDetailView(ObjectDetailView):
    model = User
    template_name = "accounts/user_detail.html"
    context_object_name = "person"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        return super().get_context_data(
            assignments=RoleAssignment.objects.restrict(user)
            .filter(user=self.object)
            .select_related("role", "organisation"),
            grant_form=RoleGrantForm(user=user),
            can_grant=policy_of(RoleAssignment).allows(user, ADD),
            **kwargs,
        )


class StaffCreateView(PlatformView, FormView):
    form_class = StaffCreateForm
    title = _lazy("New staff account")
    template_name = "core/object_form.html"

    def check_access(self, request: HttpRequest) -> None:
        super().check_access(request)
        if not policy_of(User).allows(request.user, ADD) or not request.user.has_perm("accounts.add_user"):
            raise PermissionDenied

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form: StaffCreateForm) -> HttpResponse:
        try:
            person = staff_create(by=self.request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, exc if isinstance(exc, ValidationError) else str(exc))
            return self.form_invalid(form)
        messages.success(self.request, _("Account created."))
        return redirect("accounts_console:detail", pk=person.pk)


class RoleGrantView(PlatformView):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        person = get_object_or_404(User.objects.restrict(request.user), pk=pk)
        form = RoleGrantForm(request.POST, user=request.user)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
        else:
            try:
                role_grant(user=person, by=request.user, **form.cleaned_data)
                messages.success(request, _("Role granted."))
            except (ValidationError, PermissionDenied) as exc:
                messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect("accounts_console:detail", pk=person.pk)


class RoleRevokeView(PlatformView):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        assignment = get_object_or_404(RoleAssignment.objects.restrict(request.user, DELETE), pk=pk)
        role_revoke(assignment=assignment, by=request.user)
        messages.success(request, _("Role withdrawn."))
        return redirect(reverse("accounts_console:detail", kwargs={"pk": assignment.user_id}))


# --- sign-in lock-outs (accounts.lockout) ---------------------------------------------------------------------


def _masked_address(address: str | None) -> str:
    """An address shown in a list: enough to tell two apart, not the whole of it."""
    if not address:
        return "—"
    if ":" in address:
        return ":".join(address.split(":")[:3]) + ":…"
    return ".".join(address.split(".")[:3]) + ".*"


class LockoutListView(PageView):
    """Accounts and addresses whose sign-in is paused after wrong passwords, with a button to lift each."""

    template_name = "accounts/lockout_list.html"
    title = _lazy("Sign-in lock-outs")

    def check_access(self, request: HttpRequest) -> None:
        super().check_access(request)
        if not can_manage_lockouts(request.user):
            raise PermissionDenied(_("Only staff who manage accounts may see sign-in lock-outs."))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        rows = [
            {
                "pk": attempt.pk,
                "username": mask_in_text(attempt.username or "") or "—",
                "address": _masked_address(attempt.ip_address),
                "failures": attempt.failures_since_start,
                "last": attempt.attempt_time,
                "until": attempt.attempt_time + cool_off(),
            }
            for attempt in active_lockouts(self.request.user)[:200]
        ]
        return super().get_context_data(
            rows=rows,
            limit=settings.AXES_FAILURE_LIMIT,
            minutes=int(cool_off().total_seconds() // 60),
            **kwargs,
        )


class LockoutLiftView(PlatformView):
    def check_access(self, request: HttpRequest) -> None:
        super().check_access(request)
        if not can_manage_lockouts(request.user):
            raise PermissionDenied(_("Only staff who manage accounts may lift sign-in lock-outs."))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        attempt = get_object_or_404(active_lockouts(request.user), pk=pk)
        lockout_lift(attempts=[attempt], by=request.user)
        messages.success(request, _("The lock-out was lifted: the person can sign in again."))
        return redirect("accounts_console:lockouts")
