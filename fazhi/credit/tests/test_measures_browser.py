"""Joint measures in a browser: the credit centre's officer checks a company for a permit application and reads
why a sanction applies (the record, its item and legal basis), then checks a clean company and sees the incentive;
the public application list shows the published measures."""

import pytest
from django.conf import settings

from fazhi.core.tests.test_browser import log_in
from fazhi.credit.choices import MeasureTarget
from fazhi.credit.models import MeasureCheck
from fazhi.credit.tests import measures_factories as f

pytestmark = pytest.mark.browser


def test_officer_checks_subjects_with_reasons(page, live_server, reference_data, password):
    failing, clean = f.company(), f.company()
    record = f.record(failing)
    sanction = f.measure()
    incentive = f.measure(MeasureTarget.NO_FAILING)
    base = live_server.url
    log_in(page, base, "credit_officer", password)
    page.goto(f"{base}/console/credit/check/")
    page.locator("#check-form #id_identifier").fill(failing.credit_code)
    page.locator("#check-form #id_matter").select_option("permit")
    page.locator("#check-form #id_purpose").fill("食品经营许可申请审查")
    page.locator("#check-form button[type=submit]").click()
    page.wait_for_selector("#check-result")
    found = page.locator(f"#check-result article[data-code='{sanction.code}']")
    assert found.count() == 1
    text = found.inner_text()
    assert record.source_ref in text and record.legal_basis in text and sanction.legal_basis in text
    assert page.locator("#simplified-no").count() == 1
    page.screenshot(path=str(settings.VAR_DIR / "credit-measures-check.png"), full_page=True)

    page.locator("#check-form #id_identifier").fill(clean.credit_code)
    page.locator("#check-form button[type=submit]").click()
    page.wait_for_selector(f"#check-result article[data-code='{incentive.code}']")
    assert page.locator("#simplified-yes").count() == 1
    assert MeasureCheck.objects.filter(purpose="食品经营许可申请审查").count() == 2

    page.goto(f"{base}/credit/measures/")
    assert page.locator(f"#measures tr#measure-{sanction.pk}").count() == 1
