"""The law search, as the Django side sees it: one engine per process over the index the importer maintains.

The engine itself (segmentation, candidate retrieval, re-ranking) is pure Python in fazhi.laws.retrieval and
sits behind the SearchBackend interface: SQLite FTS5 here (a file under var/search/), PostgreSQL or a
distributed engine in larger installations.
"""

from __future__ import annotations

import os
import threading
import time
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Q

from fazhi.laws.choices import CitationStatus
from fazhi.laws.corpus.models import ParsedDocument
from fazhi.laws.models import Article, Citation, TypicalCase, Version, Work
from fazhi.laws.retrieval.backend import SqliteFtsBackend
from fazhi.laws.retrieval.corpus_source import records_from_documents, split_article_id
from fazhi.laws.retrieval.engine import INDEX_FORMAT, SearchEngine, build_index
from fazhi.laws.retrieval.model import Filters, SearchResult

_lock = threading.Lock()
_cache: dict[str, Any] = {}

MAX_QUERY_CHARS = 500
_RECHECK_SECONDS = 5.0


def index_path() -> Path:
    return Path(settings.LAW_SEARCH_INDEX)


def cache_dir() -> Path:
    path = Path(settings.VAR_DIR) / "cache" / "jieba"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _postgres() -> bool:
    return settings.LAW_SEARCH_BACKEND == "postgres"


def _backend() -> Any:
    """A fresh backend connection: SQLite file under var/search/, or a schema of the PostgreSQL database."""
    if _postgres():
        from psycopg.conninfo import make_conninfo

        from fazhi.laws.retrieval.pg_backend import PostgresBackend

        db = connection.settings_dict  # the live settings: under tests, the test database
        dsn = make_conninfo(
            dbname=db["NAME"],
            host=db.get("HOST") or None,
            port=db.get("PORT") or None,
            user=db.get("USER") or None,
            password=db.get("PASSWORD") or None,
        )
        return PostgresBackend(dsn, schema=settings.LAW_SEARCH_SCHEMA)
    return SqliteFtsBackend(str(index_path()))


def _revision() -> Any:
    """Changes whenever the importer changed the index, so every process reopens its engine."""
    if _postgres():
        key = ("pg", settings.LAW_SEARCH_SCHEMA, connection.settings_dict["NAME"])
        cached = _cache.get("pg_checked")
        if cached and cached[0] == key and time.monotonic() - cached[1] < _RECHECK_SECONDS:
            return cached[2]
        backend = _cache.get("engine").backend if _cache.get("stamp", (None,))[0] == key else _backend()
        revision = (key, backend.get_meta("revision"))
        _cache["pg_checked"] = (key, time.monotonic(), revision)
        return revision
    path = index_path()
    return (str(path), path.stat().st_mtime_ns) if path.exists() else (str(path), None)


def engine() -> SearchEngine | None:
    """The process's engine, reopened when the importer changed the index; None before any import."""
    with _lock:
        stamp = _revision()
        if stamp[1] is None:
            return None
        if _cache.get("stamp") != stamp:
            _cache["engine"] = SearchEngine(_backend(), cache_dir(), home_region=settings.LAW_SEARCH_HOME_REGION)
            _cache["stamp"] = stamp
        return _cache["engine"]


def index_is_current() -> bool:
    """An index exists and was written by this version's build (else the importer rebuilds it)."""
    if _revision()[1] is None:
        return False
    backend = _backend()
    try:
        return backend.get_meta("format") == INDEX_FORMAT
    finally:
        backend.conn.close()


def update_index(
    docs: Sequence[ParsedDocument], changed_paths: Iterable[str], *, citing_texts: Sequence[str] = ()
) -> None:
    """Build the index on first import (or when its format is outdated); else replace just the changed works.

    ``citing_texts`` (the typical cases) count towards the citation-popularity prior of a full build.
    """
    changed = set(changed_paths)
    empty = not index_is_current()
    if empty and not _postgres():
        path = index_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".building")
        tmp.unlink(missing_ok=True)
        backend = SqliteFtsBackend(str(tmp))
        build_index(records_from_documents(docs), backend, cache_dir(), citing_texts=citing_texts)
        backend.conn.close()
        os.replace(tmp, path)  # readers switch to the complete index at once
        return
    backend = _backend()
    if empty:
        if backend.get_meta("format") is not None:
            backend.drop()  # an outdated PostgreSQL index: start from a clean schema
            backend.conn.commit()
            backend = _backend()
        build_index(records_from_documents(docs), backend, cache_dir(), citing_texts=citing_texts)
    else:
        works = {d.work_key for d in docs if d.path in changed}
        affected = [d for d in docs if d.work_key in works]
        tokens = SearchEngine(backend, cache_dir()).seg.tokens
        backend.replace_documents([d.path for d in affected], records_from_documents(affected), tokens)
        backend.finish()
    if _postgres():
        backend.set_meta("revision", uuid.uuid4().hex)
        backend.conn.commit()
        _cache.pop("pg_checked", None)
    else:
        backend.conn.close()
        os.utime(index_path())  # tells running processes to reopen


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


