"""Published decisions in a browser at phone width: a citizen searches by name, narrows by a facet, opens the
company's history and downloads the results as CSV."""

import csv
import io

import pytest

from fazhi.publicity.tests.factories import company, published

pytestmark = pytest.mark.browser


def test_citizen_searches_opens_history_downloads_csv_at_phone_width(page, live_server, reference_data):
    base = live_server.url
    name, code = company()
    first = published(party_name=name, party_credit_code=code)
    second = published(party_name=name, party_credit_code=code, body="310101-CGZF")
    published()  # someone else
    page.set_viewport_size({"width": 390, "height": 844})

    page.goto(f"{base}/decisions/")
    page.locator("#id_q").fill(name[:8])
    page.locator("#decision-search button[type=submit]").click()
    page.wait_for_url(f"{base}/decisions/?*")
    assert page.locator("#decisions tbody tr").count() == 2
    # nothing sticks out sideways but the table's own scroller
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")

    facet = page.locator("a[data-facet='body']").first
    count = int(facet.get_attribute("data-count"))
    facet.click()
    page.wait_for_url(f"{base}/decisions/?*body=*")
    assert page.locator("#decisions tbody tr").count() == count

    page.goto(f"{base}/decisions/?q={code}")
    page.locator("#decisions a.entity").first.click()
    page.wait_for_url(f"{base}/decisions/entities/c{code}/")
    history = page.locator("#decisions").inner_text()
    assert first.source_ref in history and second.source_ref in history

    page.goto(f"{base}/decisions/?q={code}")
    with page.expect_download() as download_info:
        page.locator("#download-csv").click()
    path = download_info.value.path()
    with open(path, encoding="utf-8-sig") as stream:
        rows = list(csv.reader(io.StringIO(stream.read())))
    assert {r[0] for r in rows[1:]} == {first.source_ref, second.source_ref}
