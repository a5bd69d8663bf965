"""Search behaviour on a small synthetic corpus the tests build themselves (fast, no Django)."""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path

import pytest

from fazhi.laws.retrieval.backend import SqliteFtsBackend
from fazhi.laws.retrieval.batch import serve_jsonl
from fazhi.laws.retrieval.engine import SearchEngine, build_index
from fazhi.laws.retrieval.highlight import snippet
from fazhi.laws.retrieval.model import ArticleRecord, Filters, cn_to_int, short_title

_ART = [
    # (title, doc_type, region, date, number, text)
    (
        "中华人民共和国民法典",
        "法律",
        "全国",
        None,
        1254,
        "禁止从建筑物中抛掷物品。从建筑物中抛掷物品或者从建筑物上坠落的物品造成他人损害的，由侵权人依法承担侵权责任。",
    ),
    (
        "中华人民共和国劳动合同法",
        "法律",
        "全国",
        "2012-12-28",
        30,
        "用人单位应当按照劳动合同约定和国家规定，向劳动者及时足额支付劳动报酬。",
    ),
    (
        "中华人民共和国劳动合同法",
        "法律",
        "全国",
        "2012-12-28",
        82,
        "用人单位自用工之日起超过一个月不满一年未与劳动者订立书面劳动合同的，应当向劳动者每月支付二倍的工资。",
    ),
    (
        "中华人民共和国劳动合同法",
        "法律",
        "全国",
        "2007-06-29",
        82,
        "用人单位未与劳动者订立书面劳动合同的，旧版本文本。",
    ),
    (
        "中华人民共和国消费者权益保护法",
        "法律",
        "全国",
        "2013-10-25",
        25,
        "经营者采用网络、电视、电话、邮购等方式销售商品，消费者有权自收到商品之日起七日内退货，且无需说明理由。",
    ),
    (
        "上海市消费者权益保护条例",
        "地方性法规",
        "上海",
        "2022-07-21",
        30,
        "经营者采用网络方式销售商品的，应当遵守七日无理由退货规定。",
    ),
    (
        "中华人民共和国刑法",
        "法律",
        "全国",
        None,
        264,
        "盗窃公私财物，数额较大的，或者多次盗窃、入户盗窃的，处三年以下有期徒刑、拘役或者管制。",
    ),
    ("中华人民共和国刑法", "法律", "全国", None, 234, "故意伤害他人身体的，处三年以下有期徒刑、拘役或者管制。"),
    (
        "最高人民检察院关于适用刑法分则规定的犯罪的罪名的意见",
        "司法解释",
        "全国",
        "1997-12-25",
        0,
        "1．盗窃罪（第264条） 2．故意伤害罪（第234条）",
    ),
    ("北京市物业管理条例", "地方性法规", "北京", "2020-03-27", 10, "物业服务人应当按照约定提供物业服务。"),
]


def _records() -> list[ArticleRecord]:
    latest: dict[str, str] = {}
    for title, _, _region, date, *_ in _ART:
        latest[title] = max(latest.get(title, ""), date or "")
    out = []
    for title, doc_type, region, date, number, text in _ART:
        doc = f"{title}({date})"
        out.append(
            ArticleRecord(
                article_id=f"{doc}#{number}-0",
                doc_id=doc,
                work_key=f"{region}:{short_title(title)}",
                title=title,
                short_title=short_title(title),
                doc_type=doc_type,
                region=region,
                version_date=date,
                in_force=(date or "") == latest[title],
                number=number,
                suffix=0,
                label=f"第{number}条" if number else "",
                text=text,
            )
        )
    return out


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> SearchEngine:
    cache = tmp_path_factory.mktemp("jieba")
    return build_index(_records(), SqliteFtsBackend(sqlite3.connect(":memory:")), cache_dir=cache)


def _top(engine: SearchEngine, q: str, **kw: object) -> list[tuple[str, int]]:
    return [(h.title, h.number) for h in engine.search(q, **kw).hits]  # type: ignore[arg-type]


def test_two_chars_from_the_middle_of_a_phrase(engine: SearchEngine) -> None:
    # 筑物 sits inside 建筑物 and is no word of its own: the substring index must find it
    assert ("中华人民共和国民法典", 1254) in _top(engine, "筑物")
    assert _top(engine, "足额支")[0] == ("中华人民共和国劳动合同法", 30)


def test_citation_goes_straight_to_the_article(engine: SearchEngine) -> None:
    for q in ("劳动合同法 第82条", "《中华人民共和国劳动合同法》第八十二条", "劳动合同法第八十二条的内容是什么"):
        hit = engine.search(q).hits[0]
        assert (hit.title, hit.number) == ("中华人民共和国劳动合同法", 82), q
        assert hit.version_date == "2012-12-28"  # the version in force
        assert "cited" in hit.why


def test_older_versions_stay_reachable(engine: SearchEngine) -> None:
    hits = engine.search("劳动合同法第八十二条", Filters(in_force_on="2010-01-01")).hits
    assert (hits[0].number, hits[0].version_date) == (82, "2007-06-29")
    every = engine.search("劳动合同法第八十二条", Filters(in_force_only=False), limit=5).hits
    assert {h.version_date for h in every if h.number == 82} == {"2012-12-28", "2007-06-29"}


