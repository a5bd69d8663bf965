"""Usability issue #20 point 5 in a browser: a suggestion sent with an error comes back with the typed text and the
chosen file kept, and the error focused; the next submit carries the file."""

import pytest

from fazhi.core.tests.test_browser import log_in
from fazhi.suggestions.models import Suggestion
from fazhi.testing.browser import in_view_and_focused, screenshot
from fazhi.testing.factories import PDF_BYTES

pytestmark = pytest.mark.browser


def test_error_keeps_text_and_files_and_focuses_the_error(page, live_server, reference_data, password, tmp_path):
    base = live_server.url
    pdf = tmp_path / "现场照片说明.pdf"
    pdf.write_bytes(PDF_BYTES)
    log_in(page, base, "citizen", password)
    page.goto(f"{base}/suggestions/submit/")
    assert page.locator("#id_facts").get_attribute("maxlength") == "5000"
    page.get_by_label("主要事由").fill("夏季游客多,附近没有免费饮水的地方。")
    page.get_by_label("对策建议").fill("在外滩观景平台两端各设一处直饮水点。")
    page.locator("#id_attachments").set_input_files(str(pdf))
    page.get_by_label("我同意为办理本建议处理我的联系方式", exact=False).check()
    page.get_by_role("button", name="提交建议").click()  # no theme
    page.wait_for_load_state()
    assert in_view_and_focused(page, "#id_theme")
    assert page.get_by_label("主要事由").input_value() == "夏季游客多,附近没有免费饮水的地方。"
    assert "现场照片说明.pdf" in page.locator(".pending-uploads").inner_text()
    screenshot(page, "form-with-error", widths=(1280, 390))
    page.get_by_label("建议主题").fill("建议在外滩增设公共饮水点")
    page.get_by_role("button", name="提交建议").click()
    page.wait_for_url("**/suggestions/submitted/**")
    number = page.locator("#tracking-number").inner_text()
    page.goto(f"{base}/suggestions/mine/{number}/")
    assert "现场照片说明.pdf" in page.content()
    page.set_viewport_size({"width": 390, "height": 844})  # the label column keeps whole words at phone width
    widths = page.locator("th[scope=row]").evaluate_all("(cells) => cells.map((c) => c.getBoundingClientRect().width)")
    assert min(widths) >= 64, widths
    screenshot(page, "my-suggestion", widths=(390,))
    assert Suggestion.objects.get(tracking_number=number).theme == "建议在外滩增设公共饮水点"
