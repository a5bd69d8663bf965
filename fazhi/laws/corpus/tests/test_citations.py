import time

import pytest

from fazhi.laws.corpus.citations import Status, TitleIndex, article_table, find_citations, resolve
from fazhi.laws.corpus.parser import merge_parts, parse_file

from ._data import require_corpus


def spans(text, index=None):
    return [
        (c.text, c.law_name, c.relative, c.article, c.article_end, c.paragraph, c.item)
        for c in find_citations(text, index)
    ]


@pytest.fixture(scope="module")
def corpus():
    """A small real corpus: 民法典, 刑法, 劳动合同法, 农民专业合作社法, 民事诉讼法 (two versions)."""
    root = require_corpus()
    code = merge_parts([parse_file(p, root) for p in (root / "民法典").glob("*.md") if p.name != "_index.md"])
    files = [
        "刑法/刑法.md",
        "社会法/劳动合同法(2012-12-28).md",
        "民法商法/农民专业合作社法(2017-12-27).md",
        "诉讼与非诉讼程序法/民事诉讼法(2021-12-24).md",
        "诉讼与非诉讼程序法/民事诉讼法(2023-09-01).md",
    ]
    docs = [code, *(parse_file(root / f, root) for f in files)]
    return TitleIndex.from_documents(docs), article_table(docs)


def test_find_full_name_chinese_numerals():
    assert spans("依据《中华人民共和国民法典》第一千一百六十五条规定") == [
        ("《中华人民共和国民法典》第一千一百六十五条", "中华人民共和国民法典", None, (1165, 0), None, None, None)
    ]


def test_find_short_name_arabic_and_paragraph():
    assert spans("民法典第1165条第二款") == [("民法典第1165条第二款", "民法典", None, (1165, 0), None, 2, None)]


def test_find_bare_name_after_verb():
    assert spans("依照刑法第二百六十四条的规定") == [("刑法第二百六十四条", "刑法", None, (264, 0), None, None, None)]
    assert spans("农民专业合作社法第三十三条")[0][1] == "农民专业合作社法"


def test_find_item_with_halfwidth_parentheses():
    assert spans("《劳动合同法》第八十二条第一款第(二)项") == [
        ("《劳动合同法》第八十二条第一款第(二)项", "劳动合同法", None, (82, 0), None, 1, 2)
    ]


def test_find_relative_references():
    assert spans("本法第十条") == [("本法第十条", None, "this_law", (10, 0), None, None, None)]
    assert spans("违反前款规定")[0][2] == "previous_paragraph"
    assert find_citations("前两款")[0].count == 2
    assert spans("本条第二款") == [("本条第二款", None, "this_article", None, None, 2, None)]
    assert spans("见前条")[0][2] == "previous_article"
    assert spans("香港特别行政区基本法第十八条")[0][1] == "香港特别行政区基本法"  # 基本法 is no 本法


def test_find_ranges_and_lists():
    assert spans("本法第一千一百九十八条至第一千二百零一条的规定") == [
        ("本法第一千一百九十八条至第一千二百零一条", None, "this_law", (1198, 0), (1201, 0), None, None)
    ]
    assert spans("刑法第十条、第十一条") == [
        ("刑法第十条", "刑法", None, (10, 0), None, None, None),
        ("第十一条", "刑法", None, (11, 0), None, None, None),
    ]
    listed = spans("民法典第七十九条第一款、第二款")
    assert [s[5] for s in listed] == [1, 2] and listed[1][3] == (79, 0)


def test_find_two_laws_and_same_law():
    found = spans("民法典第一千零七十九条和婚姻法第三十二条；该法第五条")
    assert [(s[1], s[3]) for s in found] == [("民法典", (1079, 0)), ("婚姻法", (32, 0)), ("婚姻法", (5, 0))]


def test_find_law_without_article_and_abbreviation(corpus):
    index, _ = corpus
    assert spans("根据《中华人民共和国食品安全法》的规定") == [
        ("《中华人民共和国食品安全法》", "中华人民共和国食品安全法", None, None, None, None, None)
    ]
    assert spans("《汽车销售合同》第七条约定")[0][2] == "implicit"  # a contract is no law
    assert spans("民诉法第一百二十二条", index)[0][1] == "民诉法"