def test_colloquial_words_reach_statutory_terms(engine: SearchEngine) -> None:
    assert _top(engine, "公司拖欠工资三个月怎么办")[0] == ("中华人民共和国劳动合同法", 30)
    assert _top(engine, "邻居家高空抛物砸坏了我的车")[0] == ("中华人民共和国民法典", 1254)
    # national law before the local regulation repeating it
    assert _top(engine, "网购的东西七天能退吗")[0] == ("中华人民共和国消费者权益保护法", 25)


def test_crime_name_goes_to_its_article(engine: SearchEngine) -> None:
    assert _top(engine, "被告人深夜入室拿走手机一部。罪名:盗窃")[0] == ("中华人民共和国刑法", 264)


def test_filters(engine: SearchEngine) -> None:
    local = engine.search("七日 退货", Filters(regions=("上海",))).hits
    assert local and all(h.region == "上海" for h in local)
    laws = engine.search("七日 退货", Filters(doc_types=("法律",))).hits
    assert laws and all(h.doc_type == "法律" for h in laws)


def test_facets_count_by_type_and_region(engine: SearchEngine) -> None:
    res = engine.search("经营者 销售商品", facets=True)
    assert res.facets["doc_type"] == {"法律": 1, "地方性法规": 1}
    assert res.facets["region"] == {"全国": 1, "上海": 1}


def test_highlight_wraps_terms() -> None:
    s = snippet("经营者采用网络方式销售商品的，应当遵守七日无理由退货规定。", ["退货", "网络"])
    assert "<mark>网络</mark>" in s and "<mark>退货</mark>" in s


def test_jsonl_protocol(engine: SearchEngine) -> None:
    out = io.StringIO()
    serve_jsonl(engine, io.StringIO('{"q": "劳动合同法 第82条"}\nnot json\n'), out, limit=2)
    first, second = (json.loads(line) for line in out.getvalue().splitlines())
    assert first["hits"][0]["law"] == "中华人民共和国劳动合同法" and first["hits"][0]["article"] == 82
    assert set(first["hits"][0]) >= {"law", "article", "text", "score"}
    assert second["hits"] == [] and "error" in second


def test_numbers() -> None:
    assert [cn_to_int(x) for x in ("八十二", "一百零五", "十", "264", "两千")] == [82, 105, 10, 264, 2000]


def test_replace_and_delete_documents(engine: SearchEngine, tmp_path: Path) -> None:
    backend = SqliteFtsBackend(tmp_path / "i.sqlite")
    eng = build_index(_records()[:3], backend, cache_dir=tmp_path)
    assert _top(eng, "筑物")
    backend.delete_documents(["中华人民共和国民法典(None)"])
    assert ("中华人民共和国民法典", 1254) not in _top(eng, "筑物")


def test_records_from_any_document_shape() -> None:
    from dataclasses import dataclass, field

    from fazhi.laws.retrieval.corpus_source import records_from_documents, split_article_id

    @dataclass
    class Art:
        number: int
        suffix: int
        label: str
        text: str
        heading_path: tuple[str, ...] = ()

    @dataclass
    class Doc:
        path: str
        title: str
        work_key: str
        version_date: str | None
        articles: list[Art] = field(default_factory=list)
        doc_type: str = "法律"
        region: str = "national"
        status: str = "unknown"  # not set: in force = newest version among the given documents
        body: str = ""

    old = Doc("社会法/x(2007-06-29).md", "中华人民共和国X法", "X", "2007-06-29", [Art(1, 0, "第一条", "旧")])
    new = Doc(
        "社会法/x(2012-12-28).md", "中华人民共和国X法", "X", "2012-12-28", [Art(1, 1, "第一条之一", "新", ("第一章",))]
    )
    bare = Doc("其他/y.md", "Y决定", "Y", None, body="全文")
    recs = {r.article_id: r for r in records_from_documents([old, new, bare])}
    assert set(recs) == {"社会法/x(2007-06-29).md#1-0", "社会法/x(2012-12-28).md#1-1", "其他/y.md#0-0"}
    assert recs["社会法/x(2012-12-28).md#1-1"].in_force and not recs["社会法/x(2007-06-29).md#1-0"].in_force
    assert recs["社会法/x(2012-12-28).md#1-1"].heading == "第一章" and recs["其他/y.md#0-0"].text == "全文"
    assert split_article_id("民法典#1254-0") == ("民法典", 1254, 0)


def test_fragment_queries_only_return_the_exact_string(engine: SearchEngine) -> None:
    from fazhi.laws.retrieval.engine import _fragment

    assert _fragment("筑物", engine.seg) == "筑物"
    assert _fragment("劳动合同", engine.seg) == ""  # words: the normal path
    for q in ("筑物", "足额支"):
        hits = engine.search(q).hits
        assert hits and all(q in h.text for h in hits), q


