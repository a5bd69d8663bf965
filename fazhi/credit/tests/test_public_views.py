"""The public pages and API: search (organisations only, never a person), an organisation's disclosed records,
verification (code, PDF), own reports, the centre's console look-up — with bad input answered by a clear 4xx."""

from __future__ import annotations

import base64
import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from fazhi.credit import reports
from fazhi.credit.choices import Disclosure, RecordStatus, ReportKind
from fazhi.credit.models import CreditReport, QueryLog, SubjectName
from fazhi.credit.tests.public_factories import link, organisation, person, record

pytestmark = pytest.mark.django_db


def _issue(user, subject, kind=ReportKind.SPECIAL):
    today = timezone.localdate()
    return reports.issue_report(
        subject=subject, kind=kind, period_from=today - dt.timedelta(days=365), period_to=today, user=user
    )


def test_home_links_and_search_box(client, client_for):
    page = client.get(reverse("credit:home"))
    assert page.status_code == 200
    body = page.content.decode()
    assert reverse("credit:search") in body and reverse("credit:verify") in body
    assert reverse("credit:own_reports") not in body  # signed out
    signed_in = client_for("company").get(reverse("credit:home")).content.decode()
    assert reverse("credit:own_reports") in signed_in


def test_search_by_name_former_name_and_code_with_public_counts(client):
    company = organisation("上海检索示范餐饮有限公司")
    SubjectName.objects.create(subject=company, name="上海旧称检索饭店", used_until=timezone.localdate())
    record(company)
    record(company)
    record(company, hidden=True)  # repaired: withdrawn from the public view
    record(company, disclosure=Disclosure.GOVERNMENT)  # not disclosed to the public
    record(company, public_until=timezone.localdate() - dt.timedelta(days=1))  # disclosure period over
    for query in ("检索示范餐饮", "旧称检索", company.credit_code, company.credit_code.lower()):
        page = client.get(reverse("credit:search"), {"q": query})
        assert page.status_code == 200
        assert company.name in page.content.decode(), query
        hits = page.context["results"].hits
        assert [h.subject for h in hits] == [company]
        assert hits[0].public_records == 2


def test_search_never_finds_a_person(client):
    subject, number = person("周八")
    record(subject)
    for query in (number, "周八", "周", subject.key, number[:15]):
        page = client.get(reverse("credit:search"), {"q": query})
        assert page.status_code == 200
        results = page.context.get("results")
        assert results is None or not results.hits
        # what is shown besides the person's own typing (kept in the search box): nothing of the person
        text = page.content.decode().replace(f'value="{query}"', "").replace(f"q={query}", "")
        assert "周八" not in text and number not in text and subject.key not in text
    id_page = client.get(reverse("credit:search"), {"q": number})
    assert id_page.context["person_query"]
    api = client.get("/api/v1/credit/search/", {"q": number})
    assert api.status_code == 200 and api.json()["results"] == []


def test_search_bad_input_is_a_clear_form_error(client):
    page = client.get(reverse("credit:search"), {"q": "x"})
    assert page.status_code == 200 and "results" not in page.context
    assert page.context["form"].errors
    api = client.get("/api/v1/credit/search/", {"q": "x" * 500})
    assert api.status_code == 400
    assert client.get("/api/v1/credit/search/", {"q": "上海", "page": "abc"}).status_code == 400


def test_search_paginates_and_caps_the_count(client, monkeypatch):
    from fazhi.credit import search

    monkeypatch.setattr(search, "PAGE_SIZE", 2)
    monkeypatch.setattr(search, "COUNT_CAP", 4)
    for n in range(6):
        organisation(f"上海分页测试{n}号有限公司")
    first = client.get(reverse("credit:search"), {"q": "分页测试"}).context["results"]
    assert first.capped and first.count == 4 and first.pages == 2 and len(first.hits) == 2
    second = client.get(reverse("credit:search"), {"q": "分页测试", "page": 2}).context["results"]
    assert second.page == 2 and {h.subject.pk for h in second.hits}.isdisjoint({h.subject.pk for h in first.hits})


def test_subject_page_lists_disclosed_records_with_objection_marking(client):
    company = organisation()
    shown = record(company, under_objection=True)
    hidden = record(company, hidden=True)
    deleted = record(company, status=RecordStatus.DELETED)
    page = client.get(company.get_absolute_url())
    assert page.status_code == 200
    body = page.content.decode()
    assert shown.source_ref in body and "under-objection" in body
    assert hidden.source_ref not in body and deleted.source_ref not in body
    api = client.get(f"/api/v1/credit/disclosed/{company.key}/").json()
    assert [r["source_ref"] for r in api["records"]] == [shown.source_ref]
    assert api["records"][0]["under_objection"] is True


