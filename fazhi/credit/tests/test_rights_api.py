"""The API of the subject's rights: own records with their repair conditions, objections and repairs for the
applicant, steps for staff."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from fazhi.credit.choices import ObjectionStatus, RepairStatus
from fazhi.credit.models import Objection, RepairApplication
from fazhi.credit.tests.rights_factories import company, link, person, record, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(demo_users):
    def make(username: str | None) -> APIClient:
        client = APIClient()
        if username:
            client.force_authenticate(demo_users[username])
        return client

    return make


@pytest.fixture
def own(demo_users):
    subject = company()
    link(demo_users["company"], subject)
    return record(subject)


def test_my_records_lists_only_own_with_conditions(own, api):
    record(person())  # someone else's
    answer = api("company").get("/api/v1/credit/my-records/")
    assert answer.status_code == 200
    rows = answer.json()["results"] if "results" in answer.json() else answer.json()
    assert [r["id"] for r in rows] == [own.pk]
    assert {c["code"] for c in rows[0]["repair_conditions"]} >= {"period", "obligation", "commitment"}
    assert api(None).get("/api/v1/credit/my-records/").status_code in (401, 403)


def test_objection_create_follow_and_staff_steps(own, api):
    other = record(person())
    refused = api("company").post("/api/v1/credit/objections/", {"record": other.pk, "grounds": "x"}, format="json")
    assert refused.status_code == 404 and not Objection.objects.exists()
    bad = api("company").post("/api/v1/credit/objections/", {"record": own.pk}, format="json")
    assert bad.status_code == 400
    created = api("company").post(
        "/api/v1/credit/objections/", {"record": own.pk, "grounds": "金额有误"}, format="json"
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert api("company").get(f"/api/v1/credit/objections/{pk}/").json()["status"] == ObjectionStatus.SUBMITTED
    assert api("company").post(f"/api/v1/credit/objections/{pk}/steps/mark/", {}, format="json").status_code == 403
    marked = api("credit_officer").post(f"/api/v1/credit/objections/{pk}/steps/mark/", {}, format="json")
    assert marked.status_code == 200 and marked.json()["status"] == ObjectionStatus.MARKED
    upheld = api("credit_officer").post(
        f"/api/v1/credit/objections/{pk}/steps/uphold/", {"reason": "与决定书一致"}, format="json"
    )
    assert upheld.status_code == 200 and upheld.json()["answer"] == "与决定书一致"
    assert api("citizen").get(f"/api/v1/credit/objections/{pk}/").status_code == 404


def test_repair_create_with_proof_and_steps(own, api):
    no_commitment = api("company").post(
        "/api/v1/credit/repairs/",
        {"record": own.pk, "obligation_performed": "已缴", "commitment_signed": False},
        format="json",
    )
    assert no_commitment.status_code == 400 and not RepairApplication.objects.exists()
    created = api("company").post(
        "/api/v1/credit/repairs/",
        {"record": own.pk, "obligation_performed": "已缴", "commitment_signed": True, "proof": [upload()]},
        format="multipart",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    confirmed = api("hp_justice").post(
        f"/api/v1/credit/repairs/{pk}/steps/confirm/", {"proof": "已核实"}, format="json"
    )
    assert confirmed.status_code == 200 and confirmed.json()["status"] == RepairStatus.PROVIDER_CONFIRMED
    api("credit_officer").post(f"/api/v1/credit/repairs/{pk}/steps/withdraw/", {}, format="json")
    shared = api("credit_officer").post(f"/api/v1/credit/repairs/{pk}/steps/share/", {}, format="json")
    assert shared.status_code == 200 and shared.json()["status"] == RepairStatus.REPAIRED
    mine = api("company").get("/api/v1/credit/repairs/").json()
    rows = mine.get("results", mine)
    assert rows[0]["status"] == RepairStatus.REPAIRED and rows[0]["shared_at"]


def test_bad_input_is_a_clear_400_and_nothing_saved(own, api):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = api("company")
    assert (
        client.post("/api/v1/credit/objections/", {"record": "abc", "grounds": "x"}, format="json").status_code == 400
    )
    too_long = client.post("/api/v1/credit/objections/", {"record": own.pk, "grounds": "长" * 3000}, format="json")
    assert too_long.status_code == 400
    program = SimpleUploadedFile("proof.exe", b"MZ\x90\x00binary", content_type="application/octet-stream")
    bad_file = client.post(
        "/api/v1/credit/repairs/",
        {"record": own.pk, "obligation_performed": "已缴", "commitment_signed": True, "proof": [program]},
        format="multipart",
    )
    assert bad_file.status_code == 400
    many = client.post(
        "/api/v1/credit/repairs/",
        {
            "record": own.pk,
            "obligation_performed": "已缴",
            "commitment_signed": True,
            "proof": [upload() for _ in range(6)],
        },
        format="multipart",
    )
    assert many.status_code == 400
    assert not Objection.objects.exists() and not RepairApplication.objects.exists()
