"""Writes about people: registration, staff accounts, granting and revoking roles."""

from __future__ import annotations

import secrets
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from fazhi.accounts.models import Role, RoleAssignment, User
from fazhi.core.context import acting
from fazhi.core.permissions import ADD, DELETE, policy_of
from fazhi.notifications.services import notify


def _new_username() -> str:
    # Log-in happens by phone or e-mail; the username is an internal handle that reveals neither.
    while True:
        candidate = f"u{secrets.token_hex(5)}"
        if not User.objects.filter(username=candidate).exists():
            return candidate


def user_register(*, password: str, phone: str = "", email: str = "", display_name: str = "") -> User:
    """A citizen creates an account. At least one of phone and e-mail; both must be unused."""
    if not phone and not email:
        raise ValidationError(_("Give a mobile phone number or an e-mail address."), code="contact")
    if any(User.objects.by_login(login).exists() for login in (phone, email) if login):
        raise ValidationError(_("An account with this phone number or e-mail address already exists."), code="taken")
    user = User(username=_new_username(), phone=phone, email=email, display_name=display_name)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    with acting(user=None, action="user.register"), transaction.atomic():
        user.save()
    return user


def staff_create(
    *,
    username: str,
    password: str,
    organisation: Any,
    display_name: str = "",
    email: str = "",
    phone: str = "",
    by: User | None = None,
) -> User:
    """A manager (or the CLI, ``by=None``) creates a staff account inside the manager's scope."""
    user = User(username=username, organisation=organisation, display_name=display_name, email=email, phone=phone)
    if by is not None and not policy_of(User).allows(by, ADD, user):
        raise PermissionDenied(_("You may only create accounts within your organisation's scope."))
    user.set_password(password)
    user.full_clean(exclude=["password"])
    with transaction.atomic():
        user.save()
    return user


def role_grant(*, user: User, role: Role, organisation: Any, by: User | None = None) -> RoleAssignment:
    """Give ``user`` a role within ``organisation``'s subtree. The granter needs that power in that subtree."""
    assignment = RoleAssignment(user=user, role=role, organisation=organisation)
    if by is not None and not policy_of(RoleAssignment).allows(by, ADD, assignment):
        raise PermissionDenied(_("You may only grant roles within your organisation's scope."))
    if RoleAssignment.objects.filter(user=user, role=role, organisation=organisation).exists():
        raise ValidationError(_("%(user)s already holds this role there.") % {"user": user}, code="duplicate")
    with acting(action="role.grant"), transaction.atomic():
        assignment.save()
        notify(
            user,
            title=_("You were given the role %(role)s at %(org)s") % {"role": role, "org": organisation},
            url=reverse("console:home"),
        )
    return assignment


def role_revoke(*, assignment: RoleAssignment, by: User | None = None) -> None:
    if by is not None and not policy_of(RoleAssignment).allows(by, DELETE, assignment):
        raise PermissionDenied(_("You may only revoke roles within your organisation's scope."))
    with acting(action="role.revoke"), transaction.atomic():
        user, role, org = assignment.user, assignment.role, assignment.organisation
        assignment.delete()
        notify(user, title=_("Your role %(role)s at %(org)s was withdrawn") % {"role": role, "org": org})


def staff_holding(organisation: Any, perm: str) -> list[User]:
    """Active staff whose role assignment sits on ``organisation`` (or its division) and carries ``perm``
    (``app_label.codename``): the people to notify about that organisation's work."""
    if organisation is None:
        return []
    app_label, codename = perm.split(".")
    holders = RoleAssignment.objects.filter(
        Q(organisation=organisation) | Q(organisation=organisation.division),
        role__permissions__content_type__app_label=app_label,
        role__permissions__codename=codename,
        user__is_active=True,
    ).select_related("user")
    return sorted({a.user for a in holders}, key=lambda u: u.pk)
