"""The menu registry: each module's registry adds its portal and console entries; the home pages
(``fazhi.platform.views``) show them in this order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps

from fazhi.core.permissions import VIEW, is_staff_member, policy_of
from fazhi.core.views import may_open


@dataclass(frozen=True)
class MenuEntry:
    label: Any
    url_name: str
    plan_clauses: str = ""
    description: Any = ""
    console: bool = False
    permission: str | None = None  # console entries: shown to holders of this permission anywhere
    model: str | None = None  # or: shown to those the model's policy lets view some of it ("app_label.Model")
    #: or: shown to those this predicate accepts (a module-level function, so that entries compare equal), for a
    #: page every member of staff may open but only some can use (a work queue of matters they may handle)
    usable: Callable[[Any], bool] | None = None

    def visible_to(self, user: Any) -> bool:
        """Console entries: the entry's own rule, then the page's access check (``core.views.may_open``), so that
        a tile appears only where the person's roles let them open it and use it."""
        if self.model is not None:
            allowed = policy_of(apps.get_model(self.model)).allows_any(user, VIEW)
        else:
            allowed = self.permission is None or user.has_perm(self.permission)
        if allowed and self.usable is not None:
            allowed = self.usable(user)
        if allowed and self.console:
            allowed = may_open(user, self.url_name)
        return allowed


#: Filled by each module's registry (``<app>/registry.py``), in ``INSTALLED_APPS`` order: the order on the pages.
MENU: list[MenuEntry] = []


def visible_entries(user: Any, *, console: bool) -> list[MenuEntry]:
    """The portal's modules, or the console entries ``user`` may open, in menu order."""
    if not console:
        return [entry for entry in MENU if not entry.console]
    if not is_staff_member(user):
        return []  # the console is for staff
    return [entry for entry in MENU if entry.console and entry.visible_to(user)]


def register_menu(entry: MenuEntry) -> None:
    if entry not in MENU:
        MENU.append(entry)
