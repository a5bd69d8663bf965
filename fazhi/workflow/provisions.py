"""Clock provisions resolved in the law library: the article behind each clock, the version in force on the day a
clock started, and the reverse — which clocks an article sets, and how many matters they time now."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from fazhi.workflow.clocks import CLOCKS, Clock, Provision
from fazhi.workflow.declaration import WORKFLOWS
from fazhi.workflow.models import ClockedModel


@dataclass(frozen=True)
class ResolvedProvision:
    provision: Provision
    work_key: str
    number: int

    def url(self, on: dt.date | None = None) -> str:
        link = reverse("laws:article", kwargs={"key": self.work_key, "number": str(self.number)})
        return f"{link}?on={on.isoformat()}" if on else link


class UnresolvedProvision(LookupError):
    """A clock names an article the law library does not have (a typo, or a law missing from the corpus)."""


_resolved: dict[Provision, ResolvedProvision | None] = {}


def resolve(provision: Provision) -> ResolvedProvision | None:
    """The provision in the library (``None`` when it does not resolve), through the citation resolver."""
    if provision not in _resolved:
        from fazhi.laws.resolver import resolver

        found = [
            ResolvedProvision(provision, f.work.key, f.number)
            for f in resolver().find(provision.citation)
            if f.status == "FOUND" and f.work is not None and f.number
        ]
        _resolved[provision] = found[0] if found else None
    return _resolved[provision]


def require(provision: Provision) -> ResolvedProvision:
    resolved = resolve(provision)
    if resolved is None:
        raise UnresolvedProvision(f"{provision.citation} does not resolve in the law library")
    return resolved


def unresolved() -> list[tuple[Clock, Provision]]:
    """The provisions of declared clocks that the law library does not resolve (empty when all do)."""
    clear()
    return [(clock, p) for clock in CLOCKS.values() for p in clock.provisions() if resolve(p) is None]


def clear() -> None:
    _resolved.clear()


def clocked_models() -> list[type[ClockedModel]]:
    return [m for m in apps.get_models() if issubclass(m, ClockedModel)]  # concrete ones: get_models skips abstract


def open_counts() -> dict[str, int]:
    """Clock key → how many records it times now (one grouped query per clocked model)."""
    counts: dict[str, int] = {}
    for model in clocked_models():
        rows = model._default_manager.exclude(clock="").values("clock").annotate(n=Count("pk")).order_by()
        for row in rows:
            counts[row["clock"]] = counts.get(row["clock"], 0) + row["n"]
    return counts


def clocks_citing(work_key: str, number: int) -> list[tuple[Clock, str]]:
    """The clocks that name article ``number`` of ``work_key``, each with how it names it (basis, policy under,
    fast track, extension, pause, competing rule)."""
    out = []
    for clock in CLOCKS.values():
        roles = (
            ("basis", clock.basis),
            ("policy_under", clock.policy_under),
            ("emergency", clock.emergency_basis),
            ("extension", clock.extension_basis),
            *(("pause", p) for p in clock.pause_basis),
            *(("competing", r.provision) for r in clock.competing),
        )
        for role, provision in roles:
            if provision is None:
                continue
            resolved = resolve(provision)
            if resolved is not None and resolved.work_key == work_key and resolved.number == number:
                out.append((clock, role))
    return out


def provision_links(clock: Clock, on: dt.date | None = None) -> dict[str, Any]:
    """For templates: the basis (or the article a policy is under) with its link, or None."""
    provision = clock.basis or clock.policy_under
    if provision is None:
        return {"provision": None, "url": ""}
    resolved = resolve(provision)
    return {"provision": provision, "url": resolved.url(on) if resolved else ""}


_ROLES = {
    "basis": _("sets the time limit"),
    "policy_under": _("requires the time limit (its amount is policy)"),
    "emergency": _("sets the fast track"),
    "extension": _("allows the extension"),
    "pause": _("stops the clock"),
    "competing": _("gives another limit, not applied"),
}


def article_uses(work_key: str, number: int) -> list[dict[str, Any]]:
    """For the law library's article page: the clocks this article sets and how many matters they time now."""
    uses = []
    cited = clocks_citing(work_key, number)
    counts = open_counts() if cited else {}
    for clock, role in cited:
        kinds = [str(w.model._meta.verbose_name) for w in WORKFLOWS.values() if clock in w.clocks]
        uses.append(
            {
                "label": f"{'、'.join(kinds) + ': ' if kinds else ''}{clock.label} ({clock.duration})",
                "detail": _("%(role)s; %(open)s open now") % {"role": _ROLES[role], "open": counts.get(clock.key, 0)},
                "url": reverse("workflow_console:clocks") + f"#clock-{clock.key}",
            }
        )
    return uses
