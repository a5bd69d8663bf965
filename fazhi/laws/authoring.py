"""Staff-authored additions to the library: interpretations, must-know lists, and people following laws."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.laws.models import Follow, Interpretation, MustKnowItem, MustKnowList, Work
from fazhi.laws.refs import resolve_article
from fazhi.notifications.services import notify


def followers_of(work: Work, article_number: int | None = None) -> list[Any]:
    follows = Follow.objects.filter(work=work).select_related("user")
    if article_number is not None:
        follows = follows.filter(article_number__in=[article_number, None])
    return list({f.user for f in follows})


def interpretation_save(*, interpretation: Interpretation) -> Interpretation:
    """Save; the first time it is published, its readers-to-be (the law's followers) are told."""
    with transaction.atomic():
        newly_published = interpretation.is_published and interpretation.published_at is None
        if newly_published:
            interpretation.published_at = timezone.now()
        interpretation.full_clean()
        interpretation.save()
        if newly_published:
            notify(
                followers_of(interpretation.work, interpretation.article_number),
                title=_("New interpretation of %(law)s: %(title)s")
                % {"law": interpretation.work.short_title, "title": interpretation.title},
                url=interpretation.get_absolute_url(),
            )
    return interpretation


def must_know_set_items(*, must_know_list: MustKnowList, citations: str) -> list[str]:
    """Replace the list's articles with the citations written one per line (民法典第1165条 …).

    Returns the lines that did not resolve to exactly one article — nothing is saved if there are any.
    """
    lines = [line.strip() for line in citations.splitlines() if line.strip()]
    if len(lines) > 500:
        raise ValidationError(_("A list has at most 500 articles."))
    items, problems = [], []
    for position, line in enumerate(lines):
        try:
            ref = resolve_article(line)
        except ValidationError as error:
            problems.append(error.messages[0])
            continue
        items.append(
            MustKnowItem(
                must_know_list=must_know_list,
                work=ref.work,
                number=ref.number,
                suffix=ref.suffix,
                citation=ref.citation,
                position=position,
            )
        )
    if problems:
        return problems
    with transaction.atomic():
        must_know_list.items.all().delete()
        for item in items:
            item.save()
    return []


def follow_toggle(*, user: Any, work: Work, article_number: int | None = None) -> bool:
    """Follow, or stop following; returns whether the user now follows."""
    with transaction.atomic():
        existing = Follow.objects.filter(user=user, work=work, article_number=article_number).first()
        if existing is not None:
            existing.delete()
            return False
        Follow.objects.create(user=user, work=work, article_number=article_number)
        return True
