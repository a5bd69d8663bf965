"""Reading a law as on flk.npc.gov.cn (issue #21 point 6): contents with jump links, previous/next article, a
character-level version diff, and no raw Akoma Ntoso identifier in the reading view (only in the export)."""

import datetime as dt
import re

import pytest

from fazhi.laws.models import Article, Version, Work
from fazhi.laws.reading import Segment, char_segments, diff_rows, toc_entries

pytestmark = pytest.mark.django_db
LABOUR = "中华人民共和国劳动合同法"


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_contents_link_every_part_to_its_first_article(client):
    law = Work.objects.get(key=LABOUR)
    entries = toc_entries(law.current_version.toc)
    assert entries[0].label.startswith("第一章") and entries[0].anchor == "art-1"
    assert sum(e.depth == 0 for e in entries) == 8 and all(e.anchor for e in entries)  # 8 章, 3 节 under 第五章
    page = _page(client, law.get_absolute_url())
    nav = page.split('<nav class="toc"', 1)[1].split("</nav>", 1)[0]
    links = re.findall(r'href="#(art-[0-9-]+)"', nav)
    assert len(links) == len(entries)
    assert all(f'id="{anchor}"' in page for anchor in links)  # every jump lands on an article


def test_nested_contents_of_a_code_link_parts_through_their_first_chapter():
    toc = [{"label": "第一编", "articles": [], "children": [{"label": "第一章", "articles": [[3, 1]], "children": []}]}]
    entries = toc_entries(toc)
    assert [(e.depth, e.label, e.anchor) for e in entries] == [(0, "第一编", "art-3-1"), (1, "第一章", "art-3-1")]
    assert toc_entries([{"label": "附则", "articles": [], "children": []}])[0].anchor == ""


def test_article_pages_link_the_previous_and_next_article(client):
    law = Work.objects.get(key=LABOUR)
    first = _page(client, f"{law.get_absolute_url()}art/1/")
    assert 'rel="next"' in first and 'rel="prev"' not in first and "/art/2/" in first
    middle = _page(client, f"{law.get_absolute_url()}art/82/")
    assert re.search(r'rel="prev" href="[^"]*/art/81/"', middle) and re.search(
        r'rel="next" href="[^"]*/art/83/"', middle
    )
    last = law.current_version.articles.order_by("-position").first()
    assert 'rel="next"' not in _page(client, last.get_absolute_url())
    criminal = Work.objects.get(short_title="刑法")  # 之一 articles sit between their neighbours
    inserted = Article.objects.get(version=criminal.current_version, number=120, suffix=1)
    page = _page(client, inserted.get_absolute_url())
    assert re.search(r'rel="prev" href="[^"]*/art/120/"', page)
    assert re.search(r'rel="next" href="[^"]*/art/120-2/"', page)


def test_older_versions_keep_their_date_in_the_pager(client):
    company = Work.objects.get(short_title="公司法")
    older = Version.objects.get(work=company, version_date=dt.date(2018, 10, 26))
    page = _page(client, f"{company.get_absolute_url()}art/5/?on=2018-10-26")
    assert older.title in page and "?on=2018-10-26" in page.split('rel="next"', 1)[1][:200]


def test_the_diff_marks_changed_characters_not_whole_lines():
    assert char_segments("处三日以下拘留", "处五日以下拘留") == (
        Segment("equal", "处"),
        Segment("delete", "三"),
        Segment("insert", "五"),
        Segment("equal", "日以下拘留"),
    )
    rows = diff_rows(
        ["第一条 甲", "第二条 乙乙乙", "第三条 丙"], ["第一条 甲", "第二条 乙丁乙", "第三条 丙", "第四条 新"]
    )
    assert [r.kind for r in rows] == ["replace", "insert"]
    assert Segment("insert", "丁") in rows[0].segments and Segment("delete", "乙") in rows[0].segments
    assert rows[1].segments == (Segment("insert", "第四条 新"),)
    assert [r.kind for r in diff_rows(["a", "b"], ["a"])] == ["delete"]


def test_the_diff_page_between_two_company_law_versions(client):
    company = Work.objects.get(short_title="公司法")
    page = _page(client, f"{company.get_absolute_url()}diff/?article=1")
    changed = re.findall(r"<ins>(.*?)</ins>", page)
    assert changed and all(len(text) < 60 for text in changed)  # characters within the sentence, not the article
    assert 'class="diff-replace"' in page and "第一条" in page  # the unchanged part of the line is shown as is


def test_the_akn_identifier_leaves_the_reading_view_but_stays_in_the_export(client):
    law = Work.objects.get(key=LABOUR)
    for url in (law.get_absolute_url(), f"{law.get_absolute_url()}art/82/"):
        assert "/akn/" not in _page(client, url)
    export = client.get(f"{law.get_absolute_url()}akn.xml").content.decode()
    assert law.current_version.frbr_expression in export
