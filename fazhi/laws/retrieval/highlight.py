"""Snippets with matched terms wrapped, computed on the original text (no index positions needed)."""

from __future__ import annotations

import html
from collections.abc import Iterable


def snippet(
    text: str, terms: Iterable[str], width: int = 90, pre: str = "<mark>", post: str = "</mark>", escape: bool = True
) -> str:
    """The window of `width` characters holding the most term occurrences, terms wrapped.

    Matching is on lower-cased text; longer terms win where terms overlap.
    """
    low = text.lower()
    terms = sorted({t.lower() for t in terms if t and len(t) >= 1}, key=len, reverse=True)
    marks: list[tuple[int, int]] = []
    for t in terms:
        start = low.find(t)
        while start >= 0:
            end = start + len(t)
            if not any(s < end and start < e for s, e in marks):
                marks.append((start, end))
            start = low.find(t, end)
    marks.sort()
    if len(text) <= width:
        lo, hi = 0, len(text)
    else:
        best, lo = -1, 0
        for s, _ in marks or [(0, 0)]:
            begin = max(0, min(s - width // 4, len(text) - width))
            score = sum(1 for a, b in marks if a >= begin and b <= begin + width)
            if score > best:
                best, lo = score, begin
        hi = lo + width
    out, pos = [], lo
    esc = html.escape if escape else (lambda s: s)
    for s, e in marks:
        if s < lo or e > hi:
            continue
        out.append(esc(text[pos:s]))
        out.append(pre + esc(text[s:e]) + post)
        pos = e
    out.append(esc(text[pos:hi]))
    return ("…" if lo > 0 else "") + "".join(out) + ("…" if hi < len(text) else "")
