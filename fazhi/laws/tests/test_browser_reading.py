"""A citizen reads a law and sees how current it is: the 收录截至 notice, the version's status and dates, the
contents that jump to a chapter, the next article, and the changed characters between two versions."""

import pytest
from django.conf import settings

from fazhi.laws.models import Work

pytestmark = pytest.mark.browser


def test_citizen_reads_a_law_knowing_how_current_it_is(page, live_server, reference_data):
    base = live_server.url
    law = Work.objects.get(key="中华人民共和国治安管理处罚法")
    page.goto(f"{base}{law.get_absolute_url()}")
    notice = page.locator(".corpus-notice")
    assert "2025-04-19" in notice.inner_text() and "flk.npc.gov.cn" in notice.inner_text()
    currency = page.locator(".version-currency .currency")
    assert currency.get_attribute("data-status") == "current"
    assert "2012-10-26" in currency.inner_text() and "2006-03-01" in currency.inner_text()
    assert "/akn/" not in page.locator("main").inner_text()  # the identifier is for the export only
    page.screenshot(path=str(settings.VAR_DIR / "law-currency.png"), full_page=True)

    chapter = page.locator("nav.toc a").nth(2)  # 第三章: jumps to its first article
    target = chapter.get_attribute("href")
    chapter.click()
    page.wait_for_url(f"**{target}")
    assert page.locator(target).is_visible()

    page.locator(f"{target} a").first.click()  # the article's own page: the pager walks the law
    first = page.locator("h1").inner_text()
    page.locator("a[rel=next]").click()
    assert page.locator("h1").inner_text() != first
    page.locator("a[rel=prev]").click()
    assert page.locator("h1").inner_text() == first
    assert page.locator(".corpus-notice").is_visible()

    leases = Work.objects.get(key="上海市房屋租赁条例")
    page.goto(f"{base}{leases.get_absolute_url()}")
    assert page.locator(".version-currency .currency").get_attribute("data-status") == "unknown"

    company = Work.objects.get(short_title="公司法")
    page.goto(f"{base}{company.get_absolute_url()}diff/?article=1")
    inserted = page.locator("ol.diff li.diff-replace ins").first
    assert inserted.is_visible() and len(inserted.inner_text()) < 60
    page.screenshot(path=str(settings.VAR_DIR / "law-diff.png"), full_page=True)
