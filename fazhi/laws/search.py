"""The law search, as the Django side sees it: one engine per process over the index the importer maintains.

The engine itself (segmentation, candidate retrieval, re-ranking) is pure Python in fazhi.laws.retrieval and
sits behind the SearchBackend interface: SQLite FTS5 here (a file under var/search/), PostgreSQL or a
distributed engine in larger installations.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Q

from fazhi.laws.corpus.models import ParsedDocument
from fazhi.laws.models import Article
from fazhi.laws.retrieval.backend import SqliteFtsBackend
from fazhi.laws.retrieval.corpus_source import records_from_documents, split_article_id
from fazhi.laws.retrieval.engine import SearchEngine, build_index
from fazhi.laws.retrieval.model import Filters, SearchResult

_lock = threading.Lock()
_cache: dict[str, Any] = {}

MAX_QUERY_CHARS = 500


def index_path() -> Path:
    return Path(settings.LAW_SEARCH_INDEX)


def cache_dir() -> Path:
    path = Path(settings.VAR_DIR) / "cache" / "jieba"
    path.mkdir(parents=True, exist_ok=True)
    return path


def engine() -> SearchEngine | None:
    """The process's engine, reopened when the importer replaced the index file; None before any import."""
    path = index_path()
    if not path.exists():
        return None
    stamp = (str(path), path.stat().st_mtime_ns)
    with _lock:
        if _cache.get("stamp") != stamp:
            _cache["engine"] = SearchEngine(SqliteFtsBackend(str(path)), cache_dir())
            _cache["stamp"] = stamp
        return _cache["engine"]


def update_index(docs: Sequence[ParsedDocument], changed_paths: Iterable[str]) -> None:
    """Build the index on first import; afterwards replace just the works whose documents changed."""
    path = index_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        tmp = path.with_suffix(".building")
        tmp.unlink(missing_ok=True)
        backend = SqliteFtsBackend(str(tmp))
        build_index(records_from_documents(docs), backend, cache_dir())
        backend.conn.close()
        os.replace(tmp, path)
        return
    changed = set(changed_paths)
    works = {d.work_key for d in docs if d.path in changed}
    affected = [d for d in docs if d.work_key in works]
    backend = SqliteFtsBackend(str(path))
    tokens = SearchEngine(backend, cache_dir()).seg.tokens
    backend.replace_documents([d.path for d in affected], records_from_documents(affected), tokens)
    backend.finish()
    backend.conn.close()
    os.utime(path)  # tells running processes to reopen


@dataclass(frozen=True)
class LawHit:
    article: Article | None
    title: str
    label: str
    text: str
    snippet: str
    score: float
    in_force: bool
    version_date: str | None


def search(
    query: str, *, filters: Filters | None = None, limit: int = 20, facets: bool = False
) -> tuple[list[LawHit], dict[str, dict[str, int]]]:
    """Hits joined to their database articles (for links), plus facet counts when asked."""
    current = engine()
    query = (query or "").strip()[:MAX_QUERY_CHARS]
    if current is None or not query:
        return [], {}
    result: SearchResult = current.search(query, filters or Filters(), limit=limit, facets=facets)
    keys = [split_article_id(h.article_id) for h in result.hits]
    condition = Q(pk__in=[])
    for path, number, suffix in keys:
        condition |= Q(version__path=path, number=number, suffix=suffix)
    rows = (
        {
            (a.version.path, a.number, a.suffix): a
            for a in Article.objects.filter(condition).select_related("version__work")
        }
        if keys
        else {}
    )
    hits = [
        LawHit(
            article=rows.get(key),
            title=h.title,
            label=h.label,
            text=h.text,
            snippet=h.snippet or h.text,
            score=h.score,
            in_force=h.in_force,
            version_date=h.version_date,
        )
        for key, h in zip(keys, result.hits, strict=True)
    ]
    return hits, result.facets