def test_index_lookup(corpus):
    index, _ = corpus
    assert index.lookup("中华人民共和国民法典") == ["中华人民共和国民法典"]
    assert index.lookup("《民法典》") == ["中华人民共和国民法典"]
    assert index.lookup("刑诉法") == []  # not in this small corpus
    assert index.lookup("民诉法") == ["中华人民共和国民事诉讼法"]  # two versions, one work
    assert index.longest_suffix("即依照刑法") == ("刑法", ["中华人民共和国刑法"])


def test_resolve_found(corpus):
    index, table = corpus
    r = resolve(find_citations("《中华人民共和国民法典》第一千一百六十五条")[0], index, table.get)
    assert (r.status, r.work_key, r.article) == (Status.FOUND, "中华人民共和国民法典", (1165, 0))
    r = resolve(find_citations("民法典第1165条第二款")[0], index, table.get)
    assert (r.status, r.paragraph) == (Status.FOUND, 2)
    r = resolve(find_citations("劳动合同法第三十八条第一款第（二）项")[0], index, table.get)
    assert (r.status, r.work_key, r.item) == (Status.FOUND, "中华人民共和国劳动合同法", 2)
    r = resolve(find_citations("刑法第一百二十条之一")[0], index, table.get)
    assert (r.status, r.article) == (Status.FOUND, (120, 1))
    r = resolve(find_citations("农民专业合作社法第三十三条")[0], index, table.get)
    assert r.status == Status.FOUND


def test_resolve_not_found_with_reasons(corpus):
    index, table = corpus
    r = resolve(find_citations("民法典第九千条")[0], index, table.get)
    assert r.status == Status.NOT_FOUND and "第九千条" in r.reason
    r = resolve(find_citations("合同法第五十二条")[0], index, table.get)  # repealed, not in the corpus
    assert r.status == Status.NOT_FOUND and "合同法" in r.reason
    r = resolve(find_citations("《劳动合同法》第八十二条第一款第(二)项")[0], index, table.get)
    assert r.status == Status.NOT_FOUND and "no item 2" in r.reason
    r = resolve(find_citations("民法典第1165条第三款")[0], index, table.get)
    assert r.status == Status.NOT_FOUND and "2 paragraph(s)" in r.reason
    r = resolve(find_citations("本法第十条")[0], index, table.get)
    assert r.status == Status.NOT_FOUND and "context" in r.reason


def test_resolve_relative_with_context(corpus):
    index, table = corpus
    civil = "中华人民共和国民法典"
    r = resolve(find_citations("本法第一千一百九十八条至第一千二百零一条")[0], index, table.get, context_work_key=civil)
    assert (r.status, r.article, r.article_end) == (Status.FOUND, (1198, 0), (1201, 0))
    r = resolve(find_citations("前款")[0], index, table.get, civil, (1165, 0), 2)
    assert (r.status, r.article, r.paragraph) == (Status.FOUND, (1165, 0), 1)
    r = resolve(find_citations("前款")[0], index, table.get, civil, (1165, 0), 1)
    assert r.status == Status.NOT_FOUND
    r = resolve(find_citations("本条")[0], index, table.get, civil, (1165, 0))
    assert (r.status, r.article) == (Status.FOUND, (1165, 0))
    r = resolve(find_citations("前条")[0], index, table.get, civil, (1, 0))
    assert r.status == Status.NOT_FOUND


def test_ambiguous_name_is_reported_not_guessed():
    index = TitleIndex(
        [
            ("上海市物业管理条例", "上海市物业管理条例", ["物业条例"]),
            ("北京市物业管理条例", "北京市物业管理条例", ["物业条例"]),
        ],
        abbreviations={},
    )
    assert set(index.lookup("物业条例")) == {"北京市物业管理条例", "上海市物业管理条例"}
    r = resolve(find_citations("物业条例第十条")[0], index, lambda key: {(10, 0)})
    assert r.status == Status.AMBIGUOUS
    assert set(r.candidates) == {"上海市物业管理条例", "北京市物业管理条例"} and r.work_key is None


