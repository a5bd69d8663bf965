"""Records: intake against the published catalogue (第十一条), the dates of each record (第三十五条, 沪营商条例
第六十五条/第六十七条), deletion on revocation (第三十七条), the sweep, lists and commitments."""

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from fazhi.credit.catalogue import ItemData, current_catalogue, draft_catalogue, item_for, publish_catalogue, save_item
from fazhi.credit.choices import CatalogueStatus, Category, RecordStatus
from fazhi.credit.models import CreditRecord, Subject
from fazhi.credit.records import delete_record, mark_revoked, records_for, submit_record, sweep
from fazhi.credit.tests.records_factories import catalogue, data, person_id, record

pytestmark = pytest.mark.django_db


def test_a_penalty_record_carries_its_dates():
    decided = timezone.localdate() - dt.timedelta(days=30)
    made = record(decided_on=decided, act_ended_on=decided - dt.timedelta(days=10))
    assert made.queryable_until == decided - dt.timedelta(days=10) + relativedelta(years=5)
    assert made.public_until == decided + relativedelta(years=3)
    assert made.earliest_repair == decided + relativedelta(months=3)
    severe = record(decided_on=decided, severe=True)
    assert severe.earliest_repair == decided + relativedelta(months=12)


def test_positive_record_has_no_repair_date():
    made = record(item="RY01", title="市级文明单位", summary="表彰", legal_basis="上海市社会信用条例第二十九条")
    assert made.earliest_repair is None and made.item.category == Category.HONOUR


def test_intake_refuses_an_item_outside_the_catalogue_and_saves_nothing():
    catalogue()
    before = (CreditRecord.objects.count(), Subject.objects.count())
    with pytest.raises(ValidationError, match="不在现行公布的公共信用信息目录中"):
        submit_record(data(item="RELIGION"))
    assert (CreditRecord.objects.count(), Subject.objects.count()) == before


def test_invalid_id_number_is_refused_without_echo():
    catalogue()
    bad = "310101199001011235"
    with pytest.raises(ValidationError) as info:
        submit_record(data(subject_kind="person", subject_name="李四", credit_code="", id_number=bad))
    assert bad not in " ".join(info.value.messages)


def test_resubmission_updates_and_is_idempotent():
    made = record(source_ref="R-1")
    again, created = submit_record(
        data(
            source_ref="R-1",
            subject_name=made.subject.name,
            credit_code=made.subject.credit_code,
            summary="罚款人民币30000元",
        )
    )
    assert not created and again.pk == made.pk and again.summary == "罚款人民币30000元"
    assert CreditRecord.objects.filter(source_ref="R-1").count() == 1


def test_person_record_stores_the_number_encrypted():
    number = person_id()
    made = record(subject_kind="person", subject_name="王五", credit_code="", id_number=number)
    assert made.subject.is_person and made.subject.public_name == "王*"
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("select id_number from credit_subject where id = %s", [made.subject.pk])
        assert number not in cursor.fetchone()[0]


def test_provider_staff_submit_only_for_their_bodies(demo_users):
    catalogue()
    hp = demo_users["hp_justice"]  # reviewer over 黄浦区
    made, _ = submit_record(data(provider="310101-SCJG"), hp)
    assert made.pk
    with pytest.raises(PermissionDenied):
        submit_record(data(provider="310104-SCJG"), hp)
    assert records_for(demo_users["credit_officer"]).filter(pk=made.pk).exists()
    assert not records_for(demo_users["citizen"]).exists()


def test_revoked_record_is_deleted_by_staff_or_the_sweep(demo_users):
    made = record()
    with pytest.raises(ValidationError):
        delete_record(made, user=demo_users["credit_officer"])
    marked = mark_revoked(made, reason="复议撤销")
    assert marked.deletion_due is not None and marked.deletion_due > timezone.localdate()
    other = mark_revoked(record(), reason="撤销")
    deleted = delete_record(marked, user=demo_users["credit_officer"])
    assert deleted.status == RecordStatus.DELETED
    result = sweep(today=other.deletion_due)
    assert result.deleted == 1
    other.refresh_from_db()
    assert other.status == RecordStatus.DELETED
    with pytest.raises(ValidationError, match="已删除"):
        submit_record(
            data(source_ref=made.source_ref, credit_code=made.subject.credit_code, subject_name=made.subject.name)
        )


def test_sweep_ends_the_query_period():
    old = timezone.localdate() - relativedelta(years=6)
    made = record(decided_on=old)
    assert sweep().expired >= 1
    made.refresh_from_db()
    assert made.status == RecordStatus.EXPIRED


def test_catalogue_versions_supersede_and_refuse_forbidden_data(demo_users):
    first = catalogue()
    draft = draft_catalogue(version="v2", title="目录2")
    assert draft.items.count() == first.items.count()  # copied from the version in force
    for name in ("自然人宗教信仰信息", "指纹采集信息", "血型登记", "疾病与病史信息", "基因检测"):
        with pytest.raises(ValidationError, match="第十四条"):
            save_item(
                draft, ItemData(code="X1", name=name, category=Category.BASIC, legal_basis="上海市社会信用条例第八条")
            )
    save_item(
        draft, ItemData(code="NEW1", name="新增信息项", category=Category.BASIC, legal_basis="上海市社会信用条例第八条")
    )
    with pytest.raises(ValidationError):
        item_for("NEW1")  # not yet published
    publish_catalogue(draft, user=demo_users["credit_officer"])
    first.refresh_from_db()
    assert first.status == CatalogueStatus.SUPERSEDED and current_catalogue() == draft
    assert item_for("NEW1").catalogue == draft
    with pytest.raises(ValidationError):
        publish_catalogue(draft, user=None)


def test_record_fields_are_fixed():
    """第十四条 by construction: a record has no free-form attributes where forbidden data could go."""
    names = {f.name for f in CreditRecord._meta.get_fields()}
    assert not names & {"attributes", "extra", "data", "payload", "details"}
    assert not any(f.get_internal_type() == "JSONField" for f in CreditRecord._meta.concrete_fields)
