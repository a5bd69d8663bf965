"""Enforcement in a browser: a citizen runs the no-penalty self-check on a phone; a Huangpu reviewer makes, fills
and publishes a new version of a discretion standard."""

import pytest
from django.conf import settings

from fazhi.core.tests.test_browser import log_in
from fazhi.enforcement.models import DiscretionStandardVersion
from fazhi.enforcement.tests.factories import exemption_list, first_violation_item, sorting_matter, sorting_version

pytestmark = pytest.mark.browser


def test_citizen_self_check_at_phone_width(page, live_server, reference_data):
    matter = sorting_matter()
    first_violation_item(exemption_list(), matter)
    base = live_server.url
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/enforcement/")
    page.locator("a[href='/enforcement/check/']").first.click()
    page.wait_for_url(f"{base}/enforcement/check/")
    page.locator("#q").fill("生活垃圾")
    page.locator("form.search button[type=submit]").click()
    page.locator(f"ul.found a[href='?matter={matter.pk}']").click()
    page.wait_for_url(f"{base}/enforcement/check/?matter={matter.pk}")
    page.locator("#id_first_violation").select_option("yes")
    page.locator("#id_harm").select_option("minor")
    page.locator("#id_corrected").select_option("yes")
    page.locator("#id_corrected_days").fill("2")
    page.locator("button[name=check]").click()
    page.wait_for_selector("section.check")
    assert page.locator("section.check.exempt").count() == 1
    assert page.locator("li.finding.met").count() == 3
    assert page.locator("li.finding a[href*='?on=']").count() == 3  # each condition's article, on the day
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")  # no sideways scroll
    page.screenshot(path=str(settings.VAR_DIR / "enforcement-self-check-390.png"), full_page=True)
    # Corrected too late: the condition is not met, and says why.
    page.locator("#id_corrected_days").fill("9")
    page.locator("button[name=check]").click()
    page.wait_for_selector("section.check.not-exempt")
    assert page.locator("li.finding.unmet").count() == 1


def test_staff_make_and_publish_a_new_standard_version(page, live_server, reference_data, password):
    version = sorting_version(sorting_matter())
    base = live_server.url
    log_in(page, base, "hp_justice", password)
    page.goto(f"{base}/console/enforcement/standards/")
    page.get_by_role("link", name=version.standard.title).click()
    page.wait_for_url(f"{base}/console/enforcement/standards/{version.standard_id}/")
    page.locator("#new-version #id_effective_from").fill("2026-01-01")
    page.locator("#new-version button[type=submit]").click()
    page.wait_for_url(f"{base}/console/enforcement/versions/*/")
    draft = DiscretionStandardVersion.objects.get(standard=version.standard, number=2)
    assert page.locator("#bands tbody tr").count() == 3  # copied from version 1
    page.locator("#band-form #id_circumstance").select_option("grave")
    page.locator("#band-form #id_fine_min").fill("200")
    page.locator("#band-form #id_fine_max").fill("200")
    page.locator("#band-form #id_conditions").fill("repeat_count >= 5")
    page.locator("#band-form #id_citation").fill("上海市生活垃圾管理条例第五十七条第二款")
    page.locator("#band-form button[type=submit]").click()
    page.wait_for_function("() => document.querySelectorAll('#bands tbody tr').length === 4")
    page.locator("#publish").click()
    page.wait_for_url(f"{base}/console/enforcement/versions/{draft.pk}/")
    draft.refresh_from_db()
    assert draft.is_published and draft.bands.filter(circumstance="grave", fine_max=200).exists()
    assert page.locator("#publish").count() == 0  # published: no longer editable
