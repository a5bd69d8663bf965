"""The records API: the public catalogue, subjects and records for staff, record intake by POST with per-record
errors and nothing half-saved."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from fazhi.credit.models import CreditRecord, QueryLog
from fazhi.credit.tests.records_factories import catalogue, company, person_id, record

pytestmark = pytest.mark.django_db


def _client(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_catalogue_is_public():
    catalogue()
    response = _client().get(reverse("api:credit-catalogue-item-list"))
    assert response.status_code == 200
    codes = {i["code"] for i in response.json()["results"]}
    assert {"XZCF", "XZXK", "CN01"} <= codes
    one = _client().get(reverse("api:credit-catalogue-item-detail", kwargs={"code": "XZCF"}))
    assert one.json()["category"] == "penalty"


def test_records_and_subjects_for_staff_only(demo_users):
    number = person_id()
    made = record(subject_kind="person", subject_name="郑一", credit_code="", id_number=number)
    assert _client().get(reverse("api:credit-record-list")).status_code in (401, 403)
    assert _client(demo_users["citizen"]).get(reverse("api:credit-record-list")).status_code == 403
    officer = _client(demo_users["credit_officer"])
    listed = officer.get(reverse("api:credit-record-list"), {"subject": made.subject_id})
    assert listed.status_code == 200 and listed.json()["count"] == 1
    detail = officer.get(reverse("api:credit-record-detail", kwargs={"pk": made.pk}), {"purpose": "核查"})
    body = detail.content.decode()
    assert number not in body and "郑一" not in body
    assert QueryLog.objects.filter(subject=made.subject, channel="api", purpose="核查").exists()
    found = officer.get(reverse("api:credit-subject-list"), {"q": number})
    assert found.json()["count"] == 1 and number not in found.content.decode()
    assert officer.get(reverse("api:credit-record-list"), {"subject": "x"}).status_code == 400


def test_post_records_per_record_errors(demo_users):
    catalogue()
    name, code = company()
    good = dict(
        source_system="api-test",
        source_ref="API-1",
        item="XZCF",
        provider="310101-SCJG",
        subject_kind="organisation",
        subject_name=name,
        credit_code=code,
        title="t",
        summary="s",
        legal_basis="食品安全法第一百二十四条",
        decided_on="2026-01-03",
    )
    bad_id = "310101199001011235"
    bad = dict(good, source_ref="API-2", subject_kind="person", subject_name="王二", credit_code="", id_number=bad_id)
    outside = dict(good, source_ref="API-3", item="GENE01")
    other_body = dict(good, source_ref="API-4", provider="310104-SCJG")
    hp = _client(demo_users["hp_justice"])
    response = hp.post(reverse("api:credit-record-list"), {"records": [good, bad, outside, other_body]}, format="json")
    assert response.status_code == 207
    data = response.json()
    assert data["taken"] == 1 and data["refused"] == 3
    assert bad_id not in response.content.decode()
    assert CreditRecord.objects.filter(source_system="api-test").count() == 1
    single = hp.post(reverse("api:credit-record-list"), outside, format="json")
    assert single.status_code == 400
    again = hp.post(reverse("api:credit-record-list"), good, format="json")
    assert again.status_code == 201 and again.json()["results"][0]["created"] is False
    assert hp.post(reverse("api:credit-record-list"), {"records": "x"}, format="json").status_code == 400
    assert hp.post(reverse("api:credit-record-list"), [1, 2], format="json").status_code == 400
    assert _client(demo_users["leader"]).post(reverse("api:credit-record-list"), good, format="json").status_code == 403
