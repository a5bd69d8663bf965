"""Everyday questions (issue #21 point 4) on a small corpus, in both backends: lone characters never outrank
legal terms, a law's name shows the law first, the home region's rules rank first where relevant, facets count
exactly what they select, and a search that finds nothing suggests related terms."""

from __future__ import annotations

import os
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from fazhi.laws.retrieval.backend import SqliteFtsBackend
from fazhi.laws.retrieval.engine import SearchEngine, build_index
from fazhi.laws.retrieval.model import ArticleRecord, Filters, short_title

DSN = os.environ.get("FAZHI_TEST_PG_DSN", "postgresql://postgres@127.0.0.1:5432/test")

_ART = [
    # (title, doc_type, region, number, text)
    (
        "中华人民共和国农民专业合作社法",
        "法律",
        "全国",
        25,
        "农民专业合作社成员要求退社的，应当在会计年度终了的三个月前向理事长提出书面申请。",
    ),
    ("中华人民共和国增值税暂行条例", "行政法规", "全国", 25, "纳税人出口货物适用退税规定的，应当向海关办理出口手续。"),
    ("中华人民共和国民法典", "法律", "全国", 721, "承租人应当按照约定的期限支付租金。"),
    ("中华人民共和国民法典", "法律", "全国", 733, "租赁期限届满，承租人应当返还租赁物。"),
    ("中华人民共和国民法典", "法律", "全国", 1245, "饲养的动物造成他人损害的，动物饲养人或者管理人应当承担侵权责任。"),
    (
        "上海市房屋租赁条例",
        "地方性法规",
        "上海",
        19,
        "出租人可以根据租赁期限、租金支付期限、房屋用途等因素，与承租人约定收取房屋租赁保证金。",
    ),
    (
        "上海市养犬管理条例",
        "地方性法规",
        "上海",
        25,
        "养犬人不得驱使或者放任犬只恐吓、伤害他人。犬只伤害他人的，养犬人应当立即将被伤害人送至医疗机构诊治。",
    ),
    (
        "北京市养犬管理规定",
        "地方性法规",
        "北京",
        17,
        "养犬人不得放任犬只恐吓、伤害他人。犬只伤害他人的，养犬人应当承担责任。",
    ),
    (
        "中华人民共和国劳动合同法",
        "法律",
        "全国",
        1,
        "为了完善劳动合同制度，明确劳动合同双方当事人的权利和义务，制定本法。",
    ),
    (
        "中华人民共和国劳动合同法",
        "法律",
        "全国",
        30,
        "用人单位应当按照劳动合同约定和国家规定，向劳动者及时足额支付劳动报酬。",
    ),
    ("中华人民共和国劳动合同法", "法律", "全国", 85, "用人单位未及时足额支付劳动报酬的，由劳动行政部门责令限期支付。"),
    (
        "保障农民工工资支付条例",
        "行政法规",
        "全国",
        3,
        "农民工有按时足额获得工资的权利。任何单位和个人不得拖欠农民工工资。",
    ),
    ("上海市劳动合同条例", "地方性法规", "上海", 26, "用人单位应当按时足额支付劳动者工资，不得克扣或者无故拖欠。"),
]


