"""A report of a violation in a browser at phone width: an anonymous citizen reports with a photo (the street
picker follows the district), the district's 城管执法局 answers from its console queue (the reporter masked), the
citizen finds the report again by number and phone and rates the handling; the body's page shows the average."""

import pytest

from fazhi.core.tests.test_browser import log_in, log_out
from fazhi.enforcement.models import ContactRating, EnforcementReport
from fazhi.enforcement.tests.factories import sorting_matter
from fazhi.orgs.models import Organisation
from fazhi.testing.browser import screenshot

pytestmark = pytest.mark.browser
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\nIDATx\x9cc\x00\x01\x00\x00\x05\x00\x01\r\n-\xb4\x00\x00\x00\x00IEND\xaeB`\x82"
)
PHONE = "13912345678"


def test_citizen_reports_body_answers_citizen_rates(page, live_server, reference_data, password):
    base = live_server.url
    sorting_matter()
    huangpu = Organisation.objects.get(code="310101")
    street = Organisation.objects.filter(parent=huangpu, kind="street").order_by("code").first()
    page.set_viewport_size({"width": 390, "height": 844})

    page.goto(f"{base}/enforcement/report/")
    page.locator("#id_what").fill("餐馆把桌椅摆到人行道上经营")
    page.locator("#id_place").fill("南京东路 100 号")
    page.locator("#id_district").select_option(value=str(huangpu.pk))
    page.locator("#id_street").select_option(value=str(street.pk))
    page.locator("#id_photos").set_input_files(files=[{"name": "现场.png", "mimeType": "image/png", "buffer": PNG}])
    page.locator("#id_contact_phone").fill(PHONE)
    page.locator("#id_consent").check()
    page.locator("form.stack button[type=submit]").click()
    page.wait_for_url(f"{base}/enforcement/reports/JB*/")
    report = EnforcementReport.objects.get()
    assert report.organisation.code == "310101-CGZF" and report.street == street
    assert report.tracking_number in page.content()
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")

    # the body's console: the reporter masked in the queue, answered from the report's page
    page.context.clear_cookies()
    log_in(page, base, "hp_justice", password)
    page.goto(f"{base}/console/enforcement/reports/")
    queue = page.content()
    assert report.tracking_number in queue and PHONE not in queue
    page.locator(f"a:has-text('{report.tracking_number}')").click()
    page.wait_for_url(f"{base}/console/enforcement/reports/{report.pk}/")
    page.locator("#step-answer textarea").fill("已到场核查，责令改正，当事人已清理")
    page.locator("form[action$='/steps/answer/'] button[type=submit]").click()
    page.wait_for_url(f"{base}/console/enforcement/reports/{report.pk}/")
    log_out(page)

    # the reporter, in a new session, finds it by number and phone and rates the handling
    page.context.clear_cookies()
    page.goto(f"{base}/enforcement/reports/track/")
    page.locator("#id_number").fill(report.tracking_number)
    page.locator("#id_phone").fill(PHONE)
    page.locator("form.stack button[type=submit]").click()
    page.wait_for_url(f"{base}/enforcement/reports/{report.tracking_number}/")
    assert "责令改正" in page.locator("#result").inner_text()
    page.locator("input[name=score][value='4']").check()
    page.locator("#id_comment").fill("处理及时")
    page.locator("form.stack button[type=submit]").click()
    page.wait_for_selector("#rated")
    assert ContactRating.objects.get().score == 4
    screenshot(page, "enforcement-report-rated", widths=(390,))

    page.goto(f"{base}/enforcement/bodies/310101-CGZF/")
    rating = page.locator("#rating").inner_text()
    assert "4.0" in rating and "处理及时" not in page.content()
