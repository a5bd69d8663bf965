"""``{% corpus_notice %}`` (the page-wide 收录截至 notice) and ``{% currency version %}`` (a version's status and
dates) for every law page, version page and search result."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from fazhi.laws.currency import corpus_source, currency_of, promulgation
from fazhi.laws.models import Version

register = template.Library()


@register.inclusion_tag("laws/_corpus_notice.html")
def corpus_notice() -> dict[str, Any]:
    return {"source": corpus_source()}


@register.simple_tag
def currency(version: Version, full: bool = False) -> str:
    """``<span class="currency" data-status=…>`` with the status badge, 公布 and 施行 dates; ``full`` adds the reason
    for the status, the 制定机关 and the 公布机关/文号 (the law and version pages). Built directly, not from a
    template: a search page shows one per hit."""
    c = currency_of(version)
    parts = [format_html('<span class="badge status-{}">{}</span>', c.status.value, c.label)]
    if c.published:
        parts.append(format_html("{} {}", _("promulgated"), c.published.isoformat()))
    if c.effective:
        parts.append(format_html("{} {}", _("effective"), c.effective.isoformat()))
    if full:
        if c.reason:
            parts.append(format_html('<span class="status-reason">{} {}</span>', _("according to"), c.reason))
        if version.issuing_body:
            parts.append(format_html("{} {}", _("issuing body"), version.issuing_body))
        made = promulgation(version.history, version.document_number)
        if made.publisher:
            parts.append(format_html("{} {}", _("promulgated by"), made.publisher))
        if made.number:
            parts.append(format_html("{} {}", _("document number"), made.number))
    return format_html(
        '<span class="currency" data-status="{}">{}</span>',
        c.status.value,
        format_html_join(" · ", "{}", ((part,) for part in parts)),
    )


@register.filter
def status_label(version: Version) -> str:
    """The version's status as read today (a stored 现行有效 whose effective date is still to come is 尚未施行)."""
    return currency_of(version).label
