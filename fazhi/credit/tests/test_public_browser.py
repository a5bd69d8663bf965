"""A business in a browser at phone width: finds its organisation by name on the public search, then signs in,
issues a special credit report (沪营商条例 第六十六条) from 我的信用报告 and downloads it; anyone then verifies the
code and the downloaded PDF, and a forged code is told that no report has it."""

import datetime as dt

import pytest
from django.utils import timezone

from fazhi.core.tests.test_browser import log_in, log_out
from fazhi.credit.models import CreditReport
from fazhi.credit.tests.public_factories import link, organisation, record

pytestmark = pytest.mark.browser


def test_business_searches_issues_report_and_anyone_verifies_it(page, live_server, reference_data, password):
    from fazhi.accounts.models import User

    base = live_server.url
    company = organisation("上海浏览器示范贸易有限公司")
    link(User.objects.get(username="company"), company)
    penalty = record(company)
    page.set_viewport_size({"width": 390, "height": 844})

    page.goto(f"{base}/credit/")
    page.locator("#credit-search #id_q").fill("浏览器示范")
    page.locator("#credit-search button[type=submit]").click()
    page.wait_for_url(f"{base}/credit/search/?*")
    assert page.locator("#subjects tbody tr").count() == 1
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.locator("#subjects a.subject").click()
    page.wait_for_url(f"{base}/credit/subjects/{company.key}/")
    assert penalty.source_ref in page.locator("#records").inner_text()

    log_in(page, base, "company", password)
    page.goto(f"{base}/credit/")
    page.locator("#credit-own-reports").click()
    page.wait_for_url(f"{base}/credit/my/reports/")
    today = timezone.localdate()
    page.locator("#id_kind").select_option("special")
    page.locator("#id_period_from").fill((today - dt.timedelta(days=365)).isoformat())
    page.locator("#id_period_to").fill(today.isoformat())
    page.locator("#issue-report button[type=submit]").click()
    page.wait_for_url(f"{base}/credit/my/reports/#report-*")
    report = CreditReport.objects.get(subject=company)
    assert report.code in page.locator("#reports").inner_text()
    with page.expect_download() as download_info:
        page.locator(f"#report-{report.pk} a.download").click()
    pdf_path = download_info.value.path()
    log_out(page)

    page.goto(f"{base}/credit/verify/")
    page.locator("#id_code").fill(report.code.lower().replace("-", " "))
    page.locator("#id_pdf").set_input_files(str(pdf_path))
    page.locator("#verify-form button[type=submit]").click()
    result = page.locator("#verify-result")
    assert result.locator("[data-result=unaltered]").count() == 1
    assert company.name in result.inner_text() and report.sha256 in result.inner_text()

    page.goto(f"{base}/credit/verify/")
    page.locator("#id_code").fill("ABCD-EFGH-JKLM-NPQR")
    page.locator("#verify-form button[type=submit]").click()
    assert page.locator("#verify-result [data-result=none]").count() == 1