def test_wide_first_stage_matches_the_fallback(engine: SearchEngine) -> None:
    # default filters go through the backend's wide scan, selective ones through candidates()
    wide = _top(engine, "用人单位 劳动者 工资")
    assert wide and wide[0][0] == "中华人民共和国劳动合同法"
    scanned = engine.backend.scan(["劳动者"], Filters(), 10)  # type: ignore[attr-defined]
    assert scanned and all(c.article_id in engine.backend.fetch([c.article_id]) for c in scanned)
    assert engine.backend.scan(["劳动者"], Filters(regions=("上海",)), 10) is None  # type: ignore[attr-defined]


def test_focus_bigrams_come_from_the_asking_part() -> None:
    from fazhi.laws.retrieval.query import focus_bigrams

    scenario = "场景:小红是一家公司的股东，收到公司的信。根据哪个法律文件，公司发行记名股票时需要置备股东名册？"
    bigrams, sentence = focus_bigrams(scenario)
    assert sentence and "名册" in bigrams and "股东" in bigrams
    assert not {"根据", "法律", "文件", "小红"} & set(bigrams)  # asking words and the story are left out
    bigrams, sentence = focus_bigrams("单位不给交社保，我已离职，请问可以要求补缴吗？")
    assert not sentence and "补缴" in bigrams and "离职" not in bigrams  # last clause of a consultation
    # a judgment's last sentence states, it does not ask
    assert focus_bigrams("事实:被告人盗窃手机一部。公诉机关认为，被告人应当以盗窃罪追究其刑事责任。")[0] == []


def test_law_aggregation_lifts_a_law_that_several_top_articles_share() -> None:
    from fazhi.laws.retrieval import engine as eng

    def rec(work: str, n: int) -> ArticleRecord:
        return ArticleRecord(
            article_id=f"{work}#{n}", doc_id=work, work_key=work, title=work, short_title=work,
            doc_type="法律", region="全国", version_date=None, in_force=True, number=n, suffix=0,
            label="", text="",
        )  # fmt: skip

    scored = [(1.0, rec("甲法", 1), []), (0.99, rec("乙法", 1), []), (0.98, rec("乙法", 2), [])]
    scored += [(0.5, rec("乙法", 3), []), (0.1, rec("丙法", 1), [])]
    ranked = [(r.work_key, r.number) for _s, r, _w in eng._law_agg(scored)]
    assert ranked[0] == ("乙法", 1) and ranked[-1] == ("丙法", 1)


def _reference_scan(backend: SqliteFtsBackend, toks: list[str], k: int, weights: dict[str, float]) -> list[tuple]:
    """The wide stage as a plain Python loop over the impact lists (what scan() vectorises)."""
    import heapq
    from array import array

    from fazhi.laws.retrieval.backend import idf

    n, _ = backend.stats()
    df = backend.doc_freqs(toks)
    live = backend._row_table().live
    score: dict[int, float] = {}
    matched: dict[int, float] = {}
    rows = backend.conn.execute(
        f"SELECT term, top_ids, top_imp FROM terms WHERE term IN ({', '.join('?' * len(toks))})", toks
    )
    for term, ids, imp in rows:
        w = weights.get(term, 1.0) * idf(n, df.get(term, 0))
        for doc, x in zip(array("i", ids), array("f", imp), strict=True):
            if live[doc]:
                score[doc] = score.get(doc, 0.0) + w * x
                matched[doc] = matched.get(doc, 0.0) + w
    top = heapq.nlargest(k, score.items(), key=lambda kv: kv[1])
    aid = dict(backend.conn.execute("SELECT rowid, article_id FROM articles").fetchall())
    return [(aid[r], x, matched[r]) for r, x in top]


@pytest.mark.parametrize("k", [3, 1000])
def test_vectorised_scan_equals_the_python_loop(engine: SearchEngine, k: int) -> None:
    backend = engine.backend
    assert isinstance(backend, SqliteFtsBackend)
    toks = ["劳动者", "用人单位", "工资", "合同", "建筑物", "物品"]
    weights = {"劳动者": 1.5, "工资": 0.4}
    want = _reference_scan(backend, toks, k, weights)
    for _ in range(2):  # the second time from the decoded impact-list cache
        got = backend.scan(toks, Filters(), k, weights)
        assert got is not None
        assert [(c.article_id, c.score, c.matched) for c in got] == want  # bit-identical, same tie order


def test_fetch_by_remembered_rowid_or_by_id(engine: SearchEngine) -> None:
    backend = engine.backend
    assert isinstance(backend, SqliteFtsBackend)
    scanned = backend.scan(["劳动者"], Filters(), 5)
    assert scanned
    ids = [c.article_id for c in scanned]
    by_hint = backend.fetch(ids)
    backend._row_table().rowid_of.clear()
    by_id = backend.fetch(ids)
    assert list(by_hint) and sorted(by_hint) == sorted(by_id) == sorted(ids)
    assert all(by_hint[a][0] == by_id[a][0] and by_hint[a][1:] == by_id[a][1:] for a in ids)


def test_segmenter_memo_returns_fresh_lists(engine: SearchEngine) -> None:
    first = engine.seg.tokens("劳动合同 工资")
    first.append("x")
    assert engine.seg.tokens("劳动合同 工资") == first[:-1]
