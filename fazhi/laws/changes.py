"""Tracking 立改废释 (plan measure (八)): what each version did to its law, and the feed of those changes.

A version's kind of change comes from its own dated history (the lines under the title: 通过 / 修正 / 修订 /
废止 …), not from the corpus's order: the corpus often holds only the latest version of an old law, which is an
amendment, not an enactment. The latest law-making event decides; a version whose history names none (some
regulations give only a publication line) counts as enacted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.syndication.views import Feed
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from fazhi.laws.choices import ChangeKind

# History event kinds (fazhi.laws.corpus.history) that make law, strongest first on the same day.
_LAWMAKING = {
    "revised": ChangeKind.REVISED,
    "amended": ChangeKind.AMENDED,
    "passed": ChangeKind.ENACTED,
    "approved": ChangeKind.ENACTED,
    "published": ChangeKind.ENACTED,
}


def change_kind(history: Iterable[Mapping[str, Any]]) -> str:
    """The change a version made, from its history events ``{"date": "YYYY-MM-DD" | None, "kind": …}``."""
    events = list(history)
    if any(e.get("kind") == "repealed" for e in events):
        return ChangeKind.REPEALED
    dated = [(e["date"], e["kind"]) for e in events if e.get("date") and e.get("kind") in _LAWMAKING]
    if not dated:
        return ChangeKind.ENACTED
    latest = max(date for date, _kind in dated)
    on_latest = {kind for date, kind in dated if date == latest}
    return next(_LAWMAKING[k] for k in _LAWMAKING if k in on_latest)


def changes_queryset() -> QuerySet:
    """Dated versions, newest first, each with the number of published interpretations (解读) of its law: the plan
    asks that a new rule be published together with its interpretation (measure (六))."""
    from fazhi.laws.models import Version

    published = Count("work__interpretations", filter=Q(work__interpretations__is_published=True))
    return (
        Version.objects.select_related("work")
        .exclude(version_date=None)
        .annotate(interpretations=published)
        .order_by("-version_date", "title")
    )


class LawChangesFeed(Feed):
    """Atom feed of the latest changes, with the filters of the changes page (``?change=amended&doc_type=law``)."""

    feed_type = Atom1Feed
    title = _("Law library: enacted, amended, repealed")
    subtitle = _("New laws, regulations and judicial interpretations, and new versions of existing ones.")
    limit = 50

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> QuerySet:
        from fazhi.laws.filtersets import VersionChangeFilterSet

        visible = changes_queryset().restrict(request.user)
        filterset = VersionChangeFilterSet(request.GET or None, queryset=visible, request=request)
        return filterset.qs if not filterset.is_bound or filterset.is_valid() else visible.none()

    def link(self) -> str:
        from django.urls import reverse

        return reverse("laws:changes")

    def items(self, queryset: QuerySet) -> QuerySet:
        return queryset[: self.limit]

    def item_title(self, version: Any) -> str:
        return f"{version.get_change_display()}：{version.title}"

    def item_description(self, version: Any) -> str:
        parts = [version.work.get_doc_type_display(), version.issuing_body]
        if version.effective_date:
            parts.append(str(_("effective %(date)s") % {"date": version.effective_date.isoformat()}))
        return " · ".join(str(p) for p in parts if p)

    def item_link(self, version: Any) -> str:
        return version.get_absolute_url()

    def item_pubdate(self, version: Any) -> dt.datetime:
        return dt.datetime.combine(version.version_date, dt.time(), tzinfo=dt.UTC)

    def item_updateddate(self, version: Any) -> dt.datetime:
        return self.item_pubdate(version)
