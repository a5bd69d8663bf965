"""A citizen finds the law for an everyday problem and follows the links between articles and versions."""

import pytest
from django.conf import settings

from fazhi.laws.models import Citation

pytestmark = pytest.mark.browser


def test_citizen_searches_in_plain_words_and_follows_links(page, live_server, reference_data):
    base = live_server.url
    page.goto(f"{base}/")
    page.get_by_role("link", name="法规全书").first.click()
    page.get_by_label("描述您遇到的情况,或输入法律名称和条文").fill("劳动合同法 第82条")
    page.get_by_role("button", name="搜索").click()
    first = page.locator("ol.hits li h3 a").first
    assert "劳动合同法" in first.inner_text() and "第八十二条" in first.inner_text()
    page.screenshot(path=str(settings.VAR_DIR / "law-search.png"), full_page=True)
    first.click()
    assert "二倍的工资" in page.content()
    page.screenshot(path=str(settings.VAR_DIR / "law-article.png"), full_page=True)
    page.get_by_role("link", name="中华人民共和国劳动合同法").first.click()  # back to the whole law, at the article
    assert page.locator("#art-82").is_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="下载 PDF").click()
    assert download.value.suggested_filename.startswith("中华人民共和国劳动合同法-")
    assert download.value.suggested_filename.endswith(".pdf")
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    page.locator("section.article a.cite").first.click()  # a reference inside the text leads to the cited article
    assert "/art/" in page.url and page.locator("h1").inner_text()

    page.goto(f"{base}/laws/")
    page.get_by_role("link", name="立改废释动态").click()  # what was enacted or amended lately
    page.get_by_label("变动").select_option("amended")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url("**change=amended**")
    rows = page.locator("#results tbody tr")
    assert rows.count() >= 1 and all("修正" in text for text in rows.all_inner_texts())
    page.locator("#results tbody tr a").first.click()
    assert page.locator("h1").inner_text() and "/laws/" in page.url

    cited = (
        Citation.objects.filter(source_case__isnull=False, status="FOUND", target_work__key="中华人民共和国劳动合同法")
        .exclude(target_number=None)
        .first()
    )
    page.goto(f"{base}/laws/search/?q=劳动合同法 第{cited.target_number}条")
    page.locator("section.related-cases a").first.click()  # a typical case applying the article found
    assert "/laws/cases/" in page.url and page.locator("a.cite").count() > 0  # its text links what it cites

    page.goto(f"{base}/laws/search/?q=邻居家高空抛物砸坏了我的车")
    assert "建筑物" in page.locator("ol.hits").inner_text()
    page.locator("nav.facets a", has_text="法律").first.click()  # narrow to national laws by a facet
    assert "doc_type=law" in page.url and page.locator("nav.facets a.active").count() == 1

    page.goto(f"{base}/laws/all/?q=公司法")
    page.get_by_role("link", name="中华人民共和国公司法").click()
    page.get_by_role("link", name="版本比较").click()
    assert page.locator("ins").count() > 0 and page.locator("del").count() > 0

    page.goto(f"{base}/laws/中华人民共和国劳动合同法/")
    page.get_by_label("在本法中检索").fill("试用期")  # search within the law being read
    page.get_by_label("在本法中检索").press("Enter")
    titles = page.locator("ol.hits li h3").all_inner_texts()
    assert titles and all("劳动合同法" in t for t in titles)
    assert "只在中华人民共和国劳动合同法中检索" in page.content()


def test_a_reader_sees_no_false_references_and_no_developer_messages(page, live_server, reference_data):
    """Issue #21 point 1: 本条例 is not a link to the article itself; "cited by" never lists the article itself or
    an article twice; an unfollowed reference explains itself in plain words."""
    base = live_server.url
    page.goto(f"{base}/laws/重大行政决策程序暂行条例/art/38/")  # 违反本条例规定的 … (twice)
    article = page.locator("div.article")
    assert "违反本条例规定" in article.inner_text() and article.locator("a.cite").count() == 0
    for number in (3, 35):  # 3 says 本条第一款 (twice) and 本条例; 35 is cited by 第三十七条 (本条例第三十五条)
        page.goto(f"{base}/laws/重大行政决策程序暂行条例/art/{number}/")
        cited_by = page.locator("h2", has_text="被引用").locator("xpath=following-sibling::ul[1]")
        hrefs = [a.get_attribute("href") for a in cited_by.locator("a").all()]
        assert not any(h.rstrip("/").endswith(f"/art/{number}") for h in hrefs) and len(hrefs) == len(set(hrefs))
    assert any(h.rstrip("/").endswith("/art/37") for h in hrefs)
    unresolved = Citation.objects.exclude(status="FOUND").filter(source_article__isnull=False).first()
    page.goto(f"{base}{unresolved.source_article.get_absolute_url()}")
    title = page.locator("span.cite.unresolved").first.get_attribute("title")
    assert title and title != unresolved.reason and "context" not in title
