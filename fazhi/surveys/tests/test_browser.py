"""A citizen answers a published population survey in a real browser; Huangpu's reviewer sees the result."""

import pytest
from django.conf import settings

from fazhi.core.tests.test_browser import log_in, log_out
from fazhi.surveys.models import Answer, Response
from fazhi.surveys.tests.factories import build_survey

pytestmark = pytest.mark.browser


def test_citizen_answers_a_survey_and_staff_sees_the_result(page, live_server, reference_data, password):
    base = live_server.url
    survey = build_survey(title="2025年黄浦区法治建设群众满意度测评")

    log_in(page, base, "citizen", password)
    page.goto(f"{base}/surveys/")
    page.get_by_role("link", name=survey.title).click()
    page.get_by_role("button", name="提交答卷").click()  # nothing chosen: messages per question, nothing saved
    assert page.locator("text=此题为必答题。").count() == 2
    assert not Response.objects.exists()
    page.get_by_label("4 – 满意").check()
    page.get_by_label("是").check()
    page.get_by_label("网络").check()
    page.get_by_label("社区宣传").check()
    page.get_by_role("textbox", name="4. 您的意见和建议").fill("<script>alert(1)</script>希望多开展社区普法。")
    page.get_by_role("button", name="提交答卷").click()
    page.wait_for_url(f"{base}/surveys/thanks/")
    assert "您的答卷已记录" in page.content()
    page.goto(f"{base}/surveys/{survey.pk}/")
    assert "您已填写过该问卷" in page.content()
    log_out(page)

    log_in(page, base, "hp_justice", password)
    page.goto(f"{base}/console/surveys/{survey.pk}/results/")
    assert "1 份答卷" in page.content()
    page.wait_for_selector("[data-chart] canvas")  # ECharts drew the charts from the json_script data
    texts = page.locator("ul.texts").inner_text()
    assert "<script>alert(1)</script>希望多开展社区普法。" in texts  # shown as text, not run
    page.screenshot(path=str(settings.VAR_DIR / "surveys-results.png"), full_page=True)
    assert Answer.objects.filter(response__survey=survey, score=4).count() == 1
