"""Citations against the imported library: find them in text, resolve them to articles, never guess.

Wraps the pure-Python resolver (fazhi.laws.corpus.citations) with the database: the title index is built
from all works once per process (and rebuilt when an import has changed the library), and each work's
article table — paragraph and item counts, so 第二款第(三)项 is checked too — is loaded on first use.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.db.models import Max

from fazhi.laws.corpus.citations import Resolution, Status, TitleIndex, cite_text
from fazhi.laws.models import Article, Version, Work

_RECHECK_SECONDS = 30.0


@dataclass(frozen=True, slots=True)
class FoundCitation:
    start: int
    end: int
    text: str
    status: str
    work: Work | None
    number: int | None
    suffix: int
    paragraph: int | None
    item: int | None
    reason: str
    problem: str = ""

    def as_fields(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text[:300],
            "status": self.status,
            "target_work": self.work,
            "target_number": self.number,
            "target_suffix": self.suffix,
            "paragraph": self.paragraph,
            "item": self.item,
            "reason": self.reason[:300],
            "problem": self.problem,
        }


class LibraryResolver:
    def __init__(self) -> None:
        works = list(Work.objects.only("pk", "key", "title", "short_title", "current_version_id"))
        self.works = {w.key: w for w in works}
        self.index = TitleIndex((w.key, w.title, (w.short_title,)) for w in works)
        self._tables: dict[str, dict[tuple[int, int], tuple[int, ...]]] = {}

    def articles_of(self, work_key: str) -> dict[tuple[int, int], tuple[int, ...]] | None:
        if work_key not in self._tables:
            work = self.works.get(work_key)
            if work is None or work.current_version_id is None:
                return None
            rows = Article.objects.filter(version_id=work.current_version_id).values_list(
                "number", "suffix", "paragraphs"
            )
            self._tables[work_key] = {(n, s): tuple(len(p.get("items", ())) for p in paras) for n, s, paras in rows}
        return self._tables[work_key]

    def _found(self, span: Any, resolution: Resolution) -> FoundCitation:
        article = resolution.article
        return FoundCitation(
            start=span.start,
            end=span.end,
            text=span.text,
            status=str(resolution.status),
            work=self.works.get(resolution.work_key) if resolution.status == Status.FOUND else None,
            number=article[0] if article and resolution.status == Status.FOUND else None,
            suffix=article[1] if article and resolution.status == Status.FOUND else 0,
            paragraph=resolution.paragraph,
            item=resolution.item,
            reason=resolution.reason if resolution.status != Status.FOUND else "",
            problem=str(resolution.problem),
        )

    def find(
        self,
        text: str,
        *,
        context_work_key: str | None = None,
        context_article: tuple[int, int] | None = None,
        paragraphs: Sequence[str] | None = None,
    ) -> list[FoundCitation]:
        """Every citation in ``text`` (``corpus.citations.cite_text``); relative ones (本法, 前款) resolve against
        the context when given."""
        found = cite_text(
            text,
            self.index,
            self.articles_of,
            context_work_key=context_work_key,
            context_article=context_article,
            paragraphs=paragraphs,
        )
        return [self._found(span, resolution) for span, resolution in found]


_state: dict[str, Any] = {"checked": 0.0, "revision": None}


@lru_cache(maxsize=1)
def _build(revision: Any) -> LibraryResolver:
    return LibraryResolver()


def resolver() -> LibraryResolver:
    """The process's resolver, rebuilt when the library changed (checked at most every 30 seconds)."""
    now = time.monotonic()
    if _state["revision"] is None or now - _state["checked"] > _RECHECK_SECONDS:
        _state["revision"] = (Work.objects.count(), Version.objects.aggregate(m=Max("imported_at"))["m"])
        _state["checked"] = now
    return _build(_state["revision"])


def _clear() -> None:
    _state["revision"] = None
    _build.cache_clear()


resolver.cache_clear = _clear  # type: ignore[attr-defined]
