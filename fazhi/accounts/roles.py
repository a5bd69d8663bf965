"""The role catalogue: which Django permissions each role carries.

A role is a job. Each app states in its own ``registrations.register()`` what each job may do with *its* models
(``grant(RoleCode.HANDLER, "hotline.view_ticket", "hotline.change_ticket")``), so a new module decides its grants
in its own code and no role reaches a module that did not grant it. ``sync_roles`` (after every migrate) sets each
role's permissions to what the apps declared. The *scope* — where a role applies — is not here but on each
RoleAssignment. The catalogue, role by role and module by module, is in docs/development.md.
"""

from __future__ import annotations

from fnmatch import fnmatch
from typing import Any

from django.contrib.auth.models import Permission
from django.core.exceptions import ImproperlyConfigured

from fazhi.accounts.choices import RoleCode

#: Role code → the permissions the apps granted it: ``app_label.codename``, where ``*`` matches within that app's
#: codenames only (``"surveys.view_*"``). Filled by the apps' ``registrations.register()``.
GRANTS: dict[str, set[str]] = {code: set() for code in RoleCode.values}

#: The platform administrator holds every permission, present and future (Django's own included).
EVERY_PERMISSION = frozenset({RoleCode.ADMIN.value})

ROLE_DESCRIPTIONS: dict[str, str] = {
    RoleCode.ADMIN: "All permissions. Usually scoped to the city.",
    RoleCode.MANAGER: "Manages the organisations, staff accounts and role assignments of its subtree; reads its audit.",
    RoleCode.HANDLER: "Handles the matters of its organisation's subtree: suggestions, 12345 tickets, consultation "
    "comments, progress on the plan tasks it leads, replies to supervision notices.",
    RoleCode.REVIEWER: "The supervising office (依法治办, 司法局): handles and reviews matters, runs solicitations, "
    "consultations and surveys, plans and supervises tasks, enters indicators, publishes interpretations.",
    RoleCode.LEADER: "Reads the business records in scope and the leaders' dashboards.",
    RoleCode.EVALUATOR: "Third-party evaluator: reads records and the audit trail in scope, changes nothing.",
    RoleCode.OPERATOR: "The 12345 hotline centre: registers calls, dispatches and re-dispatches tickets.",
    RoleCode.EDITOR: "Writes legal-education content: interpretations of laws and must-know lists.",
}


def grant(role: str, *permissions: str) -> None:
    """Let ``role`` hold ``permissions`` (``"app_label.codename"``, ``*`` matching within the app)."""
    if role not in GRANTS:
        raise ImproperlyConfigured(f"Unknown role {role!r}: add it to accounts.choices.RoleCode")
    for permission in permissions:
        app_label, _dot, codename = permission.partition(".")
        if not app_label or not codename or any(c in app_label for c in "*?["):
            raise ImproperlyConfigured(f"Grant {permission!r}: name one app, e.g. 'hotline.view_ticket'")
        GRANTS[role].add(permission)


def _matches(name: str, pattern: str) -> bool:
    app_label, _dot, codename = pattern.partition(".")
    return name.partition(".")[0] == app_label and fnmatch(name.partition(".")[2], codename)


def permissions_for(code: str, all_perms: list[tuple[int, str]]) -> list[int]:
    """The primary keys of the permissions ``code`` carries, out of ``(pk, "app.codename")`` pairs."""
    if code in EVERY_PERMISSION:
        return [pk for pk, _name in all_perms]
    patterns = GRANTS[code]
    return [pk for pk, name in all_perms if any(_matches(name, p) for p in patterns)]


def unmatched_grants(all_names: set[str]) -> list[tuple[str, str]]:
    """Grants that name no existing permission (a typo, or a model that went away): (role, pattern) pairs."""
    return sorted(
        (role, pattern)
        for role, patterns in GRANTS.items()
        for pattern in patterns
        if not any(_matches(name, pattern) for name in all_names)
    )


def sync_roles(**_kwargs: Any) -> None:
    """Create the catalogue's roles and set their permissions (runs after every migrate)."""
    from fazhi.accounts.models import Role
    from fazhi.core.context import acting

    all_perms = [
        (pk, f"{app}.{codename}")
        for pk, app, codename in Permission.objects.values_list("pk", "content_type__app_label", "codename")
    ]
    with acting(source="system", action="role.sync"):
        for code in RoleCode.values:
            role, _created = Role.objects.get_or_create(code=code)
            wanted = set(permissions_for(code, all_perms))
            if set(role.permissions.values_list("pk", flat=True)) != wanted:
                role.permissions.set(wanted)
