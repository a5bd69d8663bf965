"""Pages and API of the joint measures: the public list, the console check (one subject and a file), drafting and
publishing, and the API with its batch — bad input is a clear 4xx, never a 500, never a leaked ID number."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.urls import reverse

from fazhi.credit.choices import CheckMatter, MeasureTarget
from fazhi.credit.models import Measure, MeasureCheck, QueryLog
from fazhi.credit.tests import measures_factories as f

pytestmark = pytest.mark.django_db
PURPOSE = "政府采购供应商资格审查"


def _rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_public_list_shows_published_measures_only(client):
    shown = f.measure()
    hidden = f.measure(published=False)
    response = client.get(reverse("credit:measures"))
    text = response.content.decode()
    assert response.status_code == 200
    assert shown.code in text and hidden.code not in text
    response = client.get(reverse("credit:measures"), {"matter": CheckMatter.TENDER})
    assert shown.code not in response.content.decode()
    assert client.get(reverse("credit:measures"), {"matter": "<script>"}).status_code == 200


def test_console_check_explains_and_logs(client_for):
    subject = f.company()
    rec = f.record(subject)
    sanction = f.measure()
    client = client_for("credit_officer")
    assert client.get(reverse("credit_console:check")).status_code == 200
    response = client.post(
        reverse("credit_console:check"),
        {"identifier": subject.credit_code.lower(), "matter": CheckMatter.PERMIT, "purpose": PURPOSE},
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert sanction.code in text and rec.source_ref in text and sanction.legal_basis in text
    assert 'id="simplified-no"' in text
    assert MeasureCheck.objects.filter(subject=subject, purpose=PURPOSE).count() == 1


def test_console_check_bad_input_is_4xx_without_echoing_an_id_number(client_for):
    client = client_for("credit_officer")
    _subject, number = f.person()
    response = client.post(reverse("credit_console:check"), {"identifier": number, "matter": "permit", "purpose": ""})
    assert response.status_code == 400
    response = client.post(
        reverse("credit_console:check"),
        {"identifier": "110101199003070000", "matter": "permit", "purpose": PURPOSE},
    )
    assert response.status_code == 404
    assert "110101199003070000" not in response.content.decode().replace('value="110101199003070000"', "")
    assert not MeasureCheck.objects.exists()


def test_console_check_is_for_staff(client_for):
    assert client_for("citizen").get(reverse("credit_console:check")).status_code == 403
    assert client_for(None).get(reverse("credit_console:check")).status_code == 302


def test_console_batch_file_to_result_file(client_for):
    failing, clean = f.company(), f.company()
    f.record(failing)
    _human, number = f.person()
    f.measure()
    f.measure(MeasureTarget.NO_FAILING)
    upload = io.BytesIO(f"identifier\n{failing.credit_code}\n{clean.credit_code}\n{number}\nnonsense\n".encode())
    upload.name = "ids.csv"
    response = client_for("credit_officer").post(
        reverse("credit_console:check_batch"),
        {"file": upload, "matter": CheckMatter.PERMIT, "purpose": PURPOSE, "result_format": "csv"},
    )
    assert response.status_code == 200, response.content.decode()[:500]
    rows = _rows(response)
    assert len(rows) == 5 and rows[1][1] == failing.credit_code
    assert number not in response.content.decode("utf-8-sig")
    upload = io.BytesIO(failing.credit_code.encode())
    upload.name = "ids.csv"
    response = client_for("credit_officer").post(
        reverse("credit_console:check_batch"),
        {"file": upload, "matter": CheckMatter.PERMIT, "purpose": PURPOSE, "result_format": "xlsx"},
    )
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")


def test_console_batch_over_the_limit_is_refused(client_for, settings):
    settings.CREDIT_CHECK_BATCH_MAX = 2
    upload = io.BytesIO(b"91310101MA1FL0000X\n91310101MA1FL0001X\n91310101MA1FL0002X\n")
    upload.name = "ids.csv"
    response = client_for("credit_officer").post(
        reverse("credit_console:check_batch"),
        {"file": upload, "matter": CheckMatter.PERMIT, "purpose": PURPOSE, "result_format": "csv"},
    )
    assert response.status_code == 400
    assert "at most 2" in response.content.decode() or "最多" in response.content.decode()
    assert not MeasureCheck.objects.exists()


def test_centre_drafts_and_publishes_in_the_console(client_for):
    client = client_for("credit_officer")
    assert client.get(reverse("credit_console:measure_new")).status_code == 200
    data = {
        "code": "T-CON-1",
        "kind": "sanction",
        "matter": "permit",
        "target": "failing_category",
        "target_category": "penalty",
        "means": "列为重点审查对象",
        "body": f.org("31-SCJG").pk,
        "legal_basis": "上海市优化营商环境条例第九百条",
    }
    response = client.post(reverse("credit_console:measure_new"), data)
    assert response.status_code == 400 and not Measure.objects.filter(code="T-CON-1").exists()
    data["legal_basis"] = "上海市优化营商环境条例第六十七条"
    response = client.post(reverse("credit_console:measure_new"), data)
    assert response.status_code == 302
    measure = Measure.objects.get(code="T-CON-1")
    assert measure.published_at is None
    assert client.post(reverse("credit_console:measure_publish", args=[measure.pk])).status_code == 302
    measure.refresh_from_db()
    assert measure.published_at is not None
    assert client.get(reverse("credit_console:measure_edit", args=[measure.pk])).status_code == 200  # shows the form
    response = client.post(reverse("credit_console:measure_edit", args=[measure.pk]), {**data, "means": "改"})
    assert response.status_code == 400


def test_others_may_not_draft(client_for):
    assert client_for("hp_justice").get(reverse("credit_console:measure_new")).status_code == 403
    draft = f.measure(published=False)
    assert client_for("hp_justice").post(reverse("credit_console:measure_publish", args=[draft.pk])).status_code == 404
    assert client_for("hp_justice").get(reverse("credit_console:measures")).status_code == 200


# --- API ------------------------------------------------------------------------------------------------------


def test_api_lists_published_measures(client):
    shown, hidden = f.measure(), f.measure(published=False)
    data = client.get(reverse("api:credit-measure-list")).json()
    codes = [m["code"] for m in data.get("results", data)]
    assert shown.code in codes and hidden.code not in codes
    assert client.get(reverse("api:credit-measure-list"), {"matter": "x"}).status_code == 400


def test_api_check(client_for):
    subject = f.company()
    rec = f.record(subject)
    sanction = f.measure()
    client = client_for("credit_officer")
    url = reverse("api:credit-check")
    body = {"identifier": subject.credit_code, "matter": "permit", "purpose": PURPOSE}
    data = client.post(url, body, content_type="application/json").json()
    assert data["applied"][0]["code"] == sanction.code
    assert data["applied"][0]["reasons"][0]["source_ref"] == rec.source_ref
    assert data["simplified_procedure"] is False
    assert client.post(url, {**body, "purpose": ""}, content_type="application/json").status_code == 400
    assert client.post(url, {**body, "matter": "x"}, content_type="application/json").status_code == 400
    missing = client.post(url, {**body, "identifier": "110101199003070000"}, content_type="application/json")
    assert missing.status_code == 404 and "110101199003070000" not in missing.content.decode()
    assert client_for("citizen").post(url, body, content_type="application/json").status_code == 403
    assert client_for(None).post(url, body, content_type="application/json").status_code in (401, 403)


def test_api_batch_list_and_limit(client_for, settings):
    subject = f.company()
    human, number = f.person()
    f.record(human)
    f.measure()
    client = client_for("credit_officer")
    url = reverse("api:credit-check-batch")
    body = {"identifiers": [subject.credit_code, number, "bad"], "matter": "permit", "purpose": PURPOSE}
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 200
    rows = _rows(response)
    assert [r[0] for r in rows[1:]] == ["1", "2", "3"]
    assert number not in response.content.decode("utf-8-sig")
    assert QueryLog.objects.filter(subject=human).count() == 1
    settings.CREDIT_CHECK_BATCH_MAX = 2
    refused = client.post(url, body, content_type="application/json")
    assert refused.status_code == 400 and "identifiers" in refused.json()
    settings.CREDIT_CHECK_BATCH_MAX = 100_000
    empty = client.post(url, {**body, "identifiers": []}, content_type="application/json")
    assert empty.status_code == 400
    assert client_for("citizen").post(url, body, content_type="application/json").status_code == 403


def test_api_batch_file(client_for):
    subject = f.company()
    upload = io.BytesIO(subject.credit_code.encode())
    upload.name = "ids.csv"
    response = client_for("credit_officer").post(
        reverse("api:credit-check-batch"),
        {"file": upload, "matter": "permit", "purpose": PURPOSE, "result_format": "xlsx"},
    )
    assert response.status_code == 200, response.content[:300]
    assert response["X-Checked"] == "1"
    assert json.dumps  # keep the import used


def test_menus_lead_each_role_to_what_it_may_use(client_for):
    officer = client_for("credit_officer").get("/console/").content.decode()
    assert reverse("credit_console:check") in officer and reverse("credit_console:measures") in officer
    # The credit consoles are for the centre and the bodies that provide records (access.works_with_credit): a
    # district reviewer whose scope holds no enforcement body in this data is not offered them.
    reviewer = client_for("hp_justice").get("/console/").content.decode()
    assert reverse("credit_console:measure_new") not in reviewer
    # The public reach the application list from the credit home page, linked from the portal.
    assert reverse("credit:home") in client_for(None).get("/").content.decode()
    assert reverse("credit:measures") in client_for(None).get(reverse("credit:home")).content.decode()


def test_api_batch_larger_than_the_request_limit_is_a_clear_4xx(client_for, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = {"identifiers": ["91310101MA1FL0000X"] * 200, "matter": "permit", "purpose": PURPOSE}
    response = client_for("credit_officer").post(
        reverse("api:credit-check-batch"), body, content_type="application/json"
    )
    assert 400 <= response.status_code < 500, response.status_code
    assert not MeasureCheck.objects.exists()
