from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from fazhi.core.permissions import policy_of, scopes_for


class PlatformBackend(ModelBackend):
    """Log in with a username, e-mail or phone number; permissions come from scoped role assignments.

    ``user.has_perm("app.action_model")`` answers "anywhere?", ``user.has_perm(perm, obj)`` asks the model's
    policy about that record — the same mechanism as ``Model.objects.restrict()``.
    """

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> Any:
        from fazhi.accounts.models import User

        if not username or not password:
            return None
        candidates = list(User.objects.by_login(username)[:2])
        if len(candidates) != 1:
            User().set_password(password)  # same work either way, so timing does not reveal accounts
            return None
        user = candidates[0]
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        if not user_obj.is_active:
            return False
        if user_obj.is_superuser:
            return True
        if obj is None:
            return bool(scopes_for(user_obj, perm))
        action = perm.split(".", 1)[1].rsplit("_", 1)[0]
        return policy_of(obj._meta.model).allows(user_obj, action, obj)

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return user_obj.is_active and user_obj.is_superuser
