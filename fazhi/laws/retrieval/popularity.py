"""Citation in-degree of works and articles, learned from the corpus itself.

Judicial interpretations, regulations and typical cases cite the provisions practice relies
on (劳动合同法第四十六条, 民事诉讼法第一百一十九条…). How many *other* works cite a law, and
how often an article is cited, is a query-independent prior: between two articles that match
a question equally well, the one practice cites is the likelier answer.

Citations are found with the corpus package's citation finder; the result is a small JSON
(stored as backend meta "popularity") turned into 0..1 priors by `Popularity`.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from .model import ArticleRecord

# A citation from another work counts fully; 本法第N条 inside the same work counts this much
# (internal cross-references mark central articles, but every long law has many).
SAME_WORK = 0.3


def citation_counts(records: Sequence[ArticleRecord], extra_texts: Iterable[str] = ()) -> dict[str, dict[str, float]]:
    """{"works": work_key → number of distinct citing works, "articles": "work#number-suffix" → weighted
    citation count}. `extra_texts` (cases, commentaries) cite as independent sources."""
    from fazhi.laws.corpus.citations import TitleIndex, find_citations

    titles = {(r.work_key, r.title) for r in records}
    index = TitleIndex((w, t, ()) for w, t in titles)
    citing: dict[str, set[str]] = defaultdict(set)
    arts: Counter[str] = Counter()

    def work_of(name: str) -> str | None:
        keys = index.lookup(name)
        if not keys:
            found = index.longest_suffix(name)
            keys = found[1] if found else []
        return keys[0] if len(keys) == 1 else None  # ambiguous names say nothing

    def scan(text: str, source: str, own: str | None) -> None:
        try:
            spans = find_citations(text, index)
        except ValueError:  # malformed numerals (十十八) in a source text: skip that text
            return
        for c in spans:
            if c.law_name:
                work = work_of(c.law_name)
            elif c.relative == "this_law" and own:
                work = own
            else:
                continue
            if work is None:
                continue
            if work != own:
                citing[work].add(source)
            if c.article:
                arts[f"{work}#{c.article[0]}-{c.article[1]}"] += 1.0 if work != own else SAME_WORK
                if c.article_end and c.article_end[0] - c.article[0] <= 10:  # 第N条至第M条
                    for n in range(c.article[0] + 1, c.article_end[0] + 1):
                        arts[f"{work}#{n}-0"] += 0.5 if work != own else SAME_WORK / 2

    for r in records:
        if r.in_force and ("第" in r.text or "《" in r.text):
            scan(r.text, r.work_key, r.work_key)
    for i, text in enumerate(extra_texts):
        scan(text, f"extra:{i}", None)
    return {"works": {w: float(len(s)) for w, s in citing.items()}, "articles": dict(arts)}


class Popularity:
    """0..1 priors from citation_counts: log-scaled and divided by the corpus maximum."""

    def __init__(self, data: dict[str, dict[str, float]] | None) -> None:
        data = data or {}
        works, arts = data.get("works", {}), data.get("articles", {})
        wmax = math.log1p(max(works.values(), default=0.0)) or 1.0
        amax = math.log1p(max(arts.values(), default=0.0)) or 1.0
        self.works = {w: math.log1p(v) / wmax for w, v in works.items()}
        self.articles = {a: math.log1p(v) / amax for a, v in arts.items()}

    def work(self, work_key: str) -> float:
        return self.works.get(work_key, 0.0)

    def article(self, work_key: str, number: int, suffix: int) -> float:
        return self.articles.get(f"{work_key}#{number}-{suffix}", 0.0)