def test_resolve_is_fast(corpus):
    index, table = corpus
    cited = find_citations("依照刑法第二百六十四条、民法典第一千一百六十五条第二款和《劳动合同法》第三十八条", index)
    start = time.perf_counter()
    for _ in range(1000):
        for c in cited:
            resolve(c, index, table.get)
    per_call = (time.perf_counter() - start) / (1000 * len(cited))
    assert per_call < 1e-3


# --- issue #21 point 1: 本条例 is the work itself, never 本条 + 例 ----------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "违反本条例规定的，由市场监督管理部门责令改正。",
        "本条例自2022年1月1日起施行。",
        "本规定所称人民建议，是指……",
        "本办法由市司法局负责解释。",
        "本法自公布之日起施行。",
        "本细则、本决定、本解释、本规则和本法典另有规定的除外。",
        "申请人应当具备下列基本条件：",
        "国家保障其根本条件。",
    ],
)
def test_the_work_itself_or_a_word_containing_ben_tiao_is_no_article_reference(text):
    assert [s for s in spans(text) if s[2] == "this_article"] == []
    assert spans(text) == []  # 本条例 alone names the work being read: nothing to link


def test_ben_tiao_li_with_an_article_is_this_law_and_ben_tiao_stays_this_article():
    assert spans("违反本条例第十条规定") == [("本条例第十条", None, "this_law", (10, 0), None, None, None)]
    assert spans("依照本规定第五条第二款") == [("本规定第五条第二款", None, "this_law", (5, 0), None, 2, None)]
    assert spans("违反本条规定的") == [("本条", None, "this_article", None, None, None, None)]
    assert spans("本条第二款所称") == [("本条第二款", None, "this_article", None, None, 2, None)]
    assert spans("本条例所称前款规定") == [("前款", None, "previous_paragraph", None, None, None, None)]


def test_paragraph_of_a_reference_is_where_it_stands():
    from fazhi.laws.corpus.citations import paragraph_at, paragraph_starts

    paragraphs = ["甲应当登记。", "乙依照前款规定。\n（一）前款所列；\n（二）其他", "丙：前两款规定。"]
    text = "\n".join(paragraphs)
    starts = paragraph_starts(text, paragraphs)
    assert starts == [0, len(paragraphs[0]) + 1, len(paragraphs[0]) + len(paragraphs[1]) + 2]
    found = [(c.text, paragraph_at(starts, c.start)) for c in find_citations(text)]
    assert found == [("前款", 2), ("前款", 2), ("前两款", 3)]
    assert paragraph_at([], 5) is None and paragraph_starts("甲", ["乙"]) == []


def test_unresolved_citations_carry_a_problem_code(corpus):
    from fazhi.laws.corpus.citations import Problem

    index, table = corpus
    civil = "中华人民共和国民法典"
    assert resolve(find_citations("《不存在的法》第一条")[0], index, table.get).problem == Problem.UNKNOWN_LAW
    assert resolve(find_citations("刑法第九千条")[0], index, table.get).problem == Problem.NO_ARTICLE
    no_paragraph = resolve(find_citations("前款")[0], index, table.get, civil, (1165, 0))
    assert (no_paragraph.status, no_paragraph.problem) == (Status.NOT_FOUND, Problem.NO_CONTEXT)
    first = resolve(find_citations("前款")[0], index, table.get, civil, (1165, 0), 1)
    assert first.problem == Problem.NO_PARAGRAPH
    assert resolve(find_citations("民法典第1165条")[0], index, table.get).problem == Problem.NONE


def test_a_title_in_book_marks_is_matched_whole_never_by_a_suffix():
    index = TitleIndex(
        [("中华人民共和国医师法", "中华人民共和国医师法", ()), ("航道管理条例", "中华人民共和国航道管理条例", ())],
        abbreviations={},
    )
    table = {"中华人民共和国医师法": {(9, 0): (1,), (10, 0): (1,)}, "航道管理条例": {(1, 0): (1,)}}
    for text in ("具有《执业医师法》第九条、第十条规定的条件", "按照《上海市内河航道管理条例》办理"):
        for span in find_citations(text, index):
            assert resolve(span, index, table.get).status == Status.NOT_FOUND, span
    bare = find_citations("依照医师法第九条", index)[0]  # a bare name still loses the words before it
    assert resolve(bare, index, table.get).work_key == "中华人民共和国医师法"
