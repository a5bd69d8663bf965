"""A citizen comments on an article; a contact point's staff enter offline comments; the running organisation's
staff moderate, mark adoption and publish the feedback report."""

import pytest
from django.conf import settings
from django.utils import timezone

from fazhi.consultation.models import Comment
from fazhi.consultation.tests.factories import ConsultationFactory, contact_point
from fazhi.core.tests.test_browser import log_in, log_out

pytestmark = pytest.mark.browser


def test_comment_offline_entry_adoption_and_feedback(page, live_server, reference_data, password):
    base = live_server.url
    contact_point()
    consultation = ConsultationFactory(title="上海市电动自行车充电管理条例（草案）")

    log_in(page, base, "citizen", password)
    page.goto(f"{base}/consultations/")
    page.get_by_role("link", name="上海市电动自行车充电管理条例（草案）").click()
    page.locator("#art-3").get_by_role("link", name="对本条提出意见").click()
    page.get_by_label("您的意见").fill("楼道充电隐患大，支持第三条的禁止性规定。")
    page.get_by_role("button", name="提交意见").click()
    assert "您的意见经审核通过后将会公开显示" in page.content()
    comment = Comment.objects.get(consultation=consultation, contact_point__isnull=True)
    assert comment.article.label == "第三条"
    log_out(page)

    log_in(page, base, "njdl_handler", password)
    page.goto(f"{base}/console/consultation/")
    page.get_by_role("link", name="上海市电动自行车充电管理条例（草案）").click()
    page.locator("[name=rows-0-text]").fill("居民座谈会：建议小区增设集中充电桩。")
    page.locator("[name=rows-0-article]").fill("第三条之一")
    page.locator("[name=rows-0-source_date]").fill(timezone.localdate().isoformat())
    page.locator("[name=rows-0-participants]").fill("18")
    page.get_by_role("button", name="录入意见").click()
    assert "已录入 1 条" in page.locator("#report").inner_text()
    page.screenshot(path=str(settings.VAR_DIR / "consultation-offline.png"), full_page=True)
    log_out(page)

    log_in(page, base, "hp_justice", password)
    page.goto(f"{base}/console/consultation/{consultation.pk}/")
    page.get_by_role("link", name="审核队列").click()
    for _ in range(2):
        page.get_by_role("button", name="公开", exact=True).first.click()
    page.goto(f"{base}/console/consultation/{consultation.pk}/")
    page.get_by_role("button", name="截止征求意见").click()
    consultation.refresh_from_db()
    assert consultation.status == "closed"
    page.get_by_role("link", name="全部意见").click()
    card = page.locator(f"#comment-{comment.pk}")
    card.get_by_label("采纳情况").select_option("adopted")
    card.get_by_label("理由").fill("第三条已明确禁止在楼道充电。")
    card.locator("button[name=step][value=adoption]").click()  # the step declared in consultation/workflow.py
    page.wait_for_url(f"**/comments/#comment-{comment.pk}")
    page.goto(f"{base}/console/consultation/{consultation.pk}/")
    page.get_by_role("link", name="撰写意见采纳反馈").click()
    assert "第三条：1 条意见" in page.get_by_label("意见采纳反馈").input_value()
    page.get_by_role("button", name="发布意见采纳反馈").click()
    assert page.locator("#status").inner_text() == "已公布意见采纳情况"

    page.goto(f"{base}{consultation.get_absolute_url()}")
    assert "采纳 1 条" in page.locator("#feedback").inner_text()
    assert "楼道充电隐患大" in page.content() and "居民座谈会" in page.content()
    page.screenshot(path=str(settings.VAR_DIR / "consultation-feedback.png"), full_page=True)
    comment.refresh_from_db()
    assert comment.adoption == "adopted" and comment.status == "answered"