def _records() -> list[ArticleRecord]:
    return [
        ArticleRecord(
            article_id=f"{title}#{number}-0",
            doc_id=title,
            work_key=title,
            title=title,
            short_title=short_title(title),
            doc_type=doc_type,
            region=region,
            version_date=None,
            in_force=True,
            number=number,
            suffix=0,
            label=f"第{number}条",
            text=text,
        )
        for title, doc_type, region, number, text in _ART
    ]


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchEngine]:
    cache: Path = tmp_path_factory.mktemp("jieba")
    if request.param == "sqlite":
        yield build_index(_records(), SqliteFtsBackend(sqlite3.connect(":memory:")), cache_dir=cache)
        return
    psycopg = pytest.importorskip("psycopg")
    from fazhi.laws.retrieval.pg_backend import PostgresBackend

    try:
        conn = psycopg.connect(DSN, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        pytest.skip(f"no PostgreSQL at {DSN}: {exc}")
    pg = PostgresBackend(conn, schema=f"fazhi_test_{uuid.uuid4().hex[:8]}")
    try:
        yield build_index(_records(), pg, cache_dir=cache)
    finally:
        pg.drop()
        conn.close()


def _titles(engine: SearchEngine, q: str, filters: Filters | None = None) -> list[str]:
    return [f"{h.title}{h.number}" for h in engine.search(q, filters).hits]


def test_lone_characters_do_not_outrank_legal_terms(engine: SearchEngine) -> None:
    # 退 alone matches 退社 and 退税; 押金 (→ 保证金) and 房东 (→ 出租人) name the lease
    ranked = _titles(engine, "房东不退押金怎么办")
    assert ranked[0] == "上海市房屋租赁条例19"
    leases = [i for i, t in enumerate(ranked) if "租" in t]
    for stray in ("中华人民共和国农民专业合作社法25", "中华人民共和国增值税暂行条例25"):
        assert stray not in ranked or ranked.index(stray) > max(leases)


@pytest.mark.parametrize(
    "q", ["劳动合同法", "中华人民共和国劳动合同法", "《劳动合同法》", " 中华人民共和国 劳动合同法 "]
)
def test_a_law_named_comes_first_as_a_work_then_its_articles(engine: SearchEngine, q: str) -> None:
    res = engine.search(q)
    assert [w.title for w in res.works] == ["中华人民共和国劳动合同法"]
    assert [(h.title, h.number) for h in res.hits[:3]] == [("中华人民共和国劳动合同法", n) for n in (1, 30, 85)]


def test_a_citation_is_answered_by_its_article_not_the_work(engine: SearchEngine) -> None:
    res = engine.search("劳动合同法第八十五条")
    assert not res.works and (res.hits[0].title, res.hits[0].number) == ("中华人民共和国劳动合同法", 85)


def test_home_region_first_where_relevant(engine: SearchEngine) -> None:
    ranked = _titles(engine, "被狗咬了谁负责")
    # the civil code's rule and Shanghai's concrete one lead; another region's rule comes after both
    assert set(ranked[:2]) == {"上海市养犬管理条例25", "中华人民共和国民法典1245"}
    assert ranked.index("北京市养犬管理规定17") > 1
    assert _titles(engine, "被狗咬了谁负责", Filters(regions=("上海",)))[0] == "上海市养犬管理条例25"
    # a question naming another place: that place's rule before the home one
    ranked = _titles(engine, "北京被狗咬了谁负责")
    assert ranked.index("北京市养犬管理规定17") < ranked.index("上海市养犬管理条例25")


def test_without_home_region_no_local_rule_is_preferred(engine: SearchEngine) -> None:
    plain = SearchEngine(engine.backend, home_region="")
    home = engine.search("被狗咬了谁负责").hits
    other = plain.search("被狗咬了谁负责").hits
    score = {h.title: h.score for h in home}
    assert all(h.score < score[h.title] for h in other if h.region == "上海")


@pytest.mark.parametrize("q", ["公司拖欠工资", "被狗咬了谁负责", "租金"])
def test_facets_count_exactly_the_hits_they_select(engine: SearchEngine, q: str) -> None:
    res = engine.search(q, facets=True, limit=100)
    assert res.total == len(res.hits) == sum(res.facets["region"].values()) == sum(res.facets["doc_type"].values())
    for field, key in (("region", "regions"), ("doc_type", "doc_types")):
        for value, count in res.facets[field].items():
            narrowed = engine.search(q, Filters(**{key: (value,)}), limit=100)
            assert narrowed.total == len(narrowed.hits) == count, (field, value)
            assert all(getattr(h, field) == value for h in narrowed.hits)


def test_nothing_found_suggests_related_terms(engine: SearchEngine) -> None:
    res = engine.search("房租纠纷", Filters(doc_types=("司法解释",)))
    assert res.hits == [] and res.total == 0
    assert "租金" in res.suggestions  # 房租 → 租金 (lexicon), a word the index holds
    assert all(engine.backend.doc_freqs([t]) for t in res.suggestions)
    assert engine.search("房租").suggestions == []  # found something: no suggestions
