import datetime as dt

from fazhi.laws.corpus.parser import iter_corpus, merge_parts, parse_file, parse_text

from ._data import require_corpus


def kinds(doc):
    return [w.kind for w in doc.warnings]


def test_minfadian_parts_merge_into_one_document():
    root = require_corpus()
    parts = [parse_file(p, root) for p in sorted((root / "民法典").glob("*编.md"))]
    parts += [parse_file(root / "民法典" / name, root) for name in ("总则.md", "附则.md")]
    part = next(p for p in parts if p.subtitle == "侵权责任编")
    assert part.title == "中华人民共和国民法典"
    assert part.articles[0].label == "第一千一百六十四条"
    assert "article-start" not in kinds(part)  # a part does not start at 1

    code = merge_parts(parts)
    assert code.path == "民法典"
    assert len(code.source_paths) == 8
    assert [a.key for a in code.articles] == [(n, 0) for n in range(1, 1261)]
    art = code.article(1165)
    assert art.heading_path == ("第七编 侵权责任", "第一章 一般规定")
    assert art.paragraphs[0].text == "行为人因过错侵害他人民事权益造成损害的，应当承担侵权责任。"
    assert art.paragraphs[1].text.startswith("依照法律规定推定行为人有过错")
    assert [n.label for n in code.structure][:2] == ["第一编 总则", "第二编 物权"]
    assert code.structure[-1].label == "附则"
    assert code.effective_date == dt.date(2021, 1, 1)
    assert code.doc_type == "法律" and code.level == 2 and code.region == "national"
    # the only irregularity: 附则.md has a bare "##" line
    assert [(w.path, w.line, w.kind) for w in code.warnings] == [("民法典/附则.md", 11, "heading-empty")]


def test_criminal_law_article_264_and_history():
    root = require_corpus()
    doc = parse_file(root / "刑法" / "刑法.md", root)
    art = doc.article(264)
    assert art.text.startswith("盗窃公私财物，数额较大的")
    assert art.heading_path == ("第二编 分则", "第五章 侵犯财产罪")
    assert doc.article(120, 1).label == "第一百二十条之一"
    assert doc.issuing_body == "全国人民代表大会"
    assert doc.history[0].date == dt.date(1979, 7, 1) and doc.history[0].kind == "passed"
    assert doc.history[1].kind == "revised"
    assert doc.history[2].kind == "amended"  # "…通过的《…决定》"
    assert doc.version_date == dt.date(2023, 12, 29) and doc.version_date_source == "history"
    assert doc.effective_date == dt.date(1997, 10, 1)


def test_shanghai_regulation_dates_and_items():
    root = require_corpus()
    path = root / "DLC/上海地方法规/地方性法规/上海/上海市不动产登记若干规定(2020-11-27).md"
    doc = parse_file(path, root)
    assert doc.region == "上海"
    assert doc.doc_type == "地方性法规" and doc.level == 4
    assert doc.issuing_body == "上海市人民代表大会常务委员会"
    assert doc.version_date == dt.date(2020, 11, 27) and doc.version_date_source == "filename"
    assert [(e.date, e.kind) for e in doc.history] == [(dt.date(2020, 11, 27), "passed")]
    assert doc.effective_date == dt.date(2021, 3, 1)
    items = doc.article(3).paragraphs[0].items
    assert [i.number for i in items] == list(range(1, 12))
    assert items[7].text == "居住权；"
    assert len(doc.content_hash) == 64


def test_history_line_with_several_events_and_wrapping():
    text = (
        "# 某市条例\n\n"
        "1996年6月1日 广东省第八届人民代表大会常务委员会第二十二次会议批准  "
        "2010年10月29日广州市第十三届人民代表大会常务委员会第三十五次会议第一次修订  根据\n\n"
        "2015年1月1日 某市第一届人民代表大会常务委员会《关于修改〈某市\n\n"
        "条例〉的决定》修正）\n\n"
        "<!-- INFO END -->\n\n第一条 本条例自2016年1月1日起施行。\n"
    )
    doc = parse_text(text, "DLC/广东地方法规/地方性法规/广东/某市条例.md")
    assert [(e.date.year, e.kind) for e in doc.history] == [(1996, "approved"), (2010, "revised"), (2015, "amended")]
    assert doc.history[2].raw.endswith("的决定》修正")
    assert doc.effective_date == dt.date(2016, 1, 1)
    assert doc.region == "广东" and doc.version_date == dt.date(2015, 1, 1)
    assert doc.warnings == []


def test_malformed_markdown_gives_warnings_not_exceptions():
    text = (
        "# 测试条例\n\n2020年1月1日 某会议通过\n\n<!-- INFO END -->\n\n"
        "## 第一章 总则\n\n"
        "孤立的文字。\n\n"
        "第一条 第一条的文字。\n\n"
        "第三条 跳过了第二条。\n\n"
        "第三条 重复的第三条。\n\n"
        "第二条 倒序。\n\n"
        "## 第三章 跳章\n\n"
        "## \n\n"
        "## 奇怪的标题\n\n"
        "第四条 有下列情形之一：\n\n（一）甲；\n\n（三）丙。\n"
    )
    doc = parse_text(text, "行政法规/测试条例.md")
    found = kinds(doc)
    for kind in (
        "text-outside-article",
        "article-gap",
        "article-duplicate",
        "article-order",
        "heading-gap",
        "heading-empty",
        "heading-unknown",
        "item-sequence",
    ):
        assert kind in found, kind
    assert [a.key for a in doc.articles] == [(1, 0), (3, 0), (2, 0), (4, 0)]
    dup = next(w for w in doc.warnings if w.kind == "article-duplicate")
    assert dup.line == 15 and dup.path == "行政法规/测试条例.md"


def test_file_without_info_end_or_title():
    doc = parse_text("第一条 只有正文。\n", "其他/无题(2020-01-02).md")
    assert {"no-info-end", "no-title"} <= set(kinds(doc))
    assert doc.title == "无题" and doc.version_date == dt.date(2020, 1, 2)
    assert doc.articles[0].text == "只有正文。"


def test_ordinal_numbered_document():
    text = "# 某批复\n\n<!-- INFO END -->\n\n前言。\n\n一、第一点。\n\n答：说明。\n\n二、第二点。\n"
    doc = parse_text(text, "司法解释/某批复.md")
    assert doc.numbering == "ordinal" and doc.doc_type == "司法解释"
    assert [(a.number, a.label) for a in doc.articles] == [(1, "一、"), (2, "二、")]
    assert doc.articles[0].paragraphs[1].text == "答：说明。"
    assert doc.preamble == "前言。"


def test_corpus_totals():
    root = require_corpus()
    docs = list(iter_corpus(root))
    assert len(docs) == 3416  # 3,423 law files, the 8 民法典 parts merged into one
    assert sum(len(d.articles) for d in docs) > 140_000
    assert not any(d.path.endswith("_index.md") or d.path.startswith("案例") for d in docs)
    versions = [d for d in docs if d.work_key == "中华人民共和国民事诉讼法"]
    assert sorted(d.status for d in versions) == ["current", "superseded"]
