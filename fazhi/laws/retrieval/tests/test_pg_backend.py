"""PostgresBackend against a live server: skipped when none answers at $FAZHI_TEST_PG_DSN."""

from __future__ import annotations

import os
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from fazhi.laws.retrieval.backend import SqliteFtsBackend
from fazhi.laws.retrieval.engine import SearchEngine, build_index
from fazhi.laws.retrieval.model import Filters

from .test_search import _records

psycopg = pytest.importorskip("psycopg")
DSN = os.environ.get("FAZHI_TEST_PG_DSN", "postgresql://postgres@127.0.0.1:5432/test")

QUERIES = [
    "筑物",
    "足额支",
    "劳动合同法 第82条",
    "《中华人民共和国劳动合同法》第八十二条",
    "公司拖欠工资三个月怎么办",
    "邻居家高空抛物砸坏了我的车",
    "网购的东西七天能退吗",
    "被告人深夜入室拿走手机一部。罪名:盗窃",
    "物业服务",
    "用人单位 书面劳动合同 二倍的工资",
]


def _connect() -> object:
    try:
        return psycopg.connect(DSN, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        pytest.skip(f"no PostgreSQL at {DSN}: {exc}")


@pytest.fixture(scope="module")
def engines(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[SearchEngine, SearchEngine]]:
    from fazhi.laws.retrieval.pg_backend import PostgresBackend

    conn = _connect()
    cache: Path = tmp_path_factory.mktemp("jieba")
    pg = PostgresBackend(conn, schema=f"fazhi_test_{uuid.uuid4().hex[:8]}")  # type: ignore[arg-type]
    try:
        lite = build_index(_records(), SqliteFtsBackend(sqlite3.connect(":memory:")), cache_dir=cache)
        yield lite, build_index(_records(), pg, cache_dir=cache)
    finally:
        pg.drop()
        conn.close()  # type: ignore[attr-defined]


def _keys(engine: SearchEngine, q: str, **kw: object) -> list[tuple[str, int, str | None]]:
    return [(h.title, h.number, h.version_date) for h in engine.search(q, **kw).hits]  # type: ignore[arg-type]


def test_same_ranking_as_sqlite(engines: tuple[SearchEngine, SearchEngine]) -> None:
    lite, pg = engines
    for q in QUERIES:
        a, b = _keys(lite, q, limit=3), _keys(pg, q, limit=3)
        assert b, q
        assert a[0] == b[0], q  # same best answer
        assert set(a) == set(b), q  # same top 3 (ties may order differently)


def test_filters_versions_and_facets(engines: tuple[SearchEngine, SearchEngine]) -> None:
    _, pg = engines
    local = pg.search("七日 退货", Filters(regions=("上海",))).hits
    assert local and all(h.region == "上海" for h in local)
    old = pg.search("劳动合同法第八十二条", Filters(in_force_on="2010-01-01")).hits[0]
    assert (old.number, old.version_date) == (82, "2007-06-29")
    facets = pg.search("经营者 销售商品", facets=True).facets
    assert facets["region"] == {"全国": 1, "上海": 1}


def test_replace_and_delete(engines: tuple[SearchEngine, SearchEngine]) -> None:
    _, pg = engines
    backend = pg.backend
    doc = "中华人民共和国民法典(None)"
    keep = [r for r in _records() if r.doc_id == doc]
    backend.delete_documents([doc])
    backend.finish()
    assert ("中华人民共和国民法典", 1254) not in [(t, n) for t, n, _ in _keys(pg, "筑物")]
    backend.replace_documents([doc], keep, pg.seg.tokens)
    backend.finish()
    assert ("中华人民共和国民法典", 1254) in [(t, n) for t, n, _ in _keys(pg, "筑物")]