def test_person_subject_page_is_not_found(client):
    subject, _number = person()
    record(subject)
    assert client.get(reverse("credit:subject", kwargs={"key": subject.key})).status_code == 404
    assert client.get(f"/api/v1/credit/disclosed/{subject.key}/").status_code == 404
    assert client.get(reverse("credit:subject", kwargs={"key": "cNOSUCH"})).status_code == 404


def test_verify_page_code_and_pdf(client, demo_users):
    company = organisation()
    link(demo_users["company"], company)
    report = _issue(demo_users["company"], company)
    url = reverse("credit:verify")
    assert client.get(url).status_code == 200
    genuine = client.get(url, {"code": report.code.lower()})
    assert genuine.status_code == 200 and 'data-result="genuine"' in genuine.content.decode()
    assert company.name in genuine.content.decode() and report.sha256 in genuine.content.decode()
    upload = SimpleUploadedFile("r.pdf", bytes(report.pdf), content_type="application/pdf")
    same = client.post(url, {"code": report.code, "pdf": upload})
    assert same.status_code == 200 and 'data-result="unaltered"' in same.content.decode()
    altered = SimpleUploadedFile("r.pdf", bytes(report.pdf) + b"x", content_type="application/pdf")
    changed = client.post(url, {"code": report.code, "pdf": altered})
    assert changed.status_code == 409 and 'data-result="altered"' in changed.content.decode()
    wrong = client.get(url, {"code": "ZZZZ-ZZZZ-ZZZZ-ZZZZ"})
    assert wrong.status_code == 404 and 'data-result="none"' in wrong.content.decode()
    assert client.get(url, {"code": ""}).status_code == 400


def test_verify_person_report_shows_masked_name_only(client, demo_users):
    subject, number = person("吴九")
    link(demo_users["citizen"], subject)
    report = _issue(demo_users["citizen"], subject, ReportKind.OWN)
    body = client.get(reverse("credit:verify"), {"code": report.code}).content.decode()
    assert "吴*" in body and "吴九" not in body and number not in body
    api = client.post("/api/v1/credit/verify/", {"code": report.code}, content_type="application/json").json()
    assert api["subject"] == "吴*" and api["genuine"] is True


def test_verify_api(client, demo_users):
    company = organisation()
    link(demo_users["company"], company)
    report = _issue(demo_users["company"], company)
    encoded = base64.b64encode(bytes(report.pdf)).decode()
    ok = client.post("/api/v1/credit/verify/", {"code": report.code, "pdf_base64": encoded}, "application/json")
    assert ok.status_code == 200 and ok.json()["unaltered"] is True and ok.json()["sha256"] == report.sha256
    bad = client.post("/api/v1/credit/verify/", {"code": report.code, "pdf_base64": "%%%"}, "application/json")
    assert bad.status_code == 400
    missing = client.post("/api/v1/credit/verify/", {"code": "ABCD-EFGH-JKLM-NPQR"}, "application/json")
    assert missing.status_code == 404 and missing.json()["genuine"] is False


def test_own_reports_page_issue_and_download(client_for, demo_users):
    company = organisation()
    link(demo_users["company"], company)
    client = client_for("company")
    url = reverse("credit:own_reports")
    assert client.get(url).status_code == 200
    today = timezone.localdate()
    data = {
        "subject": company.pk,
        "kind": ReportKind.SPECIAL,
        "period_from": (today - dt.timedelta(days=90)).isoformat(),
        "period_to": today.isoformat(),
    }
    response = client.post(url, data)
    assert response.status_code == 302
    report = CreditReport.objects.get(subject=company)
    listing = client.get(url).content.decode()
    assert report.code in listing
    pdf = client.get(reverse("credit:report_pdf", kwargs={"pk": report.pk}))
    assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"
    # someone else: not found, whoever they are
    for other in ("citizen", "hp_justice"):
        assert client_for(other).get(reverse("credit:report_pdf", kwargs={"pk": report.pk})).status_code == 404
    # the centre's staff may read it
    assert client_for("credit_officer").get(reverse("credit:report_pdf", kwargs={"pk": report.pk})).status_code == 200


