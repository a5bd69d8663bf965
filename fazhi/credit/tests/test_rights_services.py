"""The services of the subject's rights: objection on its clocks (第三十六条), repair and its conditions
(第三十八条; 沪营商条例 第六十七条), linking accounts, the deletion queue (第三十七条)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from fazhi.casework.models import MatterEvent
from fazhi.credit import access, rights
from fazhi.credit.choices import Category, ListKind, ObjectionStatus, RecordStatus, RepairStatus
from fazhi.credit.models import ListDefinition, ListEntry, Objection, RepairApplication, SubjectAccount
from fazhi.credit.tests.rights_factories import company, link, person, record, upload
from fazhi.notifications.models import Notification
from fazhi.orgs.models import Organisation
from fazhi.workflow.clocks import clock_named, deadline

pytestmark = pytest.mark.django_db


@pytest.fixture
def own(demo_users):
    """A record of a company the demo account ``company`` acts for."""
    subject = company()
    link(demo_users["company"], subject)
    return record(subject)


def _object(own, demo_users, **changes):
    return rights.objection_submit(record=own, user=demo_users["company"], grounds="金额有误", **changes)


def test_objection_on_someone_elses_record_is_refused_and_nothing_saved(demo_users):
    other = record()
    with pytest.raises(PermissionDenied):
        rights.objection_submit(record=other, user=demo_users["company"], grounds="不是我")
    assert not Objection.objects.exists()


def test_objection_goes_to_the_centre_with_one_working_day_to_mark(own, demo_users):
    objection = _object(own, demo_users)
    assert objection.status == ObjectionStatus.SUBMITTED
    assert objection.organisation.code == access.centre_code()
    assert objection.clock == "credit.objection.mark"
    assert objection.due_at == deadline(clock_named("credit.objection.mark"), objection.created_at)[0]
    assert MatterEvent.objects.filter(object_id=str(objection.pk)).count() == 1
    with pytest.raises(ValidationError, match=objection.tracking_number):
        _object(own, demo_users)  # one open objection per record


def test_mark_then_centre_corrects_within_five_working_days_of_receipt(own, demo_users):
    officer = demo_users["credit_officer"]
    objection = _object(own, demo_users)
    with pytest.raises(PermissionDenied):
        rights.objection_mark(objection=objection, user=demo_users["company"])  # the applicant cannot
    objection = rights.objection_mark(objection=objection, user=officer)
    own.refresh_from_db()
    assert own.under_objection and objection.status == ObjectionStatus.MARKED
    # the five days count from receipt (第三十六条第二款第一项), not from the mark
    assert objection.due_at == deadline(clock_named("credit.objection.decide"), objection.created_at)[0]
    with pytest.raises(ValidationError):
        rights.objection_correct(objection=objection, user=officer, outcome="correct", reason="金额更正")  # no change
    objection = rights.objection_correct(
        objection=objection, user=officer, outcome="correct", reason="金额更正", summary="罚款1000元。"
    )
    own.refresh_from_db()
    assert objection.status == ObjectionStatus.CORRECTED and objection.closed_at is not None
    assert own.summary == "罚款1000元。" and not own.under_objection and objection.tracking_number in own.status_reason
    assert Notification.objects.filter(recipient=demo_users["company"], title__contains=objection.tracking_number)


def test_transfer_to_the_provider_who_deletes_the_record(own, demo_users):
    officer, provider_staff = demo_users["credit_officer"], demo_users["hp_justice"]
    objection = rights.objection_mark(objection=_object(own, demo_users), user=officer)
    objection = rights.objection_transfer(objection=objection, user=officer, note="请核实金额")
    assert objection.status == ObjectionStatus.TRANSFERRED and objection.organisation == own.provider
    assert objection.clock == "credit.objection.provider"
    with pytest.raises(PermissionDenied):  # the provider decides now, not the centre
        rights.objection_uphold(objection=objection, user=officer, reason="无误")
    objection = rights.objection_correct(
        objection=objection, user=provider_staff, outcome="delete", reason="处罚已撤销"
    )
    own.refresh_from_db()
    assert own.status == RecordStatus.DELETED and own.deleted_at is not None
    assert objection in rights.staff_queue(Objection, officer)  # the centre still follows it


def test_uphold_with_reason(own, demo_users):
    officer = demo_users["credit_officer"]
    objection = rights.objection_mark(objection=_object(own, demo_users), user=officer)
    with pytest.raises(ValidationError):
        rights.objection_uphold(objection=objection, user=officer, reason=" ")
    objection = rights.objection_uphold(objection=objection, user=officer, reason="与处罚决定书一致")
    own.refresh_from_db()
    assert objection.status == ObjectionStatus.UPHELD and not own.under_objection


def test_repair_before_the_minimum_period_is_refused_with_the_date(demo_users):
    subject = company()
    link(demo_users["company"], subject)
    fresh = record(subject, decided_on=timezone.localdate() - dt.timedelta(days=10), earliest_repair=None)
    possible = rights.repair_possible_from(fresh)
    assert possible == fresh.decided_on.replace() + dt.timedelta(days=0) + (possible - fresh.decided_on)
    with pytest.raises(ValidationError) as refused:
        rights.repair_submit(
            record=fresh, user=demo_users["company"], obligation_performed="罚款已缴", commitment_signed=True
        )
    assert possible.isoformat() in " ".join(refused.value.messages)
    assert not RepairApplication.objects.exists()


def test_severe_records_wait_a_year(demo_users):
    severe = record(decided_on=timezone.localdate() - dt.timedelta(days=200), earliest_repair=None, severe=True)
    assert rights.repair_possible_from(severe) > timezone.localdate()
    plain = record(decided_on=timezone.localdate() - dt.timedelta(days=200), earliest_repair=None)
    assert rights.repair_possible_from(plain) < timezone.localdate()


def test_conditions_show_what_is_not_met(demo_users):
    subject = company()
    positive = record(subject, category=Category.HONOUR)
    assert {c.code: c.met for c in rights.repair_conditions(positive)}["failing"] is False
    banned = record(subject, category=Category.MARKET_BAN)
    assert {c.code: c.met for c in rights.repair_conditions(banned)}["not_excluded"] is False
    listing = ListDefinition.objects.create(
        kind=ListKind.ABNORMAL,
        name="经营异常名录",
        body=Organisation.objects.get(code="310101-SCJG"),
        entry_conditions="…",
        exit_conditions="…",
        remedies="…",
        legal_basis="企业信息公示暂行条例第十七条",
        published=True,
    )
    ListEntry.objects.create(listing=listing, subject=subject, reason="未年报", entered_on=timezone.localdate())
    failing = record(subject)
    conditions = {c.code: c for c in rights.repair_conditions(failing)}
    assert conditions["not_listed"].met is False and conditions["period"].met is True
    assert conditions["obligation"].met is None and conditions["commitment"].met is None


def test_repair_without_commitment_is_refused(own, demo_users):
    with pytest.raises(ValidationError):
        rights.repair_submit(
            record=own, user=demo_users["company"], obligation_performed="已缴", commitment_signed=False
        )
    assert not RepairApplication.objects.exists()


def test_repair_through_every_step(own, demo_users):
    applicant, officer, provider_staff = demo_users["company"], demo_users["credit_officer"], demo_users["hp_justice"]
    repair = rights.repair_submit(
        record=own,
        user=applicant,
        obligation_performed="罚款已于2026年5月缴清",
        commitment_signed=True,
        proof=[upload()],
    )
    assert repair.status == RepairStatus.SUBMITTED and repair.organisation == own.provider
    assert repair.clock == "credit.repair.review" and len(list(rights.proof_files(repair))) == 1
    assert all(c["met"] for c in repair.conditions)
    with pytest.raises(PermissionDenied):
        rights.repair_confirm(repair=repair, user=officer, proof="…")  # the provider reviews, not the centre
    repair = rights.repair_confirm(repair=repair, user=provider_staff, proof="经核实已履行，出具修复证明")
    assert repair.status == RepairStatus.PROVIDER_CONFIRMED and repair.clock == "credit.repair.withdraw"
    assert repair.organisation.code == access.centre_code() and repair.proof_received_at
    with pytest.raises(PermissionDenied):
        rights.repair_share(repair=repair, user=officer)  # withdraw first
    repair = rights.repair_withdraw(repair=repair, user=officer)
    own.refresh_from_db()
    assert own.hidden and own.status == RecordStatus.REPAIRED and repair.withdrawn_at
    assert repair.clock == "credit.repair.share"
    repair = rights.repair_share(repair=repair, user=officer)
    assert repair.status == RepairStatus.REPAIRED and repair.shared_at and repair.closed_at
    assert str(own.provider) in repair.answer
    assert Notification.objects.filter(recipient=applicant, title__contains=repair.tracking_number).count() >= 4


def test_provider_refuses_with_reasons(own, demo_users):
    repair = rights.repair_submit(
        record=own, user=demo_users["company"], obligation_performed="已缴", commitment_signed=True
    )
    repair = rights.repair_refuse(repair=repair, user=demo_users["hp_justice"], reason="罚款尚未缴清")
    own.refresh_from_db()
    assert repair.status == RepairStatus.REFUSED and repair.answer == "罚款尚未缴清" and not own.hidden


def test_link_account_by_the_centre_only_and_without_echoing_the_id(demo_users):
    subject = person()
    id_number = subject.id_number
    with pytest.raises(PermissionDenied):
        rights.link_account(officer=demo_users["hp_justice"], username="citizen", identifier=id_number)
    with pytest.raises(ValidationError) as unknown:
        rights.link_account(officer=demo_users["credit_officer"], username="citizen", identifier="110101199003070000")
    assert "110101199003070000" not in str(unknown.value)
    linked = rights.link_account(officer=demo_users["credit_officer"], username="citizen", identifier=id_number)
    assert linked.subject == subject and linked.verified_by == demo_users["credit_officer"]
    with pytest.raises(ValidationError):
        rights.link_account(officer=demo_users["credit_officer"], username="citizen", identifier=id_number)
    assert SubjectAccount.objects.filter(subject=subject).count() == 1


def test_deletion_queue_lists_revoked_records_earliest_first(demo_users):
    late = record(revoked_at=timezone.now(), deletion_due=timezone.localdate() + dt.timedelta(days=3))
    early = record(revoked_at=timezone.now(), deletion_due=timezone.localdate() + dt.timedelta(days=1))
    record()  # not revoked
    assert list(rights.deletion_queue(demo_users["credit_officer"])) == [early, late]
    assert list(rights.deletion_queue(demo_users["citizen"])) == []


def test_demo_link_is_idempotent(demo_users):
    rights.link_demo_accounts()
    rights.link_demo_accounts()
    linked = SubjectAccount.objects.filter(user=demo_users["company"])
    assert linked.count() == 1 and linked.get().subject.name == rights.DEMO_COMPANY
