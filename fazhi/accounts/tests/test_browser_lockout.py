"""In a real browser: a locked-out person sees when to try again, staff lift the lock; pages keep to the CSP."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.utils import translation

from fazhi.core.tests.test_browser import log_in

pytestmark = pytest.mark.browser


def test_the_shared_fixture_fails_a_page_that_breaks_the_policy(page, live_server, reference_data, csp_violations):
    page.goto(f"{live_server.url}/")
    assert csp_violations == []  # the home page keeps to it
    page.evaluate(
        """() => {
        const script = document.createElement("script");
        script.textContent = "document.title = 'injected'";
        document.body.appendChild(script);
        document.body.setAttribute("style", "color: red");
    }"""
    )
    page.wait_for_timeout(200)
    assert page.title() != "injected"  # the inline script did not run …
    assert any("script-src" in v for v in csp_violations)  # … and both were reported
    assert any("style-src" in v for v in csp_violations)
    csp_violations.clear()  # provoked on purpose: the fixture would otherwise fail this test


def test_locked_out_citizen_sees_when_to_retry_and_staff_lift_it(
    page, browser, live_server, reference_data, password, settings, csp_violations
):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    cache.clear()
    base = live_server.url
    staff_context = browser.new_context(locale="zh-CN")
    staff = staff_context.new_page()
    staff.on("console", lambda m: "Content Security Policy" in m.text and csp_violations.append(m.text))
    log_in(staff, base, "admin", password)  # signed in before the guessing starts from the same address
    staff.wait_for_url(lambda url: "/login/" not in url)  # staff land on their console

    for attempt in range(3):
        log_in(page, base, "citizen", f"wrong-{attempt}")
    with translation.override("zh-hans"):
        paused = translation.gettext("Signing in is paused")
    assert page.get_by_role("heading", name=paused).is_visible()
    message = page.get_by_role("alert").inner_text()
    assert ":" in message  # the time to try again (HH:MM)
    log_in(page, base, "citizen", password)  # the right password does not help now
    assert page.get_by_role("heading", name=paused).is_visible()

    staff.goto(f"{base}/console/people/lockouts/")
    assert "citizen" in staff.content()
    staff.locator("form.inline button").first.click()
    staff.wait_for_url(f"{base}/console/people/lockouts/")
    assert "citizen" not in staff.locator("table").inner_text()
    staff_context.close()

    log_in(page, base, "citizen", password)
    page.wait_for_url(lambda url: "/login/" not in url)  # signed in: on to their own matters
    assert page.get_by_role("heading", name=paused).count() == 0


def test_charts_keep_to_the_policy_when_hovered(page, live_server, reference_data, password, csp_violations):
    """ECharts draws on a canvas and styles through the CSSOM; its tooltips must not need style attributes."""
    base = live_server.url
    log_in(page, base, "leader", password)
    page.wait_for_url(lambda url: "/login/" not in url)
    page.goto(f"{base}/console/supervision/dashboard/")
    page.locator("#chart-organisations canvas").first.wait_for()
    for chart in page.locator(".chart canvas").all():
        chart.scroll_into_view_if_needed()
        box = chart.bounding_box()
        assert box is not None
        for fraction in (0.2, 0.4, 0.6, 0.8):
            page.mouse.move(box["x"] + box["width"] * fraction, box["y"] + box["height"] * 0.5)
            page.wait_for_timeout(100)
    assert csp_violations == []  # before: ECharts' HTML tooltip set style attributes (style-src-attr)
