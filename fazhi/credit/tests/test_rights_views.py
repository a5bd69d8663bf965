"""The subject's pages and the staff console of objections and repairs."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from fazhi.credit import access, rights
from fazhi.credit.choices import ObjectionStatus, RepairStatus
from fazhi.credit.models import Objection, QueryLog, RepairApplication
from fazhi.credit.querylog import log_query
from fazhi.credit.tests.rights_factories import company, link, person, record, upload
from fazhi.orgs.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def own(demo_users):
    subject = company()
    link(demo_users["company"], subject)
    return record(subject)


def test_mine_needs_sign_in_and_explains_how_to_get_linked(client_for):
    assert client_for(None).get(reverse("credit:mine")).status_code == 302
    page = client_for("citizen").get(reverse("credit:mine"))
    assert page.status_code == 200 and 'id="not-linked"' in page.text


def test_mine_shows_all_records_with_dates_and_who_looked(own, client_for, demo_users):
    repaired = record(own.subject, hidden=True, status="repaired")
    log_query(
        subject=own.subject, user=demo_users["hp_justice"], channel="check", purpose="行政许可审查", seen="1 record"
    )
    page = client_for("company").get(reverse("credit:mine"))
    text = page.text
    assert page.status_code == 200
    assert own.title in text and repaired.title in text and own.source_ref in text
    assert own.queryable_until.strftime("%Y-%m-%d") in text and own.earliest_repair.strftime("%Y-%m-%d") in text
    assert "行政许可审查" in text and str(demo_users["hp_justice"].organisation) in text
    assert demo_users["hp_justice"].get_full_name() not in text or not demo_users["hp_justice"].get_full_name()
    assert QueryLog.objects.filter(subject=own.subject, channel="self").exists()  # logged, not listed back
    assert "信息主体本人" not in client_for("company").get(reverse("credit:mine")).text


def test_someone_elses_record_is_not_found(client_for):
    other = record(person())
    for name in ("credit:mine_record", "credit:object", "credit:apply_repair"):
        assert client_for("company").get(reverse(name, args=[other.pk])).status_code == 404
    response = client_for("company").post(reverse("credit:object", args=[other.pk]), {"grounds": "x"})
    assert response.status_code == 404 and not Objection.objects.exists()


def test_object_from_the_record_page_and_follow_it(own, client_for):
    client = client_for("company")
    page = client.get(reverse("credit:mine_record", args=[own.pk]))
    assert 'id="repair-conditions"' in page.text and reverse("credit:object", args=[own.pk]) in page.text
    assert client.post(reverse("credit:object", args=[own.pk]), {"grounds": ""}).status_code == 400
    response = client.post(reverse("credit:object", args=[own.pk]), {"grounds": "罚款金额与决定书不符", "evidence": ""})
    objection = Objection.objects.get()
    assert response.status_code == 302 and response["Location"] == objection.get_absolute_url()
    follow = client.get(objection.get_absolute_url())
    assert follow.status_code == 200 and objection.get_status_display() in follow.text
    # the same objection again: a clear message, nothing saved
    again = client.post(reverse("credit:object", args=[own.pk]), {"grounds": "再次"})
    assert again.status_code == 400 and objection.tracking_number in again.text
    assert client_for("citizen").get(objection.get_absolute_url()).status_code == 404


def test_repair_too_early_is_refused_with_the_date(demo_users, client_for):
    subject = company()
    link(demo_users["company"], subject)
    fresh = record(subject, decided_on=timezone.localdate() - dt.timedelta(days=5), earliest_repair=None)
    response = client_for("company").post(
        reverse("credit:apply_repair", args=[fresh.pk]),
        {"obligation_performed": "已缴清", "commitment_signed": "on"},
    )
    assert response.status_code == 400
    assert rights.repair_possible_from(fresh).isoformat() in response.text
    assert not RepairApplication.objects.exists()


def test_repair_with_proof_from_the_page(own, client_for):
    response = client_for("company").post(
        reverse("credit:apply_repair", args=[own.pk]),
        {"obligation_performed": "罚款已缴清", "commitment_signed": "on", "proof": [upload()]},
    )
    repair = RepairApplication.objects.get()
    assert response.status_code == 302 and repair.status == RepairStatus.SUBMITTED
    page = client_for("company").get(repair.get_absolute_url())
    assert "receipt.pdf" in page.text


def test_console_queues_and_steps(own, client_for, demo_users):
    objection = rights.objection_submit(record=own, user=demo_users["company"], grounds="金额有误")
    officer = client_for("credit_officer")
    queue = officer.get(reverse("credit_console:objections"))
    assert queue.status_code == 200 and objection.tracking_number in queue.text
    detail = officer.get(reverse("credit_console:objection", args=[objection.pk]))
    assert detail.status_code == 200 and 'id="step-mark"' in detail.text
    officer.post(reverse("credit_console:objection_step", args=[objection.pk, "mark"]), {"note": ""})
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.MARKED
    # a citizen has no console; a body with no part in it does not find it
    assert client_for("citizen").get(reverse("credit_console:objection", args=[objection.pk])).status_code == 403
    outsider = client_for("njdl_handler") if "njdl_handler" in demo_users else None
    if outsider is not None:
        assert outsider.get(reverse("credit_console:objection", args=[objection.pk])).status_code == 404


def test_deletions_and_link_pages(client_for, demo_users):
    due = record(revoked_at=timezone.now(), deletion_due=timezone.localdate() + dt.timedelta(days=2))
    page = client_for("credit_officer").get(reverse("credit_console:deletions"))
    assert page.status_code == 200 and due.title in page.text
    assert client_for("hp_justice").get(reverse("credit_console:link_account")).status_code == 403
    subject = company()
    response = client_for("credit_officer").post(
        reverse("credit_console:link_account"), {"username": "citizen", "identifier": subject.credit_code}
    )
    assert response.status_code == 302 and access.acts_for(demo_users["citizen"], subject)
    bad = client_for("credit_officer").post(
        reverse("credit_console:link_account"), {"username": "citizen", "identifier": "91310000XXXXXXXXXX"}
    )
    assert bad.status_code == 400
    assert Organisation.objects.filter(code=access.centre_code()).exists()


def test_objection_and_repair_appear_in_my_matters(own, client_for, demo_users):
    objection = rights.objection_submit(record=own, user=demo_users["company"], grounds="金额有误")
    repair = rights.repair_submit(
        record=record(own.subject), user=demo_users["company"], obligation_performed="已缴清", commitment_signed=True
    )
    page = client_for("company").get(reverse("casework:mine"))
    assert page.status_code == 200
    assert objection.tracking_number in page.text and repair.tracking_number in page.text
    assert objection.get_absolute_url() in page.text


def test_record_with_an_open_objection_links_it_instead_of_offering_another(own, client_for, demo_users):
    url = reverse("credit:mine_record", kwargs={"pk": own.pk})
    assert 'id="object-link"' in client_for("company").get(url).text
    objection = rights.objection_submit(record=own, user=demo_users["company"], grounds="金额有误")
    page = client_for("company").get(url).text
    assert 'id="object-link"' not in page and objection.tracking_number in page


def test_console_tiles_follow_who_may_use_them(client_for):
    officer = client_for("credit_officer").get("/console/").text
    assert reverse("credit_console:link_account") in officer and reverse("credit_console:objections") in officer
    assert reverse("credit_console:repairs") in officer and reverse("credit_console:deletions") in officer
    provider = client_for("hp_justice").get("/console/").text
    assert reverse("credit_console:link_account") not in provider
    street = client_for("njdl_handler").get("/console/").text  # no body under a street office provides records
    assert reverse("credit_console:objections") not in street
