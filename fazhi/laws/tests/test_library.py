import html
import json
import re
from io import StringIO
from urllib.parse import parse_qs
from xml.etree import ElementTree as ET

import pytest
from django.core.management import call_command
from django.urls import reverse

from fazhi.laws.models import Work

pytestmark = pytest.mark.django_db
LABOUR = "中华人民共和国劳动合同法"


def top(client, q, **params):
    response = client.get("/api/v1/law-search/", {"q": q, **params})
    assert response.status_code == 200, response.content
    return response.json()


def test_citizens_find_the_governing_article_in_plain_words(client):
    assert top(client, "公司拖欠工资三个月怎么办")[0]["law"] in {LABOUR, "中华人民共和国劳动法"}
    hits = top(client, "邻居家高空抛物砸坏了我的车")
    assert any(h["law"] == "中华人民共和国民法典" and h["article"] == 1254 for h in hits[:5])


def test_citation_queries_go_straight_to_the_article(client):
    assert (top(client, "劳动合同法 第82条")[0]["law"], top(client, "劳动合同法 第82条")[0]["article"]) == (LABOUR, 82)
    first = top(client, "民法典第一千一百六十五条")[0]
    assert first["article"] == 1165 and first["url"].endswith("/art/1165/")


def test_two_characters_from_the_middle_of_a_phrase_are_found(client):
    # 筑物 occurs only inside 建筑物; a whole-word index alone would miss it.
    assert any("筑物" in h["text"] for h in top(client, "筑物"))


def test_versions_and_point_in_time(client):
    current = top(client, "公司法 第一条")[0]
    assert current["in_force"] and current["version_date"].startswith("2023")
    older = top(client, "公司法 第一条", on="2019-06-01")[0]
    assert older["version_date"].startswith("2018")
    article = client.get(f"/api/v1/laws/{Work.objects.get(short_title='公司法').key}/articles/1/?on=2019-06-01").json()
    assert article["version_date"] == "2018-10-26"


@pytest.mark.parametrize("query", ['"AND OR NOT*', "((( ]]]", "第九千条", "<script>alert(1)</script>", "的"])
def test_hostile_or_odd_queries_answer_cleanly(client, query):
    assert client.get("/api/v1/law-search/", {"q": query}).status_code == 200
    assert client.get(reverse("laws:search"), {"q": query}).status_code == 200


def test_empty_or_oversized_queries_are_refused(client):
    assert client.get("/api/v1/law-search/", {"q": ""}).status_code == 400
    assert client.get("/api/v1/law-search/", {"q": "法" * 600}).status_code == 400
    assert client.get("/api/v1/law-search/", {"q": "合同", "on": "yesterday"}).status_code == 400
    page = client.get(reverse("laws:search"), {"q": "法" * 600}).content.decode()
    assert "500" in page or "errorlist" in page


def test_citation_check_reports_every_status(client):
    text = (
        "依照《中华人民共和国民法典》第一千一百六十五条、民法典第1165条第二款和刑法第二百六十四条，"
        "参照劳动合同法第九千条及《不存在的法》第一条。"
    )
    results = client.post("/api/v1/citations/check/", {"text": text}, content_type="application/json").json()
    statuses = [(r["text"], r["status"]) for r in results]
    found = [r for r in results if r["status"] == "FOUND"]
    assert {r["article"] for r in found} >= {1165, 264}
    assert any(r["status"] == "NOT_FOUND" and "第九千条" in r["text"] for r in results), statuses
    assert any(r["status"] == "NOT_FOUND" and "不存在" in r["reason"] + r["text"] for r in results), statuses
    unknown = next(r for r in results if "不存在" in r["text"])  # a reader's explanation beside the developer's reason
    assert (
        unknown["problem"] == "unknown_law" and unknown["explanation"] and unknown["explanation"] != unknown["reason"]
    )
    assert all(r["problem"] == r["explanation"] == "" for r in found)
    assert all(r["article_text"] for r in found)


def test_citation_resolve(client):
    ok = client.get("/api/v1/citations/resolve/", {"citation": "民法典第1165条第二款"})
    assert ok.status_code == 200 and ok.json()["paragraph"] == 2 and "推定" in ok.json()["article_text"]
    assert client.get("/api/v1/citations/resolve/", {"citation": "刑法第九千条"}).status_code == 404
    assert client.get("/api/v1/citations/resolve/", {"citation": "今天天气很好"}).status_code == 400


