"""12345 in a browser: a citizen reports a problem; the street's handler replies; the citizen confirms and rates."""

import pytest
from django.conf import settings
from django.core.cache import cache

from fazhi.core.tests.test_browser import log_in, log_out
from fazhi.hotline.models import Ticket
from fazhi.hotline.tests.factories import NANJING_ROAD, category
from fazhi.orgs.models import Organisation

pytestmark = pytest.mark.browser


def test_citizen_reports_handler_replies_citizen_rates(page, live_server, reference_data, password):
    base = live_server.url
    cache.clear()
    category()
    street = Organisation.objects.get(code=NANJING_ROAD)

    log_in(page, base, "citizen", password)
    page.goto(f"{base}/hotline/")
    page.locator("#id_category").select_option(label="市容环境")
    page.locator("#id_description").fill("南京东路 100 号门口垃圾桶满溢,三天没人清运。")
    page.locator("#id_address").fill("南京东路 100 号")
    page.locator("#id_street").select_option(value=str(street.pk))
    page.locator("form.stack button[type=submit]").click()
    page.wait_for_url(f"{base}/hotline/tickets/GD*/")
    ticket = Ticket.objects.get()
    assert ticket.tracking_number in page.content() and ticket.organisation == street
    log_out(page)

    log_in(page, base, "njdl_handler", password)
    page.goto(f"{base}/console/matters/queue/")
    page.get_by_role("link", name=ticket.title[:20]).first.click()
    page.wait_for_url(f"{base}/console/hotline/{ticket.pk}/")
    steps = page.locator("#timeline + ol").inner_text()  # the catalogue dispatched it, not the citizen
    assert "已派发至责任单位" in steps and "按服务目录自动派发至" in steps and "市民 张三" not in steps
    page.locator("#id_reply_text").fill("环卫所已于当日清运,并增加清运频次。")
    page.locator("form[action$='/steps/reply/'] button[type=submit]").click()
    page.wait_for_url(f"{base}/console/hotline/{ticket.pk}/")
    log_out(page)

    log_in(page, base, "citizen", password)
    page.goto(f"{base}/my/matters/")
    page.get_by_role("link", name=ticket.title[:20]).first.click()
    page.wait_for_url(f"{base}/hotline/tickets/{ticket.tracking_number}/")
    assert "增加清运频次" in page.locator("#reply").inner_text()
    page.locator("input[name=rating][value='5']").check()
    page.locator("form[action$='/confirm/'] button[type=submit]").click()
    page.wait_for_url(f"{base}/hotline/tickets/{ticket.tracking_number}/")
    timeline = page.locator("#timeline + ol").inner_text()
    page.screenshot(path=str(settings.VAR_DIR / "hotline-rated.png"), full_page=True)
    ticket.refresh_from_db()
    assert ticket.status == "closed" and ticket.rating == 5
    assert timeline.count("\n") >= 2
    assert "已办结" in timeline and "已截止" not in timeline  # 办结, not "deadline passed" (issue #20 (1))
