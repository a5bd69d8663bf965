"""``{% corpus_notice %}`` (the page-wide 收录截至 notice) and ``{% currency version %}`` (a version's status and
dates) for every law page, version page and search result."""

from __future__ import annotations

from typing import Any

from django import template

from fazhi.laws.currency import corpus_source, currency_of, promulgation
from fazhi.laws.models import Version

register = template.Library()


@register.inclusion_tag("laws/_corpus_notice.html")
def corpus_notice() -> dict[str, Any]:
    return {"source": corpus_source()}


@register.inclusion_tag("laws/_currency.html")
def currency(version: Version, full: bool = False) -> dict[str, Any]:
    """``full`` adds the reason for the status and the 公布机关/文号 (the law and version pages)."""
    return {
        "c": currency_of(version),
        "full": full,
        "version": version,
        "promulgation": promulgation(version.history, version.document_number) if full else None,
    }
