"""12345 in a browser: the form's district/street picker and "use my location", and the recent reports near a
place (category, street, status and day only)."""

import pytest
from django.conf import settings
from django.core.cache import cache

from fazhi.hotline.models import Ticket
from fazhi.hotline.tests.factories import NANJING_ROAD, category, make_ticket
from fazhi.orgs.models import Organisation

pytestmark = pytest.mark.browser

XUJIAHUI = {"latitude": 31.1880, "longitude": 121.4365}  # 徐汇区


@pytest.fixture
def located_page(browser):
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, geolocation=XUJIAHUI, permissions=["geolocation"]
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == []


def _visible_streets(page):
    return page.eval_on_selector_all(
        "#id_street option", "options => options.filter(o => o.value && !o.hidden).map(o => o.textContent)"
    )


def test_picker_and_use_my_location(located_page, live_server, reference_data):
    page, base = located_page, live_server.url
    cache.clear()
    category()
    page.goto(f"{base}/hotline/")
    # The district narrows the street list to its own streets.
    page.locator("#id_district").select_option(label="黄浦区")
    streets = _visible_streets(page)
    assert streets and all(s.startswith("黄浦区 ") for s in streets) and "黄浦区 南京东路街道" in streets
    huangpu_count = Organisation.objects.filter(kind="street", parent__code="310101").count()
    assert len(streets) == huangpu_count
    # With no district chosen every street is offered; choosing one moves the district along.
    page.locator("#id_district").select_option(value="")
    assert len(_visible_streets(page)) > huangpu_count
    page.locator("#id_street").select_option(label="黄浦区 南京东路街道")
    assert page.locator("#id_district").evaluate("s => s.selectedOptions[0].textContent") == "黄浦区"
    # "Use my location": the browser's position fills in the coordinates and picks 徐汇区 (the street is cleared).
    page.locator("#locate-button").click()
    page.wait_for_function("() => document.getElementById('id_lat').value !== ''")
    page.wait_for_function(
        # a function, not an expression: Playwright evaluates an expression with eval, which the CSP refuses
        "() => document.getElementById('id_district').selectedOptions[0].textContent === '徐汇区'",
        timeout=15000,
    )
    assert "徐汇区" in page.locator("#locate-status").inner_text()
    assert page.locator("#id_street").input_value() == ""
    assert page.locator("#id_lat").input_value() == "31.188000"
    page.screenshot(path=str(settings.VAR_DIR / "hotline-located.png"), full_page=True)
    page.locator("#id_category").select_option(label="市容环境")
    page.locator("#id_description").fill("漕溪北路人行道上共享单车乱停,行人无法通过。")
    page.locator("#id_address").fill("漕溪北路 1 号")
    page.locator("form.stack button[type=submit]").click()
    page.wait_for_url(f"{base}/hotline/tickets/GD*/")
    ticket = Ticket.objects.get()
    assert ticket.district.code == "310104" and ticket.organisation.code == "310104"
    assert float(ticket.lat) == 31.188


def test_recent_reports_near_a_place(located_page, live_server, reference_data):
    page, base = located_page, live_server.url
    cache.clear()
    make_ticket(
        description="张三家楼下施工噪声很大,电话13912345678",
        code="noise",
        lat="31.1881",
        long="121.4366",
        street="310104003",
        address="漕溪北路 88 号 301 室",
    )
    street = Organisation.objects.get(code="310104003")
    make_ticket(description="南京东路垃圾桶满溢", street=NANJING_ROAD)
    page.goto(f"{base}/hotline/")
    page.locator("main a[href='/hotline/recent/']").click()
    page.wait_for_url(f"{base}/hotline/recent/")
    page.locator("#locate-button").click()
    page.wait_for_function(
        # a function, not an expression: Playwright evaluates an expression with eval, which the CSP refuses
        "() => document.getElementById('id_district').selectedOptions[0].textContent === '徐汇区'",
        timeout=15000,
    )
    page.locator("form.stack button[type=submit]").click()
    page.wait_for_url(f"{base}/hotline/recent/?*")
    table = page.locator("#recent-reports tbody").inner_text()
    page.screenshot(path=str(settings.VAR_DIR / "hotline-recent.png"), full_page=True)
    assert "噪声扰民" in table and street.name in table
    assert "市容环境" not in table  # 南京东路 is elsewhere
    body = page.locator("body").inner_text()
    for private in ("张三", "13912345678", "301", "漕溪北路 88 号"):
        assert private not in body
