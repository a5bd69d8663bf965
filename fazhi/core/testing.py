"""Helpers for tests of several apps (not imported by the platform itself)."""

from __future__ import annotations

import io
from typing import Any


def pdf_text(content: bytes) -> tuple[Any, str]:
    """(pypdf reader, the text of every page): what a reader's PDF viewer would let them copy."""
    from pypdf import PdfReader  # a development dependency

    reader = PdfReader(io.BytesIO(content))
    return reader, "\n".join(page.extract_text() for page in reader.pages)
