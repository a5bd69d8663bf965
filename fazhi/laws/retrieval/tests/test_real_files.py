"""A few real corpus files end to end: parse, derive crime names, index, search."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from fazhi.laws.corpus.parser import parse_file
from fazhi.laws.retrieval.backend import SqliteFtsBackend
from fazhi.laws.retrieval.corpus_source import records_from_documents
from fazhi.laws.retrieval.engine import SearchEngine, build_index

ROOT = Path(__file__).resolve().parents[4] / "data" / "laws"
FILES = [
    "社会法/劳动合同法(2012-12-28).md",
    "民法商法/消费者权益保护法(2013-10-25).md",
    "民法典/侵权责任编.md",
    "刑法/刑法.md",
    "司法解释/最高人民检察院关于适用刑法分则规定的犯罪的罪名的意见(1997-12-25).md",
    "社会法/妇女权益保障法(2018-10-26).md",
    "社会法/妇女权益保障法(2022-10-30).md",
]

pytestmark = pytest.mark.skipif(not ROOT.exists(), reason="corpus not present")


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> SearchEngine:
    records = records_from_documents(parse_file(ROOT / f, ROOT) for f in FILES)
    backend = SqliteFtsBackend(sqlite3.connect(":memory:"))
    return build_index(records, backend, cache_dir=tmp_path_factory.mktemp("jieba"))


def _top(engine: SearchEngine, q: str, n: int = 1) -> list[tuple[str, int]]:
    return [(h.title, h.number) for h in engine.search(q, limit=n).hits]


def test_citation_and_versions(engine: SearchEngine) -> None:
    assert _top(engine, "劳动合同法第82条") == [("中华人民共和国劳动合同法", 82)]
    hit = engine.search("妇女权益保障法第二十二条").hits[0]
    assert hit.version_date == "2022-10-30" and hit.in_force


def test_plain_questions(engine: SearchEngine) -> None:
    assert ("中华人民共和国劳动合同法", 82) in _top(engine, "公司一直不和我签劳动合同，能要求双倍工资吗", 3)
    assert ("中华人民共和国民法典", 1254) in _top(engine, "邻居家高空抛物砸坏了我的车", 3)
    assert ("中华人民共和国消费者权益保护法", 25) in _top(engine, "网购的东西七天能退吗", 3)


def test_crime_names_from_the_corpus(engine: SearchEngine) -> None:
    assert engine.charges.articles("盗窃")[0][0] == (264, 0)
    assert _top(engine, "被告人趁无人之际拿走财物。罪名:盗窃") == [("中华人民共和国刑法", 264)]
