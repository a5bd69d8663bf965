"""A penalty case in a browser (desktop): an officer files it and takes it to closing in the console; a reviewer
then reads the whole record on one page."""

import datetime as dt

import pytest

from fazhi.core.tests.test_browser import log_in, log_out
from fazhi.penalties.models import PenaltyCase
from fazhi.penalties.tests.factories import COMPANY, matter, officers
from fazhi.testing.browser import screenshot

pytestmark = pytest.mark.browser


def step(page, name: str, fields: dict[str, str], *, selects: dict[str, str] | None = None, check: str = "") -> None:
    for field, value in fields.items():
        page.locator(f"#id_{name}_{field}").fill(value)
    for field, value in (selects or {}).items():
        page.locator(f"#id_{name}_{field}").select_option(value=value)
    if check:
        page.locator(f"#id_{name}_{check}").check()
    page.locator(f"form[action$='/steps/{name}/'] button[type=submit]").click()
    page.wait_for_load_state()


def test_officer_files_and_closes_a_case_and_a_reviewer_reads_the_record(page, live_server, reference_data, password):
    base = live_server.url
    power = matter()
    o = officers()
    today = dt.date.today().isoformat()

    log_in(page, base, "hp_justice", password)
    page.goto(f"{base}/console/penalties/")
    page.locator("a[href$='/console/penalties/file/']").click()
    page.wait_for_url(f"{base}/console/penalties/file/")
    page.locator("#id_matter").select_option(value=str(power.pk))
    page.locator("#id_party_kind").select_option(value="organisation")
    page.locator("#id_party_name").fill(COMPANY["party_name"])
    page.locator("#id_party_credit_code").fill(COMPANY["party_credit_code"])
    page.locator("#id_act_date").fill((dt.date.today() - dt.timedelta(days=3)).isoformat())
    page.locator("#id_facts").fill("餐厅未将湿垃圾与干垃圾分类投放，责令改正后拒不改正。")
    page.locator("form.stack button[type=submit]").click()
    page.wait_for_url(f"{base}/console/penalties/*/")
    case = PenaltyCase.objects.get()
    assert case.number in page.content()

    page.locator("#evidence-form input[type=file]").set_input_files(
        files=[{"name": "笔录.txt", "mimeType": "text/plain", "buffer": "现场检查笔录".encode()}]
    )
    page.locator("#evidence-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".evidence-integrity").count() == 1

    # One officer is not enough (第四十二条): the refusal comes back on the page, nothing changes.
    step(page, "investigate", {"officers": o[0].certificate_number, "report": "现场检查笔录"})
    assert "第四十二条" in page.content()
    step(
        page,
        "investigate",
        {"officers": f"{o[0].certificate_number},{o[1].certificate_number}", "report": "现场检查笔录"},
    )
    step(page, "assess", {}, selects={"intended_kind": "warning"})
    step(page, "notify", {"content": "拟予警告；告知陈述、申辩、听证权利。"})
    step(page, "statement", {"statement": "认可事实，放弃听证。"}, check="waives_hearing")
    step(
        page,
        "decide",
        {"legal_bases": "上海市生活垃圾管理条例第五十七条", "decision_text": "予以警告。"},
        selects={"decision_kind": "warning"},
    )
    step(page, "serve", {"served_on": today, "method": "直接送达"})
    step(page, "close", {"report": "警告已执行，归档。"})
    case.refresh_from_db()
    assert case.status == "closed" and case.decision_kind == "warning"
    log_out(page)

    log_in(page, base, "office", password)
    page.goto(f"{base}/console/penalties/{case.pk}/")
    timeline = page.locator("#timeline + ol").inner_text()
    for label in ("立案", "予以警告", "直接送达", "归档"):
        assert label in timeline or label in page.content()
    assert page.locator("#clocks + table").inner_text().count("行政处罚法") >= 3
    assert case.fine_amount == 0 and page.locator("#decision-kind").inner_text().strip()
    assert page.locator(".evidence-integrity").count() == 1
    assert page.locator("form[action$='/steps/close/']").count() == 0  # closed: only a remedy may be recorded
    screenshot(page, "penalty-case-record")
