"""What the law library's article page lists under "applied on this platform" for publicity: how many published
(public) decisions cite the article (``DecisionBasis``), with a link to the public search filtered by it
(``/decisions/?basis=<the article>``). One indexed count query (``pub_basis_article``: work, number, decision)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fazhi.laws.corpus.numerals import article_label
from fazhi.publicity.choices import DecisionStatus
from fazhi.publicity.models import DecisionBasis


def article_uses(work_key: str, number: int) -> list[dict[str, Any]]:
    rows = (
        DecisionBasis.objects.filter(
            work__key=work_key,
            number=number,
            decision__status=DecisionStatus.PUBLISHED,
            decision__period_ends__gte=timezone.localdate(),  # the public search's rule (models.public_q)
        )
        .values("work__title")
        .annotate(decisions=Count("decision", distinct=True))
    )
    uses = []
    for row in rows[:1]:
        citation = f"{row['work__title']}{article_label(number)}"
        count = row["decisions"]
        uses.append(
            {
                "label": ngettext(
                    "Published enforcement decisions: %(count)d cites it",
                    "Published enforcement decisions: %(count)d cite it",
                    count,
                )
                % {"count": count},
                "detail": _("search them"),
                "url": f"{reverse('publicity:search')}?{urlencode({'basis': citation})}",
            }
        )
    return uses
