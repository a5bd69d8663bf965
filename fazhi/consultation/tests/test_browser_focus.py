"""Usability issue #20 point 5 in a browser: an empty comment on a long draft brings the error into view, focused."""

import pytest

from fazhi.consultation.tests.factories import ConsultationFactory
from fazhi.core.tests.test_browser import log_in
from fazhi.testing.browser import in_view_and_focused, screenshot

pytestmark = pytest.mark.browser

DIGITS = "零一二三四五六七八九"


def numeral(n: int) -> str:
    """1–39 in Chinese numerals, as article numbers are written."""
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else DIGITS[tens]) + "十" if tens else "") + (DIGITS[ones] if ones else "")


LONG_DRAFT = "\n".join(
    f"第{numeral(n)}条 住宅小区、物业服务企业和居民委员会应当依照本条例履行电动自行车充电管理职责。"
    for n in range(1, 31)
)


def test_empty_comment_error_is_scrolled_to_and_focused(page, live_server, reference_data, password):
    base = live_server.url
    consultation = ConsultationFactory(title="上海市电动自行车充电管理条例（草案）", draft_text=LONG_DRAFT)
    log_in(page, base, "citizen", password)
    page.goto(f"{base}{consultation.get_absolute_url()}")
    screenshot(page, "consultation", widths=(1280, 390))
    page.locator("p.jump a[href='#comment-form']").click()
    assert page.evaluate("location.hash") == "#comment-form"
    page.get_by_role("button", name="提交意见").click()  # nothing written
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.scrollHeight") > 3 * page.viewport_size["height"]
    assert in_view_and_focused(page, "#id_text")
    page.get_by_label("您的意见").fill("楼道充电隐患大，支持禁止性规定。")
    page.get_by_role("button", name="提交意见").click()
    assert consultation.comments.count() == 1
