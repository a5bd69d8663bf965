"""我的办件: a citizen's matters of every kind in one place, and one matter's history by its tracking number."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404
from django.utils.translation import gettext_lazy

from fazhi.casework.queries import find_by_tracking_number, matters_of, may_follow, sees_internal_notes
from fazhi.casework.registry import CITIZEN_RECORDS, MATTER_TYPES, CitizenRecord, MatterType
from fazhi.casework.services import history
from fazhi.core.views import LOGIN, PUBLIC, PageView


class MyMattersView(PageView):
    access = LOGIN
    template_name = "casework/mine.html"
    title = gettext_lazy("My matters")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kind = self.request.GET.get("kind", "")
        kind = kind if kind in MATTER_TYPES else ""
        open_only = self.request.GET.get("open") == "1"
        rows = matters_of(self.request.user, kind=kind, open_only=open_only)
        page = Paginator(rows, 50).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            page_obj=page,
            rows=page.object_list,
            kinds=[(k, t.label) for k, t in MATTER_TYPES.items()],
            kind=kind,
            open_only=open_only,
            querystring=query.urlencode(),
            # Not matters, but theirs too (survey answers): shown with the list of every kind, first page.
            other_records=self.other_records() if not kind and not open_only and page.number == 1 else [],
            **kwargs,
        )

    def other_records(self) -> list[tuple[Any, list[CitizenRecord]]]:
        """Not matters, but theirs too (survey answers): shown with the list of every kind, on its first page."""
        found = []
        for records_kind in CITIZEN_RECORDS.values():
            records = records_kind.rows(self.request.user)
            if records:
                found.append((records_kind.label, records))
        return found


class TrackView(PageView):
    """One matter's steps, for its submitter (or anyone holding the number of an anonymous submission)."""

    access = PUBLIC
    template_name = "casework/track.html"
    title = gettext_lazy("Follow a matter")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        number = self.request.GET.get("number", "") or self.kwargs.get("number", "")
        context: dict[str, Any] = {"number": number}
        if number:
            found: tuple[MatterType, Any] | None
            try:
                found = find_by_tracking_number(number)
            except Http404:
                found = None
            if found is None or not may_follow(self.request.user, found[1]):
                context["not_found"] = True  # the same answer whether it does not exist or is not yours
            else:
                matter_type, matter = found
                context.update(
                    matter=matter,
                    matter_type=matter_type,
                    title_text=getattr(matter, matter_type.title_field, ""),
                    status_label=matter_type.status_label(getattr(matter, matter_type.status_field)),
                    events=history(matter, for_submitter=not sees_internal_notes(self.request.user, matter)),
                    detail_url=matter_type.citizen_url(matter) if matter_type.citizen_url else "",
                )
        return super().get_context_data(**context, **kwargs)
