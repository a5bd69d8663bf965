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
    # what happens next, by when, and on what basis: a policy time limit under 第十一条, linked into the library
    page.goto(f"{base}/my/matters/track/?number={number}")
    clock = page.locator(".clock")
    assert "受理建议或说明不予受理的理由的时限" in clock.inner_text() and "政策时限" in clock.inner_text()
    clock.get_by_role("link", name="《上海市人民建议征集若干规定》第十一条").click()
    applied = page.locator("#applied + ul").inner_text()
    assert "受理建议或说明不予受理的理由" in applied and "要求设定时限" in applied
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/my/matters/track/?number={number}")
    page.screenshot(path=str(settings.VAR_DIR / "suggestions-clock-phone.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
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
    assert "答复后办结建议的时限" in page.locator(".clock").inner_text()
    page.screenshot(path=str(settings.VAR_DIR / "suggestions-console-steps.png"), full_page=True)
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