def test_own_reports_bad_input_saves_nothing(client_for, demo_users):
    company = organisation()
    other = organisation()
    link(demo_users["company"], company)
    client = client_for("company")
    today = timezone.localdate()
    url = reverse("credit:own_reports")
    future = {"subject": company.pk, "kind": "own", "period_from": today.isoformat(), "period_to": "2999-01-01"}
    assert client.post(url, future).status_code == 400
    not_mine = {**future, "subject": other.pk, "period_to": today.isoformat()}
    assert client.post(url, not_mine).status_code == 400
    assert client.post(url, {"subject": company.pk, "kind": "bogus"}).status_code == 400
    assert not CreditReport.objects.exists()
    assert client_for(None).get(url).status_code == 302  # sign in first


def test_third_own_report_refused_on_the_page(client_for, demo_users):
    subject, number = person("郑十")
    link(demo_users["citizen"], subject)
    client = client_for("citizen")
    today = timezone.localdate()
    data = {"subject": subject.pk, "kind": "own", "period_from": today.isoformat(), "period_to": today.isoformat()}
    assert client.post(reverse("credit:own_reports"), data).status_code == 302
    assert client.post(reverse("credit:own_reports"), data).status_code == 302
    third = client.post(reverse("credit:own_reports"), data)
    assert third.status_code == 400
    text = third.content.decode()
    assert f"{today.year + 1}-01-01" in text and number not in text


def test_reports_api_issue_list_and_pdf(client_for, demo_users):
    company = organisation()
    link(demo_users["company"], company)
    client = client_for("company")
    today = timezone.localdate()
    body = {"subject": company.key, "kind": "special", "period_from": str(today), "period_to": str(today)}
    created = client.post("/api/v1/credit/reports/", body, "application/json")
    assert created.status_code == 201
    listed = client.get("/api/v1/credit/reports/").json()
    assert [r["code"] for r in listed] == [created.json()["code"]]
    pdf = client.get(f"/api/v1/credit/reports/{created.json()['id']}/pdf/")
    assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"
    stranger = client_for("citizen")
    assert stranger.post("/api/v1/credit/reports/", body, "application/json").status_code == 404
    assert stranger.get(f"/api/v1/credit/reports/{created.json()['id']}/pdf/").status_code == 404
    assert client_for(None).get("/api/v1/credit/reports/").status_code in (401, 403)


def test_console_lookup_requires_purpose_and_logs(client_for, demo_users):
    subject, number = person("冯十一")
    record(subject, disclosure=Disclosure.AUTHORISED)
    officer = client_for("credit_officer")
    url = reverse("credit_console:lookup")
    assert officer.get(url).status_code == 200
    assert officer.post(url, {"identifier": number, "purpose": ""}).status_code == 400
    assert not QueryLog.objects.filter(subject=subject).exists()
    found = officer.post(url, {"identifier": number, "purpose": "行政许可审查"})
    assert found.status_code == 200 and "冯十一" in found.content.decode()
    assert QueryLog.objects.filter(subject=subject, purpose="行政许可审查").count() == 1
    missing = officer.post(url, {"identifier": "110101199003070000", "purpose": "行政许可审查"})
    assert missing.status_code == 404 and "110101199003070000" not in missing.content.decode()
    assert "行政许可审查" in missing.content.decode()  # the purpose is kept, the identifier is not
    assert client_for("hp_justice").get(url).status_code == 403
    assert client_for("citizen").get(url).status_code == 403


def test_api_lookup(client_for, demo_users):
    subject, number = person("陈十二")
    record(subject)
    body = {"identifier": number, "purpose": "招投标审查"}
    answer = client_for("credit_officer").post("/api/v1/credit/lookup/", body, "application/json")
    assert answer.status_code == 200
    data = answer.json()
    assert data["subject"]["name"] == "陈**" and len(data["records"]) == 1
    assert QueryLog.objects.get(subject=subject).channel == "api"
    assert client_for("hp_justice").post("/api/v1/credit/lookup/", body, "application/json").status_code == 403
    empty = client_for("credit_officer").post("/api/v1/credit/lookup/", {"identifier": number}, "application/json")
    assert empty.status_code == 400


def test_console_staff_issue_report(client_for, demo_users):
    company = organisation()
    officer = client_for("credit_officer")
    url = reverse("credit_console:reports")
    today = timezone.localdate()
    data = {
        "identifier": company.credit_code,
        "kind": "special",
        "period_from": str(today - dt.timedelta(days=30)),
        "period_to": str(today),
        "purpose": "政府采购资格审查",
    }
    assert officer.post(url, data).status_code == 302
    assert CreditReport.objects.filter(subject=company, purpose="政府采购资格审查").exists()
    assert QueryLog.objects.filter(subject=company, channel="report").exists()
    assert officer.post(url, {**data, "purpose": ""}).status_code == 400
    assert client_for("company").get(url).status_code == 403
