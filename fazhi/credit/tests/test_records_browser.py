"""The credit centre's officer in a browser: imports a provider's CSV of records, finds the imported record by the
company's code, opens it (source, legal basis, the day the act ended, when it stops being queryable) and, once the
provider tells that the act was revoked, deletes it (第三十七条)."""

import pytest

from fazhi.core.tests.test_browser import log_in
from fazhi.credit.choices import RecordStatus
from fazhi.credit.models import CreditRecord
from fazhi.credit.records import mark_revoked
from fazhi.credit.tests.records_factories import catalogue, company

pytestmark = pytest.mark.browser


def test_officer_imports_finds_reads_and_deletes_a_record(page, live_server, reference_data, password, tmp_path):
    base = live_server.url
    catalogue()
    name, code = company()
    table = tmp_path / "records.csv"
    table.write_text(
        "source_ref,item,provider_code,subject_kind,subject_name,credit_code,title,summary,legal_basis,decided_on,"
        "act_ended_on\n"
        f"BR-1,XZCF,310101-SCJG,organisation,{name},{code},经营超过保质期的食品,罚款人民币50000元,"
        "食品安全法第一百二十四条,2026-03-02,2026-02-20\n"
        f"BR-2,GENE,310101-SCJG,organisation,{name},{code},基因信息,x,y,2026-03-02,\n",
        encoding="utf-8",
    )

    log_in(page, base, "credit_officer", password)
    page.goto(f"{base}/console/credit/records/import/")
    page.locator("#id_what").select_option("records")
    page.locator("#id_source_system").fill("hp-scjg")
    page.locator("#id_file").set_input_files(str(table))
    page.locator("#import-form button[type=submit]").click()
    page.wait_for_selector("#import-report")
    assert page.locator("#import-errors tbody tr").count() == 1  # the item outside the catalogue (第十一条)

    page.goto(f"{base}/console/credit/records/")
    page.locator("#id_q").fill(code)
    page.locator("#record-filter button[type=submit]").click()
    page.wait_for_url(f"{base}/console/credit/records/?*")
    assert page.locator("#records tbody tr").count() == 1
    page.locator("#records a", has_text="BR-1").click()
    page.wait_for_selector("#record")
    assert "hp-scjg" in page.locator("#record-source").inner_text()
    assert "食品安全法第一百二十四条" in page.locator("#record-basis").inner_text()
    assert page.locator("#record-ended").inner_text().startswith("2026-02-20")
    assert page.locator("#record-queryable").inner_text().startswith("2031-02-20")  # 第三十五条: five years

    record = CreditRecord.objects.get(source_system="hp-scjg", source_ref="BR-1")
    mark_revoked(record, reason="行政复议撤销原处罚决定")
    page.reload()
    page.locator("#delete-form textarea").fill("原处罚决定已被撤销，依第三十七条删除。")
    page.locator("#delete-form button[type=submit]").click()
    page.wait_for_selector("#record")
    record.refresh_from_db()
    assert record.status == RecordStatus.DELETED