@dataclass(frozen=True)
class LawSearch:
    hits: list[LawHit]
    facets: dict[str, dict[str, int]]
    total: int = 0  # ranked articles; each facet counts the ones it narrows to
    works: tuple[Work, ...] = ()  # laws the query names, shown first
    suggestions: tuple[str, ...] = ()  # related terms when nothing was found


def search(
    query: str, *, filters: Filters | None = None, limit: int = 20, facets: bool = False
) -> tuple[list[LawHit], dict[str, dict[str, int]]]:
    """Hits joined to their database articles (for links), plus facet counts when asked."""
    found = search_page(query, filters=filters, limit=limit, facets=facets)
    return found.hits, found.facets


def search_page(query: str, *, filters: Filters | None = None, limit: int = 20, facets: bool = False) -> LawSearch:
    """The search page's answer: the laws the query names, the hits, facet counts, and suggestions for none."""
    current = engine()
    query = (query or "").strip()[:MAX_QUERY_CHARS]
    if current is None or not query:
        return LawSearch([], {})
    result: SearchResult = current.search(query, filters or Filters(), limit=limit, facets=facets)
    named = {w.key: w for w in Work.objects.filter(key__in=[n.work_key for n in result.works])}
    return LawSearch(
        _joined(result),
        result.facets,
        result.total,
        tuple(named[n.work_key] for n in result.works if n.work_key in named),
        tuple(result.suggestions),
    )


def _joined(result: SearchResult) -> list[LawHit]:
    keys = [split_article_id(h.article_id) for h in result.hits]
    # Two indexed look-ups: version ids by path, then articles by (version, number, suffix).
    versions = dict(Version.objects.filter(path__in={k[0] for k in keys}).values_list("path", "pk"))
    condition = Q(pk__in=[])
    for path, number, suffix in keys:
        if path in versions:
            condition |= Q(version_id=versions[path], number=number, suffix=suffix)
    articles = Article.objects.filter(condition).select_related("version__work") if versions else []
    rows = {(a.version.path, a.number, a.suffix): a for a in articles}
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
    return hits


@dataclass(frozen=True)
class RelatedCase:
    case: TypicalCase
    cites: list[str]  # the found articles it cites, e.g. 劳动合同法第八十二条


def related_cases(hits: Sequence[LawHit], limit: int = 5) -> list[RelatedCase]:
    """Typical cases that cite the articles a search found: a case citing a better-ranked article, or several of
    them, comes first. Cases are the plan's way of showing how the law is applied (measure (六))."""
    ranks: dict[tuple[int, int, int], int] = {}
    labels: dict[tuple[int, int, int], str] = {}
    for rank, hit in enumerate(hits):
        if hit.article is not None:
            key = (hit.article.version.work_id, hit.article.number, hit.article.suffix)
            ranks.setdefault(key, rank)
            labels[key] = f"{hit.article.version.work.short_title}{hit.article.label}"
    if not ranks:
        return []
    condition = Q(pk__in=[])
    for work_id, number, suffix in ranks:
        condition |= Q(target_work_id=work_id, target_number=number, target_suffix=suffix)
    citations = Citation.objects.filter(condition, status=CitationStatus.FOUND, source_case__isnull=False)
    score: dict[int, float] = {}
    cases: dict[int, RelatedCase] = {}
    for c in citations.select_related("source_case").order_by("source_case_id", "start"):
        key = (c.target_work_id, c.target_number, c.target_suffix)
        related = cases.setdefault(c.source_case_id, RelatedCase(c.source_case, []))  # type: ignore[arg-type]
        if labels[key] not in related.cites:  # type: ignore[index]
            related.cites.append(labels[key])  # type: ignore[index]
            score[c.source_case_id] = score.get(c.source_case_id, 0.0) + 1.0 / (1 + ranks[key])  # type: ignore[index]
    best = sorted(score, key=lambda pk: (-score[pk], cases[pk].case.title))[:limit]
    return [cases[pk] for pk in best]
