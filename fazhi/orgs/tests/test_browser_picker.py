"""The organisation picker in a browser: a Huangpu handler routes a suggestion by typing 南京东路 and picking
南京东路街道, and dispatches a wage-arrears ticket to the district's labour inspectors by typing pinyin initials."""

import pytest
from django.conf import settings

from fazhi.accounts.models import User
from fazhi.core.tests.test_browser import log_in
from fazhi.hotline.catalogue import load_departments
from fazhi.hotline.tests.factories import category, make_ticket
from fazhi.orgs.models import Organisation
from fazhi.suggestions.services import suggestion_accept, suggestion_submit

pytestmark = pytest.mark.browser


def test_handler_routes_by_typing_a_name_and_picking(page, live_server, reference_data, password):
    citizen, handler = User.objects.get(username="citizen"), User.objects.get(username="hp_justice")
    suggestion = suggestion_submit(
        user=citizen,
        theme="建议在南京东路步行街增设饮水点",
        facts="夏季游客多,附近没有免费饮水的地方。",
        proposal="在步行街两端各设一处直饮水点。",
        organisation=Organisation.objects.get(code="310101"),
    )
    suggestion_accept(suggestion=suggestion, user=handler)
    base = live_server.url
    log_in(page, base, "hp_justice", password)
    page.goto(f"{base}/console/suggestions/{suggestion.pk}/")
    lead = page.locator("#id_route_lead")
    assert lead.get_attribute("role") == "combobox"  # enhanced by org-picker.js
    lead.press_sequentially("南京东路", delay=30)
    option = page.get_by_role("option", name="南京东路街道")
    option.first.wait_for()
    page.screenshot(path=str(settings.VAR_DIR / "org-picker-route.png"), full_page=True)
    option.first.click()
    assert lead.input_value() == "南京东路街道（310101002）"
    co = page.locator("#id_route_co_handlers")
    co.press_sequentially("hpqsfj", delay=30)  # 黄浦区司法局 by its pinyin initials
    page.get_by_role("option", name="上海市黄浦区司法局").first.wait_for()
    co.press("ArrowDown")
    co.press("Enter")
    assert co.input_value() == "上海市黄浦区司法局（310101-SFJ）、"
    page.get_by_role("button", name="转送", exact=True).click()
    assert "已转送。" in page.content()
    suggestion.refresh_from_db()
    assert suggestion.organisation.code == "310101002"
    assert set(suggestion.routes.values_list("organisation__code", flat=True)) == {"310101002", "310101-SFJ"}


def test_dispatch_a_wage_ticket_to_the_labour_inspectors_by_pinyin(page, live_server, reference_data, password):
    category("labour")  # the catalogue, then its departments
    load_departments()
    ticket = make_ticket(
        submitter=User.objects.get(username="citizen"),
        code="labour",
        description="南京东路一家餐馆拖欠三个月工资,老板不接电话。",
    )
    base = live_server.url
    log_in(page, base, "hp_justice", password)
    page.goto(f"{base}/console/hotline/{ticket.pk}/")
    assert "上海市黄浦区劳动保障监察大队" in page.locator("#suggested").inner_text()
    box = page.locator("#id_dispatch_organisation")
    box.press_sequentially("ldjc", delay=30)  # 劳动监察大队: every district's; the user's own first
    first = page.locator(".org-picker-list [role=option]").first
    first.wait_for()
    assert "上海市黄浦区劳动保障监察大队" in first.inner_text()
    first.click()
    page.get_by_role("button", name="派单或转派").click()
    ticket.refresh_from_db()
    assert ticket.organisation.code == "310101-LDJC"
