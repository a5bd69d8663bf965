"""Loaders for the lexicon data files beside this module.

colloquial.tsv: everyday phrase → statutory terms, used to expand queries.
stopwords.txt: words dropped from both indexed text and queries.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

_DIR = Path(__file__).parent


def _lines(name: str) -> list[str]:
    out = []
    for line in (_DIR / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            out.append(line.rstrip("\n"))
    return out


@lru_cache(maxsize=1)
def load_stopwords() -> frozenset[str]:
    return frozenset(w.strip() for w in _lines("stopwords.txt"))


@lru_cache(maxsize=1)
def load_colloquial() -> dict[str, tuple[str, ...]]:
    """Colloquial key → legal terms. Keys are matched as substrings of the query."""
    table: dict[str, tuple[str, ...]] = {}
    for line in _lines("colloquial.tsv"):
        key, _, terms = line.partition("\t")
        if key and terms:
            table[key.strip().lower()] = tuple(t for t in terms.split() if t)
    return table


def expand(query: str, table: dict[str, tuple[str, ...]] | None = None) -> list[str]:
    """Legal terms for every colloquial key found in the query; longer keys first, no duplicates.

    A key nested inside a longer matched key (欠工资 inside 拖欠工资) is skipped, so the
    more specific entry decides.
    """
    table = table if table is not None else load_colloquial()
    q = query.lower()
    spans: list[tuple[int, int]] = []
    out: list[str] = []
    for key in sorted(table, key=len, reverse=True):
        start = q.find(key)
        while start >= 0:
            end = start + len(key)
            if not any(s <= start and end <= e for s, e in spans):
                spans.append((start, end))
                for term in table[key]:
                    if term not in out:
                        out.append(term)
                break
            start = q.find(key, start + 1)
    return out


def legal_terms() -> set[str]:
    """All statutory terms named in the lexicon: added to the segmenter's dictionary."""
    return {t for terms in load_colloquial().values() for t in terms if len(t) >= 2}
