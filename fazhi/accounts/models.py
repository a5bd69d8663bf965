"""People and their roles.

Citizens register themselves with a phone number or an e-mail address. Staff additionally hold role
assignments: a :class:`Role` (a named set of permissions, defined in roles.py) granted within an
organisation's subtree. Personal data is minimal and protected: the phone is encrypted at rest with a blind
index for log-in, and the resident ID number — collected only by modules that need it — is encrypted too.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser, Permission, UserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fazhi.accounts.choices import RoleCode
from fazhi.core.models import AuditedModel, AuditedQuerySet, BaseModel
from fazhi.core.permissions import CHANGE, VIEW, ScopedPolicy
from fazhi.core.pii import EncryptedCharField, blind_index, normalise_phone, validate_phone


class UserQuerySet(AuditedQuerySet):
    def by_login(self, login: str) -> models.QuerySet[User]:
        """Users matching a log-in name: username, e-mail or phone (via its blind index)."""
        login = (login or "").strip()
        phone = normalise_phone(login)
        return self.filter(Q(username=login) | Q(email__iexact=login) | Q(phone_index=blind_index(phone)))


class PlatformUserManager(UserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    pass


class UserPolicy(ScopedPolicy):
    """Managers see the staff of their subtree; everyone sees and edits themself."""

    def __init__(self) -> None:
        super().__init__(org_field="organisation", owner="pk", owner_actions=(VIEW, CHANGE))

    def _owner_q(self, user: Any) -> Q | None:
        return Q(pk=user.pk) if user.is_authenticated else None

    def allows_object(self, user: Any, action: str, obj: models.Model) -> bool:
        if action in self.owner_actions and user.is_authenticated and obj.pk == user.pk:
            return True
        return super().allows_object(user, action, obj)


class User(AuditedModel, AbstractUser):
    """A person using the platform: a citizen, a staff member, or both."""

    display_name = models.CharField(_("display name"), max_length=60, blank=True)
    phone = EncryptedCharField(
        _("mobile phone"),
        blank=True,
        mask="phone",
        validators=[validate_phone],
        help_text=_("Used to log in and to reach you about your matters."),
    )
    phone_index = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    organisation = models.ForeignKey(
        "orgs.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
        verbose_name=_("organisation"),
        help_text=_("Staff only: the organisation the person works for."),
    )
    email_notifications = models.BooleanField(_("e-mail notifications"), default=True)

    objects = PlatformUserManager()
    policy = UserPolicy()
    audit_exclude = ("last_login", "password", "phone_index")

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.username

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.phone = normalise_phone(self.phone) if self.phone else ""
        self.phone_index = blind_index(self.phone) if self.phone else None
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)

    @property
    def masked_phone(self) -> str:
        return type(self)._meta.get_field("phone").masked(self.phone) if self.phone else ""


class Role(models.Model):
    """A named set of permissions (see roles.py). Rows are kept in step with the catalogue after each migrate."""

    code = models.CharField(_("code"), max_length=32, unique=True, choices=RoleCode.choices)
    permissions = models.ManyToManyField(Permission, blank=True, related_name="+")

    class Meta:
        ordering = ("code",)
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def __str__(self) -> str:
        return str(self.get_code_display())


class RoleAssignment(BaseModel):
    """A role held by a person within an organisation's subtree (the scope)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments", verbose_name=_("user"))
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("role"))
    organisation = models.ForeignKey(
        "orgs.Organisation",
        on_delete=models.PROTECT,
        related_name="role_assignments",
        verbose_name=_("scope"),
        help_text=_("The role applies to this organisation and everything under it."),
    )

    # Managers grant roles within their own subtree; people see their own assignments.
    policy = ScopedPolicy(org_field="organisation", owner="user")

    class Meta:
        ordering = ("user", "role")
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = (models.UniqueConstraint(fields=("user", "role", "organisation"), name="unique_role_assignment"),)

    def __str__(self) -> str:
        return f"{self.user} · {self.role} @ {self.organisation}"

    @staticmethod
    def grants_for(user: User) -> dict[str, list[str]]:
        """Map each permission the user holds to the organisation paths it holds it in ("" = everywhere)."""
        rows = RoleAssignment.objects.filter(user=user, organisation__is_active=True).values_list(
            "role__permissions__content_type__app_label",
            "role__permissions__codename",
            "organisation__path",
            "organisation__parent_id",
        )
        grants: dict[str, list[str]] = {}
        for app_label, codename, path, parent_id in rows:
            if codename is None:
                continue
            scope = "" if parent_id is None else path  # the root organisation's scope is everywhere
            grants.setdefault(f"{app_label}.{codename}", []).append(scope)
        return grants