def test_pages_link_articles_versions_and_cases(client):
    work = Work.objects.get(key=LABOUR)
    page = client.get(work.get_absolute_url()).content.decode()
    assert "第八十二条" in page and 'id="art-82"' in page
    article = client.get(reverse("laws:article", args=[LABOUR, "82"])).content.decode()
    assert "二倍的工资" in article and "/akn/cn/law/" not in article  # the identifier is in the export (issue #21.6)
    company = Work.objects.get(short_title="公司法")
    diff = client.get(reverse("laws:diff", args=[company.key])).content.decode()
    assert "<ins>" in diff and "<del>" in diff
    old = client.get(reverse("laws:version", args=[company.key, "2018-10-26"])).content.decode()
    assert "不是现行有效版本" in old or "not the version in force" in old
    cases = client.get(reverse("laws:cases")).content.decode()
    assert "加班费" in cases
    assert client.get(reverse("laws:article", args=[LABOUR, "9000"])).status_code == 404
    assert client.get(reverse("laws:article", args=[LABOUR, "abc"])).status_code == 404
    assert client.get(reverse("laws:work", args=["不存在的法"])).status_code == 404


def test_cited_by_lists_citing_articles():
    from fazhi.laws.models import Citation

    citation = (
        Citation.objects.filter(status="FOUND", source_article__isnull=False, target_number__isnull=False)
        .select_related("target_work")
        .first()
    )
    from django.test import Client

    page = Client().get(reverse("laws:article", args=[citation.target_work.key, str(citation.target_number)]))
    assert citation.source_article.label in page.content.decode()


