"""References from other modules' records to one article of the library ("民法典第1165条"): resolved once, when the
record is written, through the citation resolver; stored as the work, the article number and suffix, and the
citation as written. The version applied is the one in force on the day that matters to the record
(``Work.version_on``), so the reference survives new versions."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from fazhi.laws.models import Work
from fazhi.laws.resolver import resolver

CITATION_MAX_LENGTH = 200


@dataclass(frozen=True)
class ArticleRef:
    work: Work
    number: int
    suffix: int
    citation: str


def resolve_article(citation: str) -> ArticleRef:
    """The one article ``citation`` names; a ``ValidationError`` saying why when it names none or several."""
    text = citation.strip()[:CITATION_MAX_LENGTH]
    found = [f for f in resolver().find(text) if f.number is not None]
    if len(found) != 1 or found[0].status != "FOUND" or found[0].work is None:
        if not found:
            reason = _("no citation of an article found")
        elif len(found) > 1:
            reason = _("names more than one article")
        else:
            reason = found[0].reason
        raise ValidationError(_("%(citation)s: %(reason)s") % {"citation": text, "reason": reason}, code="unresolved")
    return ArticleRef(work=found[0].work, number=found[0].number, suffix=found[0].suffix, citation=text)
