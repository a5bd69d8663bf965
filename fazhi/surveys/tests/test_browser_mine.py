"""Usability issue #20 point 6 in a browser: a citizen answers a survey and finds it, with the answers, in 我的办件."""

import pytest

from fazhi.core.tests.test_browser import log_in
from fazhi.surveys.tests.factories import build_survey
from fazhi.testing.browser import screenshot

pytestmark = pytest.mark.browser


def test_survey_answers_appear_in_my_matters(page, live_server, reference_data, password):
    base = live_server.url
    survey = build_survey(title="2026年黄浦区法治满意度调查")
    log_in(page, base, "citizen", password)
    page.goto(f"{base}/surveys/{survey.pk}/")
    page.locator("input[type=radio][value='4']").first.check()
    page.get_by_label("是", exact=True).check()
    page.locator("textarea").first.fill("希望多办普法讲座")
    page.locator("form.stack button[type=submit], main form button[type=submit]").last.click()
    page.wait_for_load_state()
    assert survey.responses.count() == 1
    page.goto(f"{base}/my/matters/")
    section = page.locator("section.other-records")
    assert "2026年黄浦区法治满意度调查" in section.inner_text()
    section.locator("summary").first.click()
    answers = section.locator("dl.answers").inner_text()
    assert "4 / 5" in answers and "希望多办普法讲座" in answers
    screenshot(page, "my-matters", widths=(1280, 390))
