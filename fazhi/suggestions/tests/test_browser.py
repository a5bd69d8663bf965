"""人民建议征集 in a browser: a citizen submits, Huangpu accepts, routes and answers, the citizen reads the answer
in 我的办件 and rates it."""

import pytest
from django.conf import settings

from fazhi.core.tests.test_browser import log_in, log_out
from fazhi.suggestions.models import Suggestion

pytestmark = pytest.mark.browser


def test_citizen_submits_staff_answer_citizen_rates(page, live_server, reference_data, password):
    base = live_server.url
    log_in(page, base, "citizen", password)
    page.goto(f"{base}/suggestions/")
    page.get_by_role("link", name="我要建言").click()
    page.get_by_label("建议主题").fill("建议在外滩增设公共饮水点")
    page.get_by_label("主要事由").fill("夏季游客多,附近没有免费饮水的地方。")
    page.get_by_label("对策建议").fill("在外滩观景平台两端各设一处直饮水点。")
    page.locator("#id_organisation").select_option(label="黄浦区")
    page.get_by_label("我的建议及答复可以公开", exact=False).check()
    page.get_by_label("我同意为办理本建议处理我的联系方式", exact=False).check()
    page.get_by_role("button", name="提交建议").click()
    page.wait_for_url("**/suggestions/submitted/**")
    number = page.locator("#tracking-number").inner_text()
    suggestion = Suggestion.objects.get(tracking_number=number)
    log_out(page)

    log_in(page, base, "hp_justice", password)
    page.goto(f"{base}/console/suggestions/")
    page.get_by_role("link", name=number).click()
    page.get_by_role("button", name="受理", exact=True).click()
    assert "已受理。" in page.content()
    page.locator("#id_route_lead").fill("310101-SFJ")
    page.locator("#id_route_co_handlers").fill("310101002")
    page.get_by_role("button", name="转送", exact=True).click()
    assert "已转送。" in page.content()
    page.locator("#id_reply_text").fill("已会同南京东路街道在观景平台设置两处直饮水点。")
    page.get_by_role("button", name="答复建议人").click()
    assert "答复已发送。" in page.content() and page.locator("#status").inner_text() == "已答复"
    log_out(page)

    log_in(page, base, "citizen", password)
    page.goto(f"{base}/my/matters/")
    page.get_by_role("link", name="建议在外滩增设公共饮水点").click()
    assert "已会同南京东路街道在观景平台设置两处直饮水点。" in page.content()
    timeline = page.locator("#timeline + ol").inner_text()
    assert "已登记" in timeline and "已受理" in timeline and "已答复" in timeline
    page.get_by_label("5 – 非常满意").check()
    page.get_by_label("意见(选填)").fill("很快就落实了,谢谢!")
    page.get_by_role("button", name="提交评价").click()
    assert "感谢您的评价。" in page.content() and "5 / 5" in page.locator("#rating").inner_text()
    page.screenshot(path=str(settings.VAR_DIR / "suggestions-rated.png"), full_page=True)
    suggestion.refresh_from_db()
    assert suggestion.status == "replied" and suggestion.evaluations.get(by_submitter=True).score == 5
