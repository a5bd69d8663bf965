"""Public page of the application list (第二十二条 「向社会公布」): the published lines only."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

from fazhi.core.views import PUBLIC, PageView
from fazhi.credit.choices import CheckMatter
from fazhi.credit.measures import published_measures


class PublishedMeasuresView(PageView):
    access = PUBLIC
    template_name = "credit/measures_list.html"
    title = gettext_lazy("Application list of joint incentives and sanctions")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        matter = self.request.GET.get("matter") or ""
        matter = matter if matter in CheckMatter.values else ""
        context.update(
            measures=published_measures(matter or None),
            matters=CheckMatter.choices,
            matter=matter,
        )
        return context
