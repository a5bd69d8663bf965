"""What the law library's article page lists under "applied on this platform" for enforcement: the published
matters that rest on the article, the standards (published versions) whose factors or bands cite it, and the
no-penalty list items whose conditions come from it (``laws.hooks.ARTICLE_USES``)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from fazhi.enforcement.models import DiscretionBand, DiscretionFactor, ExemptionCondition, MatterBasis

LIMIT = 30  # per kind: an article behind every district's matter would otherwise list them all


def article_uses(work_key: str, number: int) -> list[dict[str, Any]]:
    uses: list[dict[str, Any]] = []
    bases = (
        MatterBasis.objects.filter(work__key=work_key, number=number, matter__is_published=True)
        .select_related("matter__body")
        .order_by("matter__body__path", "matter__code")
    )
    seen: set[int] = set()
    for basis in bases[: LIMIT * 2]:
        if basis.matter_id in seen or len(seen) >= LIMIT:
            continue
        seen.add(basis.matter_id)
        uses.append(
            {
                "label": _("Enforcement matter: %(body)s, %(name)s")
                % {"body": basis.matter.body.name, "name": basis.matter.name},
                "detail": basis.get_role_display(),
                "url": basis.matter.get_absolute_url(),
            }
        )
    published = {
        "work__key": work_key,
        "number": number,
        "version__published_at__isnull": False,
        "version__standard__is_published": True,
    }
    rules: dict[tuple[int, int], set[str]] = {}
    titles: dict[tuple[int, int], str] = {}
    for model, what in ((DiscretionFactor, _("a factor")), (DiscretionBand, _("a band"))):
        for row in model.objects.filter(**published).select_related("version__standard")[: LIMIT * 4]:
            key = (row.version.standard_id, row.version.number)
            rules.setdefault(key, set()).add(str(what))
            titles[key] = row.version.standard.title
    for (standard_id, version), kinds in list(rules.items())[:LIMIT]:
        uses.append(
            {
                "label": _("Discretion standard: %(title)s, version %(number)s")
                % {"title": titles[(standard_id, version)], "number": version},
                "detail": _("cited by %(rules)s") % {"rules": "、".join(sorted(kinds))},
                "url": reverse("enforcement:standard", kwargs={"pk": standard_id}) + f"?version={version}",
            }
        )
    conditions = (
        ExemptionCondition.objects.filter(work__key=work_key, number=number, item__exemption_list__is_published=True)
        .select_related("item__exemption_list")
        .order_by("item__exemption_list_id", "item__position")
    )
    items: set[int] = set()
    for condition in conditions[: LIMIT * 4]:
        if condition.item_id in items or len(items) >= LIMIT:
            continue
        items.add(condition.item_id)
        uses.append(
            {
                "label": _("No-penalty list item: %(title)s") % {"title": condition.item.title},
                "detail": condition.item.exemption_list.title,
                "url": condition.item.get_absolute_url(),
            }
        )
    return uses
