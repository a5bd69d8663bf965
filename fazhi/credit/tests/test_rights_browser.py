"""The business's main journey in a real browser at phone width: it finds its own record, objects to it, the
credit centre marks and corrects it in the console, and the business follows each step; then it applies for repair
of another record, seeing that record's conditions."""

import pytest

from fazhi.core.tests.test_browser import log_in, log_out
from fazhi.credit.models import Objection, RepairApplication

pytestmark = pytest.mark.browser


def test_business_objects_and_applies_for_repair(page, live_server, reference_data, password):
    from django.contrib.auth import get_user_model

    from fazhi.credit.tests.rights_factories import company, link, record

    users = get_user_model().objects
    subject = company("上海示范贸易有限公司")
    link(users.get(username="company"), subject)
    wrong = record(subject, title="行政处罚 沪黄市监处〔2026〕88号")
    repairable = record(subject, title="行政处罚 沪黄市监处〔2026〕89号")
    base = live_server.url
    page.set_viewport_size({"width": 390, "height": 844})

    log_in(page, base, "company", password)
    page.goto(f"{base}/credit/mine/")
    assert page.locator(f"#record-{wrong.pk}").count() == 1
    page.locator(f"#record-{wrong.pk} a").first.click()
    page.locator("#object-link").click()
    page.locator("#id_grounds").fill("罚款金额应为1000元，与处罚决定书不符")
    page.locator("#objection-form button[type=submit]").click()
    objection = Objection.objects.get()
    page.wait_for_url(f"{base}/credit/objections/{objection.tracking_number}/")
    log_out(page)

    log_in(page, base, "credit_officer", password)
    page.goto(f"{base}/console/credit/objections/{objection.pk}/")
    page.locator("#step-mark button[type=submit]").click()
    page.wait_for_load_state()
    page.locator("#id_correct_outcome").select_option("correct")
    page.locator("#id_correct_reason").fill("经核对处罚决定书，金额更正为1000元")
    page.locator("#id_correct_summary").fill("未按规定分类投放生活垃圾，罚款1000元。")
    page.locator("#step-correct button[type=submit]").click()
    page.wait_for_load_state()
    objection.refresh_from_db()
    assert objection.status == "corrected"
    log_out(page)

    log_in(page, base, "company", password)
    page.goto(f"{base}/credit/objections/{objection.tracking_number}/")
    assert page.locator("#events li").count() == 3  # received, marked, corrected
    assert "金额更正为1000元" in page.locator("#answer").inner_text()

    page.goto(f"{base}/credit/mine/records/{repairable.pk}/")
    assert page.locator("#repair-conditions [data-met=no]").count() == 0
    page.locator("#repair-link").click()
    page.locator("#id_obligation_performed").fill("罚款已于2026年6月1日缴清，垃圾分类设施已整改")
    page.locator("#id_commitment_signed").check()
    page.locator("#repair-form button[type=submit]").click()
    repair = RepairApplication.objects.get()
    page.wait_for_url(f"{base}/credit/repairs/{repair.tracking_number}/")
    assert page.locator("#events li").count() == 1
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
