"""The portal's front page and the console's home: every module's menu entries (``fazhi.core.portal``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from fazhi.accounts.models import RoleAssignment
from fazhi.audit.models import AuditEntry
from fazhi.casework.registry import MATTER_TYPES
from fazhi.core.permissions import CHANGE, is_staff_member, perm_codename, scopes_for
from fazhi.core.portal import visible_entries
from fazhi.core.views import LOGIN, PUBLIC, STAFF, PageView, PlatformView
from fazhi.laws.search import MAX_QUERY_CHARS
from fazhi.orgs.choices import OrganisationKind
from fazhi.orgs.models import Organisation

#: What the console home's recent changes show (the person, the organisation, the record type): one query.
RECENT_CHANGE_RELATIONS = ("content_type", "organisation", "user")


class HomeView(PageView):
    access = PUBLIC
    template_name = "platform/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        counts = {
            kind: Organisation.objects.filter(kind=kind, is_active=True).count()
            for kind in (OrganisationKind.DISTRICT, OrganisationKind.STREET, OrganisationKind.BODY)
        }
        return super().get_context_data(
            modules=visible_entries(self.request.user, console=False),
            search_max_length=MAX_QUERY_CHARS,
            org_counts=counts,
            show_console=is_staff_member(self.request.user),
            **kwargs,
        )


class ConsoleHomeView(PageView):
    """The staff console: what this person may work on, and what changed lately in their scope."""

    access = STAFF
    template_name = "platform/console_home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user  # signed in: the view's access is STAFF
        return super().get_context_data(
            entries=visible_entries(user, console=True),
            assignments=RoleAssignment.objects.filter(user=user.pk).select_related("role", "organisation"),
            recent_changes=AuditEntry.objects.restrict(user).select_related(*RECENT_CHANGE_RELATIONS)[:15],
            **kwargs,
        )


class LandingView(PlatformView):
    """Where logging in leads when no ``?next`` says otherwise (``LOGIN_REDIRECT_URL``): staff who handle some kind
    of citizen matter to their work queue, other staff to the console, citizens to 我的办件."""

    access = LOGIN

    def get(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        user = request.user
        if not is_staff_member(user):
            return redirect("casework:mine")
        # A role that handles some kind of matter somewhere (not: may change the matters they submitted themselves).
        if any(scopes_for(user, perm_codename(matter_type.model, CHANGE)) for matter_type in MATTER_TYPES.values()):
            return redirect("casework_console:queue")
        return redirect("console:home")