def test_batch_cli_protocols(monkeypatch):
    monkeypatch.setattr("sys.stdin", StringIO('{"q": "劳动合同法 第82条"}\nnot json\n'))
    out = StringIO()
    call_command("law_search", "--jsonl", "--limit", "3", stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert lines[0]["hits"][0]["article"] == 82 and lines[0]["hits"][0]["law"] == LABOUR
    assert set(lines[0]["hits"][0]) >= {"law", "article", "text", "score"}
    assert "error" in lines[1]

    monkeypatch.setattr("sys.stdin", StringIO('{"citation": "民法典第1165条"}\n{"citation": "刑法第九千条"}\n{}\n'))
    out = StringIO()
    call_command("law_resolve", "--jsonl", stdout=out)
    first, second, third = (json.loads(line) for line in out.getvalue().splitlines())
    assert first["article"] == 1165 and first["text"].startswith("行为人因过错")
    assert "error" in second and "error" in third


def test_a_to_z_and_akoma_ntoso_export(client):

    assert Work.objects.get(short_title="民法典").initial == "M"
    assert Work.objects.get(short_title="劳动合同法").initial == "L"
    listing = client.get(reverse("laws:works"), {"initial": "L"}).content.decode()
    assert "劳动合同法" in listing and "民法典" not in listing
    response = client.get(reverse("laws:akn", args=[LABOUR]))
    assert response["Content-Type"].startswith("application/akn+xml")
    root = ET.fromstring(response.content)
    ns = {"a": "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"}
    article = root.find(".//a:article[@eId='art_82']", ns)
    assert article.find("a:num", ns).text == "第八十二条"
    assert "二倍的工资" in "".join(article.itertext())
    assert root.find(".//a:FRBRWork/a:FRBRthis", ns).get("value").endswith(LABOUR)


def test_a_version_downloads_as_a_pdf_of_its_published_text(client):
    from urllib.parse import quote

    from fazhi.core.testing import pdf_text

    response = client.get(reverse("laws:pdf", args=[LABOUR]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert f"filename*=UTF-8''{quote(LABOUR)}-2012-12-28.pdf" in response["Content-Disposition"]
    reader, text = pdf_text(response.content)
    flat = text.replace(" ", "").replace("\n", "")
    assert "中华人民共和国劳动合同法" in flat and "第八十二条" in flat and "二倍的工资" in flat
    assert len(reader.pages) >= 10
    company = Work.objects.get(short_title="公司法")
    old = client.get(reverse("laws:pdf", args=[company.key]), {"on": "2019-01-01"})
    assert old.status_code == 200 and "2018-10-26.pdf" in old["Content-Disposition"]
    assert client.get(reverse("laws:pdf", args=[company.key]), {"on": "1900-01-01"}).status_code == 404
    assert client.get(reverse("laws:pdf", args=["不存在的法"])).status_code == 404


def test_api_serves_a_version_as_pdf(client):
    version = Work.objects.get(key=LABOUR).current_version
    response = client.get(f"/api/v1/law-versions/{version.pk}/pdf/", HTTP_ACCEPT="application/pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert client.get("/api/v1/law-versions/999999/pdf/").status_code == 404


def test_citations_are_linked_where_they_stand(client):
    from fazhi.laws.models import Citation

    found = (
        Citation.objects.filter(source_article__version__work__key=LABOUR, status="FOUND", target_number__isnull=False)
        .select_related("source_article", "target_work")
        .first()
    )
    assert found is not None
    target = reverse("laws:article", args=[found.target_work.key, str(found.target_number)])
    article_page = client.get(found.source_article.get_absolute_url()).content.decode()
    assert f'<a class="cite" href="{target}">{found.text}</a>' in article_page
    law_page = client.get(reverse("laws:work", args=[LABOUR])).content.decode()
    assert f'<a class="cite" href="{target}">{found.text}</a>' in law_page
    in_cases = Citation.objects.filter(source_case__isnull=False, status="FOUND").exclude(target_number=None)
    pages: dict[int, str] = {}
    linked = 0
    for c in in_cases.select_related("source_case", "target_work")[:40]:
        page = pages.get(c.source_case_id) or client.get(c.source_case.get_absolute_url()).content.decode()
        pages[c.source_case_id] = page
        target = reverse("laws:article", args=[c.target_work.key, str(c.target_number)])
        linked += f'<a class="cite" href="{target}">{c.text}</a>' in page
    assert in_cases.exists() and linked >= min(in_cases.count(), 40) // 2


def test_linking_marks_unresolved_references_and_escapes_text():
    from fazhi.laws.choices import CitationProblem, CitationStatus
    from fazhi.laws.linking import link_pieces
    from fazhi.laws.models import Citation

    source = "依照<b>第九千条</b>处理\n依照本法第十条"
    stale = Citation(start=5, end=9, text="第八千条", status=CitationStatus.FOUND)  # offsets of an older text
    exact = Citation(
        start=5,
        end=9,
        text="第九千条",
        status=CitationStatus.NOT_FOUND,
        reason="x has no 第九千条",
        problem="no_article",
    )
    first, second = link_pieces(source, ["依照<b>第九千条</b>处理", "依照本法第十条"], [stale, exact])
    title = CitationProblem.NO_ARTICLE.label  # the reader's explanation, never the resolver's reason
    assert first == f'依照&lt;b&gt;<span class="cite unresolved" title="{title}">第九千条</span>&lt;/b&gt;处理'
    assert second == "依照本法第十条"
    assert link_pieces("甲乙", ["丙"], []) == ["丙"]  # a piece not in the source: shown as it is


def test_change_kind_reads_the_latest_lawmaking_event():
    from fazhi.laws.changes import change_kind

    passed = {"date": "2007-06-29", "kind": "passed"}
    amended = {"date": "2012-12-28", "kind": "amended"}
    effective = {"date": "2013-07-01", "kind": "effective"}
    assert change_kind([passed, amended, effective]) == "amended"
    assert change_kind([passed, effective]) == "enacted"
    assert change_kind([passed, {"date": "2020-05-28", "kind": "revised"}]) == "revised"
    assert change_kind([passed, {"date": None, "kind": "repealed"}]) == "repealed"
    assert change_kind([{"date": None, "kind": "other"}]) == "enacted"  # no law-making event: its first version


def test_changes_page_feed_and_api_list_what_changed(client):
    from django.utils import timezone

    from fazhi.laws.models import Version
    from fazhi.testing.factories import InterpretationFactory

    labour = Version.objects.get(work__key=LABOUR)
    assert labour.change == "amended"  # 2007 passed, 2012 修正
    InterpretationFactory(is_published=True, published_at=timezone.now())
    InterpretationFactory(is_published=True, published_at=timezone.now(), article_number=82)
    InterpretationFactory()  # a draft does not count
    page = client.get(reverse("laws:changes"), {"change": "amended"}).content.decode()
    assert labour.title in page and "application/atom+xml" in page
    row = page.split(labour.title, 1)[1].split("</tr>", 1)[0]
    assert f'<a href="{labour.work.get_absolute_url()}#interpretations">2</a>' in row
    assert labour.title not in client.get(reverse("laws:changes"), {"change": "enacted"}).content.decode()
    assert client.get(reverse("laws:changes"), {"since": "不是日期"}).status_code == 200
    feed = client.get(reverse("laws:changes_feed"), {"doc_type": "law"})
    assert feed["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(feed.content)
    entries = root.findall("{http://www.w3.org/2005/Atom}entry")
    titles = [e.findtext("{http://www.w3.org/2005/Atom}title") for e in entries]
    assert any(t.endswith("中华人民共和国劳动合同法") for t in titles) and len(titles) < Version.objects.count()
    listed = client.get("/api/v1/law-versions/", {"change": "amended", "doc_type": "law"}).json()
    assert listed["results"] and all(v["change"] == "amended" and "articles" not in v for v in listed["results"])
    dates = [v["version_date"] for v in listed["results"]]
    assert dates == sorted(dates, reverse=True)
    assert client.get("/api/v1/law-versions/", {"since": "2020-13-40"}).status_code == 400


def test_search_shows_the_typical_cases_applying_the_found_articles(client):
    from fazhi.laws.models import Citation
    from fazhi.laws.search import related_cases, search

    cited = Citation.objects.filter(source_case__isnull=False, status="FOUND", target_work__key=LABOUR)
    cited = cited.exclude(target_number=None).select_related("source_case", "target_work").first()
    assert cited is not None, "the sample corpus's labour cases cite the Labour Contract Law"
    query = f"劳动合同法 第{cited.target_number}条"
    hits, _facets = search(query, limit=10)
    related = related_cases(hits)
    assert related and related[0].case == cited.source_case
    assert related[0].cites[0].startswith("劳动合同法第")
    page = client.get(reverse("laws:search"), {"q": query}).content.decode()
    assert cited.source_case.title in page.split("related-cases", 1)[1]
    assert related_cases([]) == []


def test_cases_filter_by_the_article_they_cite_in_the_portal_and_the_api(client):
    from fazhi.laws.models import Citation, TypicalCase

    cited = Citation.objects.filter(source_case__isnull=False, status="FOUND", target_work__key=LABOUR)
    cited = cited.exclude(target_number=None).select_related("source_case").first()
    citing = set(
        Citation.objects.filter(
            target_work__key=LABOUR, target_number=cited.target_number, source_case__isnull=False
        ).values_list("source_case__title", flat=True)
    )
    page = client.get(reverse("laws:cases"), {"law": "劳动合同法", "article": cited.target_number}).content.decode()
    assert all(title in page for title in citing)
    others = set(TypicalCase.objects.values_list("title", flat=True)) - citing
    assert not any(f">{title}</a>" in page for title in others)
    listed = client.get("/api/v1/law-cases/", {"law": LABOUR, "article": cited.target_number}).json()
    assert {c["title"] for c in listed["results"]} == citing
    detail = client.get(f"/api/v1/law-cases/{cited.source_case.pk}/").json()
    assert detail["facts"] and any(
        c["status"] == "FOUND" and c["law"] == LABOUR and c["url"].startswith("/laws/") for c in detail["citations"]
    )
    assert client.get("/api/v1/law-cases/", {"article": "第八十二条"}).status_code == 400
    assert client.get("/api/v1/law-cases/999999/").status_code == 404


def test_facets_narrow_the_search_and_widen_it_again(client):
    import html
    import re

    page = client.get(reverse("laws:search"), {"q": "工资"}).content.decode()
    facets = page.split('class="facets"', 1)[1].split("</nav>", 1)[0]
    links = {html.unescape(href) for href in re.findall(r'href="([^"]+)"', facets)}
    narrow = next(link for link in links if "doc_type=law" in link)
    assert any("region=national" in link for link in links)
    narrowed = client.get(reverse("laws:search") + narrow).content.decode()
    active = narrowed.split('class="facets"', 1)[1].split("</nav>", 1)[0]
    assert 'aria-current="true"' in active
    widen = html.unescape(re.search(r'class="badge active" href="([^"]+)"', active).group(1))
    assert "doc_type" not in widen and "q=" in widen
    hits = narrowed.split('class="hits"', 1)[1].split("</ol>", 1)[0]
    assert "中华人民共和国" in hits and "上海市" not in hits  # laws only: no local regulation


def test_search_within_one_law_from_its_page_and_the_api(client):
    page = client.get(reverse("laws:work", args=[LABOUR])).content.decode()
    assert f'name="law" value="{LABOUR}"' in page
    within = client.get(reverse("laws:search"), {"q": "工资", "law": LABOUR}).content.decode()
    hits = within.split('class="hits"', 1)[1].split("</ol>", 1)[0]
    assert hits.count("<li>") >= 3 and hits.count("中华人民共和国劳动合同法") == hits.count("<li>")
    assert "只在中华人民共和国劳动合同法中检索" in within or "Searching in" in within
    unknown = client.get(reverse("laws:search"), {"q": "工资", "law": "不存在的法"}).content.decode()
    assert "没有这部法律" in unknown or "no such law" in unknown
    api = client.get("/api/v1/law-search/", {"q": "工资", "law": LABOUR}).json()
    assert api and {h["law"] for h in api} == {LABOUR}
    assert client.get("/api/v1/law-search/", {"q": "工资", "law": "不存在的法"}).status_code == 400


def _section(page: str, marker: str, end: str) -> str:
    return page.split(marker, 1)[1].split(end, 1)[0]


@pytest.mark.parametrize("q", [LABOUR, "劳动合同法", "《劳动合同法》"])
def test_a_law_named_in_the_search_comes_first_as_the_law(client, q):
    page = client.get(reverse("laws:search"), {"q": q}).content.decode()
    assert page.index('class="named-works"') < page.index('class="hits"')
    assert f'href="{reverse("laws:work", args=[LABOUR])}"' in _section(page, 'class="named-works"', "</section>")
    first = _section(page, 'class="hits"', "</li>")
    assert LABOUR in first and "第一条" in first  # then the law's articles, in order
    cited = client.get(reverse("laws:search"), {"q": "劳动合同法第八十二条"}).content.decode()
    assert 'class="named-works"' not in cited  # a citation goes to its article


@pytest.mark.parametrize("q", ["公司拖欠工资", "工资"])
def test_facet_counts_are_the_hits_each_facet_gives(client, q):
    page = client.get(reverse("laws:search"), {"q": q}).content.decode()
    total = int(re.search(r'data-total="(\d+)"', page).group(1))
    badges = re.findall(r'class="badge" href="([^"]+)">[^<]*? (\d+)</a>', _section(page, 'class="facets"', "</nav>"))
    assert badges and total > 0
    by_field: dict[str, int] = {}
    for href, count in badges:
        field = "doc_type" if "doc_type=" in href else "region"
        by_field[field] = by_field.get(field, 0) + int(count)
        narrowed = client.get(reverse("laws:search") + html.unescape(href)).content.decode()
        assert int(re.search(r'data-total="(\d+)"', narrowed).group(1)) == int(count), href
        assert _section(narrowed, 'class="hits"', "</ol>").count("<li>") == min(int(count), 20)
    assert by_field == {"doc_type": total, "region": total}  # every hit counted once per facet group


def test_nothing_found_suggests_related_terms(client):
    page = client.get(reverse("laws:search"), {"q": "拖欠工资", "region": "北京"}).content.decode()
    assert 'data-total="0"' in page
    links = re.findall(r'href="\?([^"]+)"', _section(page, 'class="suggestions"', "</p>"))
    assert links and all("region=%E5%8C%97%E4%BA%AC" in link for link in links)  # the filters stay
    terms = {parse_qs(html.unescape(link))["q"][0] for link in links}
    assert "劳动报酬" in terms  # the statutory word for the everyday one
    found = client.get(reverse("laws:search"), {"q": "劳动报酬"}).content.decode()
    assert 'class="suggestions"' not in found and 'data-total="0"' not in found
