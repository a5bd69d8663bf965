"""Public pages, the self-check, the API, the console's version editor and upload, and "applied on this platform"
on the law library's article page."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fazhi.audit.models import AuditEntry
from fazhi.enforcement.models import DiscretionStandardVersion, EnforcementMatter, Officer
from fazhi.enforcement.tests.factories import exemption_list, first_violation_item, sorting_matter, sorting_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    matter = sorting_matter()
    version = sorting_version(matter)
    the_list = exemption_list()
    item = first_violation_item(the_list, matter)
    officer = Officer.objects.create(
        body=matter.body, name="王建国", certificate_number="CERT-1", area="外滩", legal_qualification="A-SECRET-1"
    )
    return {"matter": matter, "version": version, "list": the_list, "item": item, "officer": officer}


def test_body_page_publishes_powers_officers_standards_lists(client, setup):
    matter = setup["matter"]
    response = client.get(reverse("enforcement:body", kwargs={"code": matter.body.code}))
    html = response.content.decode()
    assert response.status_code == 200
    assert matter.name in html and "CERT-1" in html and "外滩" in html
    assert "A-SECRET-1" not in html  # the qualification number is not public
    assert reverse("enforcement:standard", kwargs={"pk": setup["version"].standard_id}) in html
    assert setup["list"].get_absolute_url() in html
    assert "/laws/" in html  # the bases link to the articles


def test_unpublished_matter_is_not_found_publicly(client, setup):
    matter = setup["matter"]
    EnforcementMatter.objects.filter(pk=matter.pk).update(is_published=False)
    assert client.get(matter.get_absolute_url()).status_code == 404


def test_standard_page_shows_bands_and_versions(client, setup):
    url = reverse("enforcement:standard", kwargs={"pk": setup["version"].standard_id})
    html = client.get(url).content.decode()
    assert "repeat_count" in html and "150" in html
    assert client.get(url + "?version=9").status_code == 404


def test_self_check_search_then_answer(client, setup):
    url = reverse("enforcement:check")
    html = client.get(url, {"q": "生活垃圾"}).content.decode()
    assert f"?matter={setup['matter'].pk}" in html
    form = client.get(url, {"matter": setup["matter"].pk}).content.decode()
    assert 'name="first_violation"' in form and 'name="no_fault"' not in form  # only what the items ask
    answers = {"first_violation": "yes", "harm": "minor", "corrected": "yes", "corrected_days": "2"}
    response = client.get(url, {"matter": setup["matter"].pk, "check": "1", **answers})
    checks = response.context["checks"]
    assert len(checks) == 1 and checks[0].exempt
    late = client.get(url, {"matter": setup["matter"].pk, "check": "1", **answers, "corrected_days": "9"})
    assert not late.context["checks"][0].exempt
    assert "/33/?on=" in late.content.decode()  # each condition links to its article on the day


def test_self_check_bad_input_is_a_clear_4xx_or_form_error(client, setup):
    url = reverse("enforcement:check")
    assert client.get(url, {"matter": "abc"}).status_code == 404
    response = client.get(url, {"matter": setup["matter"].pk, "check": "1", "corrected_days": "-3"})
    assert response.status_code == 200 and response.context["form"].errors


def test_api_check_and_propose(client, setup):
    matter = setup["matter"]
    answers = {"first_violation": True, "harm": "none", "corrected": True, "corrected_days": 1}
    response = client.post(
        "/api/v1/enforcement/check/",
        json.dumps({"matter": matter.pk, "answers": answers, "on": "2024-03-01"}),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()[0]["exempt"] is True
    response = client.post(
        "/api/v1/enforcement/propose/",
        json.dumps({"matter": matter.pk, "act_date": "2024-03-01", "answers": {"repeat_count": 3}}),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert (response.json()["circumstance"], response.json()["fine_max"]) == ("serious", "200.00")
    bad = client.post(
        "/api/v1/enforcement/propose/",
        json.dumps({"matter": matter.pk, "act_date": "2024-03-01", "answers": {"nonsense": 1}}),
        content_type="application/json",
    )
    assert bad.status_code == 400 and "nonsense" in json.dumps(bad.json(), ensure_ascii=False)
    none = client.post(
        "/api/v1/enforcement/propose/",
        json.dumps({"matter": matter.pk, "act_date": "2020-01-01", "answers": {}}),
        content_type="application/json",
    )
    assert none.status_code == 404


def test_api_officers_public_fields_only_for_the_public(client, setup, demo_users):
    anonymous = client.get(f"/api/v1/enforcement/officers/{setup['officer'].pk}/").json()
    assert anonymous["certificate_number"] == "CERT-1" and "legal_qualification" not in anonymous
    client.force_login(demo_users["hp_justice"])
    staff = client.get(f"/api/v1/enforcement/officers/{setup['officer'].pk}/").json()
    assert staff["legal_qualification"] == "A-SECRET-1"
    client.force_login(demo_users["xh_justice"])
    assert "legal_qualification" not in client.get(f"/api/v1/enforcement/officers/{setup['officer'].pk}/").json()


def test_api_standards_show_published_versions_only(client, setup):
    DiscretionStandardVersion.objects.create(
        standard_id=setup["version"].standard_id, number=2, effective_from=dt.date(2030, 1, 1)
    )
    data = client.get(f"/api/v1/enforcement/standards/{setup['version'].standard_id}/").json()
    assert [v["number"] for v in data["versions"]] == [1]


def test_console_new_version_edit_and_publish(client, setup, demo_users):
    client.force_login(demo_users["hp_justice"])
    standard_id = setup["version"].standard_id
    response = client.post(
        reverse("enforcement_console:version_add", kwargs={"pk": standard_id}), {"effective_from": "2026-01-01"}
    )
    draft = DiscretionStandardVersion.objects.get(standard_id=standard_id, number=2)
    assert response.url == reverse("enforcement_console:version", kwargs={"pk": draft.pk})
    response = client.post(
        reverse("enforcement_console:band_set", kwargs={"pk": draft.pk}),
        {"circumstance": "grave", "fine_min": "200", "fine_max": "200", "conditions": "repeat_count >= 5"},
    )
    assert response.status_code == 302
    bad = client.post(
        reverse("enforcement_console:band_set", kwargs={"pk": draft.pk}),
        {"circumstance": "grave", "fine_min": "1", "fine_max": "2", "conditions": "nobody yes"},
    )
    assert bad.status_code == 200 and "nobody" in bad.content.decode()
    client.post(reverse("enforcement_console:version_publish", kwargs={"pk": draft.pk}))
    draft.refresh_from_db()
    assert draft.is_published and draft.bands.count() == 4
    assert AuditEntry.objects.filter(object_id=str(draft.pk), action="update").exists()
    # Xuhui's reviewer cannot reach Huangpu's standard.
    client.force_login(demo_users["xh_justice"])
    response = client.post(
        reverse("enforcement_console:version_add", kwargs={"pk": standard_id}), {"effective_from": "2027-01-01"}
    )
    assert response.status_code == 404


def test_console_catalogue_upload(client, demo_users):
    client.force_login(demo_users["hp_justice"])
    text = (
        "body_code,matter_code,name,kind,violation,violated_article,penalty_article\n"
        "310101-CGZF,U-1,吊挂晾晒,penalty,,上海市市容环境卫生管理条例第二十六条,上海市市容环境卫生管理条例第二十六条\n"
        "310104-CGZF,U-2,徐汇的事项,penalty,,,上海市市容环境卫生管理条例第二十六条\n"
    )
    response = client.post(reverse("enforcement_console:import"), {"file": SimpleUploadedFile("c.csv", text.encode())})
    report = response.context["report"]
    assert report.created == 1 and [n for n, _why in report.skipped] == [3]  # Xuhui's row: outside the scope
    assert not EnforcementMatter.objects.filter(code="U-2").exists()


def test_article_page_lists_what_applies_it(client, setup):
    work = setup["matter"].bases.first().work
    html = client.get(reverse("laws:article", kwargs={"key": work.key, "number": "57"})).content.decode()
    assert setup["matter"].name in html
    assert "个人混投生活垃圾裁量基准" in html
    law = setup["item"].conditions.first().work.key
    page = client.get(reverse("laws:article", kwargs={"key": law, "number": "33"})).content.decode()
    assert setup["item"].title in page
