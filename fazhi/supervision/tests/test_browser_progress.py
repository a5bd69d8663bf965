"""督察督办 in a browser: Huangpu's reviewer reports progress with an evidence file; the city office accepts it."""

import datetime as dt

import pytest
from django.conf import settings

from fazhi.core.tests.test_browser import log_in, log_out
from fazhi.orgs.models import Organisation
from fazhi.supervision.models import ProgressReport, Task
from fazhi.testing.factories import PDF_BYTES, TaskFactory

pytestmark = pytest.mark.browser


def test_district_reports_progress_with_evidence_and_office_accepts(
    page, live_server, reference_data, password, tmp_path
):
    base = live_server.url
    task = TaskFactory(
        title="推进街道公共法律服务站建设",
        lead_organisation=Organisation.objects.get(code="310101"),
        deadline=dt.date(2030, 12, 31),
    )
    evidence = tmp_path / "建设情况.pdf"
    evidence.write_bytes(PDF_BYTES)

    log_in(page, base, "hp_justice", password)
    page.goto(f"{base}/console/supervision/tasks/{task.pk}/")
    page.locator("#id_text").fill("已建成 10 个街道公共法律服务站。")
    page.locator("#id_percent").fill("45")
    page.locator("#id_evidence").set_input_files(str(evidence))
    page.get_by_role("button", name="提交报告").click()
    page.wait_for_url(f"{base}/console/supervision/tasks/{task.pk}/")
    assert "进展报告已提交审核" in page.content()
    assert "建设情况.pdf" in page.content()
    assert page.get_by_role("button", name="审核通过").count() == 0  # not one's own report
    log_out(page)

    log_in(page, base, "office", password)
    page.goto(f"{base}/notifications/")
    page.get_by_text("待审核的进展报告").first.click()
    page.wait_for_url(f"**/console/supervision/tasks/{task.pk}/**")
    page.locator("section[id$='step-accept']").get_by_label("意见").fill("材料齐全,同意。")  # the accept step
    page.get_by_role("button", name="审核通过").click()
    page.wait_for_url(f"{base}/console/supervision/tasks/{task.pk}/")
    assert "报告已审核通过" in page.content()
    timeline = page.locator("#timeline + ol").inner_text()
    assert "报告进展:45%" in timeline and "进展报告审核通过" in timeline
    for internal in ("created_at", "created_by_id", "percent", "demo.", "审计:"):  # issue #20 (3)
        assert internal not in timeline
    page.screenshot(path=str(settings.VAR_DIR / "supervision-report-accepted.png"), full_page=True)
    assert ProgressReport.objects.get(task=task).status == "accepted"
    assert Task.objects.get(pk=task.pk).percent == 45
