"""Printable PDFs of the law library: a version of a law as published, and a must-know list (应知应会清单) with the
text of every article on it, for the officials it is written for.

Versions never change once imported (a changed source file is a new ``content_hash``), so a rendered PDF is cached
under the version, its hash and the reader's language; setting a long code (民法典, 1,260 articles) takes seconds.
Must-know lists are edited records, short: rendered on every request.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language

from fazhi.core.pdf import FONT_STACK, html_to_pdf
from fazhi.laws.models import Article, MustKnowItem, MustKnowList, Version

CACHE_SECONDS = 7 * 24 * 3600


def version_pdf(version: Version) -> bytes:
    language = get_language() or "zh-hans"
    key = f"laws:pdf:{version.pk}:{version.content_hash}:{language}"
    content = cache.get(key)
    if content is None:
        html = render_to_string(
            "laws/version_print.html",
            {
                "version": version,
                "articles": version.articles.all(),
                "fonts": FONT_STACK,
                "language": language,
                "permalink": settings.SITE_URL.rstrip("/") + version.get_absolute_url(),
            },
        )
        content = html_to_pdf(html)
        cache.set(key, content, CACHE_SECONDS)
    return content


def pdf_filename(version: Version) -> str:
    return f"{version.title}-{version.date_slug}.pdf"


def must_know_rows(must_know: MustKnowList) -> list[tuple[MustKnowItem, Article | None]]:
    """Each item of a list with the article it names in the version in force (None if that has no such article)."""
    items = list(must_know.items.select_related("work"))
    texts = {
        (a.version.work_id, a.number, a.suffix): a
        for a in Article.objects.filter(
            version_id__in={i.work.current_version_id for i in items}, number__in={i.number for i in items}
        ).select_related("version")
    }
    return [(item, texts.get((item.work_id, item.number, item.suffix))) for item in items]


def must_know_pdf(must_know: MustKnowList) -> bytes:
    html = render_to_string(
        "laws/mustknow_print.html",
        {
            "object": must_know,
            "rows": must_know_rows(must_know),
            "fonts": FONT_STACK,
            "language": get_language() or "zh-hans",
            "permalink": settings.SITE_URL.rstrip("/") + reverse("laws:mustknow", args=[must_know.pk]),
        },
    )
    return html_to_pdf(html)
