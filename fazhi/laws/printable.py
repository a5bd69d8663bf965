"""A version of a law as a printable PDF: the text as published (title, status, dates, history, articles).

Versions never change once imported (a changed source file is a new ``content_hash``), so a rendered PDF is cached
under the version, its hash and the reader's language; setting a long code (民法典, 1,260 articles) takes seconds.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.translation import get_language

from fazhi.core.pdf import FONT_STACK, html_to_pdf
from fazhi.laws.models import Version

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
