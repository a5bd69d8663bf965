"""The role catalogue: which Django permissions each role carries.

Permissions are matched by pattern against every permission the installed apps define, so a new module's
models join the roles without editing this file: ``view_*`` reaches the new model's view permission. The
*scope* — where a role applies — is not here but on each RoleAssignment.
"""

from __future__ import annotations

from fnmatch import fnmatch
from typing import Any

from django.contrib.auth.models import Permission

from fazhi.accounts.choices import RoleCode

#: Apps whose records are platform plumbing, not business records that staff roles act on.
_PLUMBING = ("admin.*", "auth.*", "contenttypes.*", "sessions.*", "authtoken.*", "django_tasks_db.*")

ROLE_PERMISSIONS: dict[str, dict[str, Any]] = {
    RoleCode.ADMIN: {"include": ["*"], "exclude": []},
    RoleCode.MANAGER: {
        "include": ["orgs.*", "accounts.*", "audit.view_*", "attachments.*", "*.view_*"],
        "exclude": [*_PLUMBING],
    },
    RoleCode.HANDLER: {
        "include": ["*.view_*", "*.add_*", "*.change_*", "*.handle_*", "attachments.*"],
        "exclude": [*_PLUMBING, "accounts.*", "orgs.add_*", "orgs.change_*", "audit.*"],
    },
    RoleCode.REVIEWER: {
        "include": ["*.view_*", "*.add_*", "*.change_*", "*.handle_*", "*.review_*", "attachments.*"],
        "exclude": [*_PLUMBING, "accounts.*", "orgs.add_*", "orgs.change_*", "audit.*"],
    },
    RoleCode.LEADER: {"include": ["*.view_*", "*.dashboard_*"], "exclude": [*_PLUMBING, "accounts.*", "audit.*"]},
    RoleCode.EVALUATOR: {"include": ["*.view_*", "audit.view_*"], "exclude": [*_PLUMBING, "accounts.*"]},
}

ROLE_DESCRIPTIONS: dict[str, str] = {
    RoleCode.ADMIN: "All permissions. Usually scoped to the city.",
    RoleCode.MANAGER: "Manages the organisations, staff accounts and role assignments of its subtree.",
    RoleCode.HANDLER: "Handles matters (suggestions, tickets, cases) of its organisation's subtree.",
    RoleCode.REVIEWER: "Handles and reviews matters: accepts or returns reports, approves decisions.",
    RoleCode.LEADER: "Reads everything in scope and the leaders' dashboards.",
    RoleCode.EVALUATOR: "Third-party evaluator: reads records and the audit trail in scope, changes nothing.",
}


def permissions_for(code: str, all_perms: list[tuple[int, str]]) -> list[int]:
    rule = ROLE_PERMISSIONS[code]
    return [
        pk
        for pk, name in all_perms
        if any(fnmatch(name, p) for p in rule["include"]) and not any(fnmatch(name, p) for p in rule["exclude"])
    ]


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
