"""Usability issue #20 point 6 in a browser: the home page searches the law in one step; the unread badge can be
read (WCAG AA contrast)."""

import pytest

from fazhi.core.tests.test_browser import log_in
from fazhi.notifications.services import notify
from fazhi.testing.browser import screenshot

pytestmark = pytest.mark.browser

CONTRAST = """(el) => {
    const rgb = (s) => s.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number);
    const lum = (c) => {
        const [r, g, b] = c.map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const style = getComputedStyle(el);
    const [a, b] = [lum(rgb(style.color)), lum(rgb(style.backgroundColor))];
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}"""


def test_home_searches_the_law_in_one_step(page, live_server, reference_data):
    base = live_server.url
    page.goto(f"{base}/")
    screenshot(page, "home", widths=(1280, 390))
    box = page.get_by_role("search").locator("input[name=q]")
    box.fill("拖欠工资")
    box.press("Enter")
    page.wait_for_url("**/laws/search/?q=*")
    assert page.locator("input[name=q]").input_value() == "拖欠工资"


def test_unread_badge_meets_aa_contrast(page, live_server, reference_data, password, demo_users):
    notify([demo_users["citizen"]], title="您的建议已受理", body="编号 S-1", url="/my/matters/")
    log_in(page, live_server.url, "citizen", password)
    page.goto(f"{live_server.url}/")
    badge = page.locator("header.site .badge")
    assert badge.inner_text() == "1"
    assert badge.evaluate(CONTRAST) >= 4.5
