"""Whose work enforcement is: staff whose grant covers at least one enforcement body (an organisation with powers in
the catalogue). A street's 司法所 handler holds the handler role too, but no body under it enforces anything, so
the enforcement consoles are of no use to them and their home page does not offer them (issue #20)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from fazhi.core.permissions import EVERYWHERE, scopes_for
from fazhi.enforcement.models import EnforcementMatter


def covers_enforcement_body(user: Any, perm: str) -> bool:
    """Whether ``user`` holds ``perm`` ("app.codename") over some body that has enforcement powers."""
    scopes = scopes_for(user, perm)
    if scopes is EVERYWHERE or not isinstance(scopes, list):
        return True
    if not scopes:
        return False
    condition = Q()
    for path in scopes:
        condition |= Q(body__path__startswith=path)
    return EnforcementMatter.objects.filter(condition).exists()
