"""The portal's front page and the console's home, and the registry modules use to appear on them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from fazhi.audit.models import AuditEntry
from fazhi.core.permissions import is_staff_member
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
            modules=[entry for entry in MENU if not entry.console],
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
        entries = [e for e in MENU if e.console and (e.permission is None or user.has_perm(e.permission))]
        return super().get_context_data(
            entries=entries,
            assignments=user.role_assignments.select_related("role", "organisation"),
            recent_changes=AuditEntry.objects.restrict(user).select_related("content_type")[:15],
            **kwargs,
        )
