"""Printable documents as PDF: one place for WeasyPrint and the CJK fonts.

Pages meant for paper (the white paper, a law as published) are rendered by a Django template into one
self-contained HTML document (``@page`` rules, no scripts); WeasyPrint sets it with Debian's Noto CJK fonts
(fonts-noto-cjk, found by fontconfig) and subsets them with HarfBuzz (libharfbuzz-subset0).
"""

from __future__ import annotations

from django.conf import settings

#: Font families for templates (``{{ fonts.serif|safe }}``).
FONT_STACK = {"serif": '"Noto Serif CJK SC", serif', "sans": '"Noto Sans CJK SC", sans-serif'}
PDF_TYPE = "application/pdf"


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported on use: pango takes a few hundred ms to load

    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
