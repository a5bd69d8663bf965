"""The portal's front page and the console's home, and the registry modules use to appear on them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.utils.translation import gettext_lazy as _

from fazhi.audit.models import AuditEntry
from fazhi.core.permissions import VIEW, is_staff_member, policy_of
from fazhi.core.views import PUBLIC, STAFF, PageView
from fazhi.orgs.choices import OrganisationKind
from fazhi.orgs.models import Organisation


@dataclass(frozen=True)
class MenuEntry:
    label: Any
    url_name: str
    plan_clauses: str = ""
    description: Any = ""
    console: bool = False
    permission: str | None = None  # console entries: shown to holders of this permission anywhere
    model: str | None = None  # or: shown to those the model's policy lets view some of it ("app_label.Model")

    def visible_to(self, user: Any) -> bool:
        if self.model is not None:
            return policy_of(apps.get_model(self.model)).allows_any(user, VIEW)
        return self.permission is None or user.has_perm(self.permission)


#: Filled by each module's AppConfig.ready(); the order here is the order on the pages.
MENU: list[MenuEntry] = [
    MenuEntry(
        _("Organisations"),
        "orgs:list",
        "(二十六)(二十八)",
        _("Shanghai's districts, streets and towns, and the bodies that serve them."),
    ),
    MenuEntry(_("Staff accounts"), "accounts_console:list", console=True, permission="accounts.view_user"),
    MenuEntry(_("Audit trail"), "audit_console:list", console=True, permission="audit.view_auditentry"),
]


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


class HomeView(PageView):
    access = PUBLIC
    template_name = "core/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        counts = {
            kind: Organisation.objects.filter(kind=kind, is_active=True).count()
            for kind in (OrganisationKind.DISTRICT, OrganisationKind.STREET, OrganisationKind.BODY)
        }
        return super().get_context_data(
            modules=visible_entries(self.request.user, console=False),
            org_counts=counts,
            show_console=is_staff_member(self.request.user),
            **kwargs,
        )


class ConsoleHomeView(PageView):
    """The staff console: what this person may work on, and what changed lately in their scope."""

    access = STAFF
    template_name = "core/console_home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        return super().get_context_data(
            entries=visible_entries(user, console=True),
            assignments=user.role_assignments.select_related("role", "organisation"),
            recent_changes=AuditEntry.objects.restrict(user).select_related("content_type")[:15],
            **kwargs,
        )
