"""Plan supervision in a real browser, one journey per role: the supervising office creates and delegates a task,
a district office reports progress that the office accepts, a leader reads and downloads the dashboard."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.conf import settings
from openpyxl import load_workbook

from fazhi.core.tests.test_browser import log_in, log_out
from fazhi.orgs.models import Organisation
from fazhi.supervision.models import ProgressReport, Task
from fazhi.supervision.services import task_update_progress
from fazhi.testing.factories import TaskFactory, _measure

pytestmark = pytest.mark.browser


def test_office_creates_a_task_and_delegates_it_to_districts(page, live_server, reference_data, password):
    base = live_server.url
    log_in(page, base, "office", password)
    page.goto(f"{base}/console/supervision/tasks/add/?measure={_measure(29).pk}")
    page.locator("#id_title").fill("开展年度法治督察")
    lead = page.locator("#id_lead_organisation")  # the organisation picker: type part of the name, choose
    lead.press_sequentially("依法治市", delay=30)
    page.get_by_role("option", name="中共上海市委全面依法治市委员会办公室").first.click()
    assert lead.input_value() == "中共上海市委全面依法治市委员会办公室（31-YFZS）"
    page.locator("#id_start_date").fill("2026-01-01")
    page.locator("#id_deadline").fill("2030-12-31")
    page.get_by_role("button", name="保存").click()
    page.get_by_role("link", name="分解下达").click()
    page.get_by_label("黄浦区").check()
    page.get_by_label("静安区").check()
    page.get_by_role("button", name="分解下达").click()
    assert "已下达至 2 个单位" in page.content()
    task = Task.objects.get(title="开展年度法治督察", parent__isnull=True)
    assert task.measure.number == 29
    assert set(task.children.values_list("lead_organisation__code", flat=True)) == {"310101", "310106"}


def test_district_reports_a_percentage_and_the_office_accepts_it(page, live_server, reference_data, password):
    base = live_server.url
    parent = TaskFactory(title="推进法治文化阵地建设", lead_organisation=Organisation.objects.get(code="31-YFZS"))
    task = TaskFactory(title=parent.title, parent=parent, lead_organisation=Organisation.objects.get(code="310101"))
    log_in(page, base, "hp_justice", password)
    page.goto(f"{base}/console/supervision/tasks/{task.pk}/")
    page.locator("#id_text").fill("已建成法治文化公园 3 处。")
    page.locator("#id_percent").fill("60")
    page.get_by_role("button", name="提交报告").click()
    assert "进展报告已提交审核" in page.content()
    log_out(page)

    log_in(page, base, "office", password)
    page.goto(f"{base}/console/supervision/tasks/{task.pk}/")
    page.get_by_role("button", name="审核通过").click()
    assert "报告已审核通过" in page.content()
    assert ProgressReport.objects.get(task=task).status == "accepted"
    assert Task.objects.get(pk=task.pk).percent == 60
    assert Task.objects.get(pk=parent.pk).percent == 60  # rolled up to the city's task


def test_leader_filters_the_dashboard_sees_the_numbers_move_and_downloads_excel(
    page, live_server, reference_data, password
):
    base = live_server.url
    huangpu = Organisation.objects.get(code="310101")
    year = dt.date.today().year
    start = dt.date(year, 1, 1)
    task = TaskFactory(title="黄浦区依法行政示范", lead_organisation=huangpu, start_date=start, percent=20)
    TaskFactory(lead_organisation=Organisation.objects.get(code="310101002"), start_date=start, percent=40)
    TaskFactory(lead_organisation=Organisation.objects.get(code="310104"), start_date=start, percent=90)

    log_in(page, base, "leader", password)
    page.get_by_role("link", name="工作台").click()
    page.get_by_role("link", name="规划督察看板").click()
    page.locator("#chart-measures canvas").wait_for()  # ECharts drew the charts
    page.locator("#id_organisation").select_option("310101")
    page.locator("#id_period").fill(str(year))
    page.get_by_role("button", name="查看").click()
    page.wait_for_url(f"**organisation=310101&period={year}")
    summary = page.locator("#dashboard-summary")
    assert summary.locator("[data-figure=tasks]").inner_text() == "2"
    assert summary.locator("[data-figure=mean]").inner_text() == "30.0%"
    assert "南京东路街道" in page.locator("#dashboard-organisations").inner_text()

    task_update_progress(task=task, percent=100)  # an accepted report: the task is done
    page.reload()
    assert summary.locator("[data-figure=done]").inner_text() == "1"
    assert summary.locator("[data-figure=mean]").inner_text() == "70.0%"
    page.screenshot(path=str(settings.VAR_DIR / "supervision-dashboard.png"), full_page=True)

    with page.expect_download() as download:
        page.locator("#dashboard-excel").click()
    workbook = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))  # the saved file has no .xlsx
    summary_sheet = workbook.worksheets[0]
    assert summary_sheet["A2"].value == "黄浦区" and summary_sheet["D2"].value == 2  # tasks
    assert len(workbook.sheetnames) == 8
