"""The supervising office delegates a city task to districts; a district reviewer sees only its own part."""

import datetime as dt

import pytest
from django.conf import settings

from fazhi.core.tests.test_browser import log_in, log_out
from fazhi.orgs.models import Organisation
from fazhi.supervision.models import Task
from fazhi.testing.factories import TaskFactory

pytestmark = pytest.mark.browser


def test_office_delegates_a_task_to_districts(page, live_server, reference_data, password):
    base = live_server.url
    task = TaskFactory(
        title="开展法治社会建设年度考核",
        lead_organisation=Organisation.objects.get(code="31-YFZS"),
        deadline=dt.date(2030, 12, 31),
    )
    log_in(page, base, "office", password)
    page.get_by_role("link", name="工作台").click()
    page.get_by_role("link", name="规划任务").first.click()
    page.get_by_role("link", name="开展法治社会建设年度考核").click()
    page.get_by_role("link", name="分解下达").click()
    page.get_by_label("黄浦区").check()
    page.get_by_label("徐汇区").check()
    page.get_by_role("button", name="分解下达").click()
    page.wait_for_url(f"{base}/console/supervision/tasks/{task.pk}/")
    assert "已下达至 2 个单位" in page.content()
    assert "2 个单位,平均完成 0%" in page.locator("#rollup").inner_text()
    page.screenshot(path=str(settings.VAR_DIR / "supervision-delegated.png"), full_page=True)
    assert set(Task.objects.filter(parent=task).values_list("lead_organisation__code", flat=True)) == {
        "310101",
        "310104",
    }
    log_out(page)

    log_in(page, base, "hp_justice", password)
    page.goto(f"{base}/console/supervision/tasks/")
    rows = page.locator("#results tbody").inner_text()
    assert "开展法治社会建设年度考核" in rows and "黄浦区" in rows and "徐汇区" not in rows

    page.goto(f"{base}/plan/measures/29/")
    assert "开展法治社会建设年度考核" in page.content()  # the city task is published with its progress
