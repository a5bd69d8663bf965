import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from fazhi.audit.models import AuditEntry
from fazhi.publicity import rules
from fazhi.publicity.choices import CorrectionStatus, DecisionStatus
from fazhi.publicity.models import CorrectionRequest, PublishedDecision
from fazhi.publicity.services import (
    correction_accept,
    correction_decline,
    correction_submit,
    expire_due,
    publish_decision,
    withdraw_decision,
)
from fazhi.publicity.tests.factories import company, data, person_id, published

pytestmark = pytest.mark.django_db


def test_publish_resolves_bases_sets_district_period_and_due_date():
    decision = published(fine_amount=Decimal("50000"))
    assert decision.district.code == "310101"
    basis = decision.bases.get()
    assert basis.work is not None and basis.number == 57
    # 20 working days from the decision (公示规定 第九条): at least four weeks later, published today: on time
    assert decision.publish_due >= decision.decision_date + dt.timedelta(days=26)
    assert decision.published_on_time
    # a fine above the low-fine limit: three years (沪营商条例 第六十五条)
    today = timezone.localdate()
    assert decision.period_ends == rules.add_months(today, 36)
    assert AuditEntry.objects.filter(object_id=str(decision.pk), action="create").exists()


def test_low_fine_only_is_published_three_months():
    decision = published(fine_amount=Decimal("2000"))
    assert decision.period_ends == rules.add_months(timezone.localdate(), 3)


def test_months_end_on_the_corresponding_day_or_the_month_end():
    assert rules.add_months(dt.date(2026, 11, 30), 3) == dt.date(2027, 2, 28)
    assert rules.add_months(dt.date(2026, 3, 15), 3) == dt.date(2026, 6, 15)
    assert rules.add_months(dt.date(2024, 2, 29), 36) == dt.date(2027, 2, 28)


@pytest.mark.parametrize(
    "changes",
    [
        {"procedure": "summary"},
        {"penalty_types": ("warning",), "fine_amount": None},
        {"penalty_types": "警告、通报批评", "fine_amount": None},
    ],
)
def test_summary_procedure_and_warning_only_are_refused_with_the_article(changes):
    with pytest.raises(ValidationError) as refused:
        published(**changes)
    assert "上海市优化营商环境条例" in str(refused.value) and "第六十七条" in str(refused.value)
    assert not PublishedDecision.objects.filter(source_system="test").exists()


def test_bad_input_is_refused_and_nothing_saved():
    before = PublishedDecision.objects.count()
    for changes in (
        {"party_credit_code": "91310101MA1FPX0000"},  # wrong check character
        {"body": "no-such-body"},
        {"decision_date": timezone.localdate() + dt.timedelta(days=1)},
        {"legal_bases": []},
        {"penalty_types": ("fine",), "fine_amount": None},
        {"party_kind": "person", "party_id_number": "310101199001011235"},
    ):
        with pytest.raises(ValidationError):
            published(**changes)
    assert PublishedDecision.objects.count() == before


def test_publishing_again_updates_the_same_record():
    first = published()
    again = publish_decision(data(source_ref=first.source_ref, content="罚款人民币30000元"))
    assert again.pk == first.pk and again.content == "罚款人民币30000元"
    assert PublishedDecision.objects.filter(source_ref=first.source_ref).count() == 1


def test_unresolved_citation_is_kept_as_written():
    decision = published(legal_bases=["某某办法第三条", "上海市生活垃圾管理条例第五十七条"])
    bases = list(decision.bases.order_by("pk"))
    assert bases[0].work is None and bases[0].citation == "某某办法第三条"
    assert bases[1].work is not None


def test_person_is_masked_and_id_encrypted():
    number = person_id()
    decision = published(party_kind="person", party_name="张三丰", party_credit_code="", party_id_number=number)
    assert decision.public_name == "张**"
    assert decision.public_id_number.startswith(number[:3]) and number[6:14] not in decision.public_id_number
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT party_id_number FROM publicity_publisheddecision WHERE id = %s", [decision.pk])
        stored = cursor.fetchone()[0]
    assert number not in stored
    assert decision.entity_key.startswith("p") and number not in decision.entity_key


def test_withdrawal_records_reason_and_deadline_and_leaves_public_search():
    decision = published()
    changed = timezone.localdate()
    withdrawn = withdraw_decision("test", decision.source_ref, "复议撤销", changed_on=changed)
    assert withdrawn.status == DecisionStatus.WITHDRAWN and withdrawn.withdrawal_reason == "复议撤销"
    assert withdrawn.withdraw_due >= changed + dt.timedelta(days=3)
    assert withdrawn.withdrawn_on_time is True
    assert not PublishedDecision.objects.filter(PublishedDecision.policy.public_q(), pk=decision.pk).exists()
    with pytest.raises(ValidationError):
        publish_decision(data(source_ref=decision.source_ref))


def test_late_withdrawal_is_recorded_as_late():
    decision = published()
    withdrawn = withdraw_decision(
        "test", decision.source_ref, "诉讼撤销", changed_on=timezone.localdate() - dt.timedelta(days=30)
    )
    assert withdrawn.withdrawn_on_time is False


def test_withdrawal_by_staff_outside_the_body_is_refused(demo_users):
    decision = published()
    with pytest.raises(PermissionDenied):
        withdraw_decision("test", decision.source_ref, "x", user=demo_users["xh_justice"])
    assert PublishedDecision.objects.get(pk=decision.pk).status == DecisionStatus.PUBLISHED


def test_sweep_ends_expired_publications_without_deleting():
    old = published(
        decision_date=timezone.localdate() - dt.timedelta(days=200),
        published_on=timezone.localdate() - dt.timedelta(days=190),
        fine_amount=Decimal("1000"),
    )
    fresh = published()
    assert old.period_ends < timezone.localdate()
    assert not PublishedDecision.objects.filter(PublishedDecision.policy.public_q(), pk=old.pk).exists()
    assert expire_due() >= 1
    assert expire_due() == 0  # idempotent
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert old.status == DecisionStatus.EXPIRED and old.expired_at is not None
    assert fresh.status == DecisionStatus.PUBLISHED


def test_late_publication_is_recorded():
    decision = published(decision_date=timezone.localdate() - dt.timedelta(days=60))
    assert decision.published_on_time is False


# --- correction requests ---------------------------------------------------------------------------------------


def test_party_requests_correction_and_staff_correct(demo_users):
    name, code = company()
    decision = published(party_name=name, party_credit_code=code)
    citizen = demo_users["citizen"]
    request = correction_submit(
        decision=decision, user=citizen, identifier=code.lower(), what_is_wrong="罚款金额有误", evidence="复议决定书"
    )
    assert request.status == CorrectionStatus.SUBMITTED and request.due_at is not None
    assert request.clock == "publicity.correct"
    correction_accept(
        request=request, user=demo_users["hp_justice"], correction="罚款金额更正为10000元", content="罚款人民币10000元"
    )
    request.refresh_from_db()
    decision.refresh_from_db()
    assert request.status == CorrectionStatus.CORRECTED and request.answered_on_time
    assert decision.content == "罚款人民币10000元" and decision.correction_note


def test_correction_of_someone_elses_record_is_refused(demo_users):
    decision = published()
    _other_name, other_code = company()
    with pytest.raises(ValidationError) as refused:
        correction_submit(
            decision=decision, user=demo_users["citizen"], identifier=other_code, what_is_wrong="x", evidence="y"
        )
    assert "第十二条" in str(refused.value)
    assert not CorrectionRequest.objects.filter(decision=decision).exists()


def test_person_proves_party_by_id_number(demo_users):
    number = person_id()
    decision = published(party_kind="person", party_name="李四", party_credit_code="", party_id_number=number)
    with pytest.raises(ValidationError):
        correction_submit(
            decision=decision, user=demo_users["citizen"], identifier=person_id(), what_is_wrong="x", evidence="y"
        )
    request = correction_submit(
        decision=decision, user=demo_users["citizen"], identifier=number, what_is_wrong="x", evidence="y"
    )
    assert request.pk


def test_decline_needs_staff_of_the_body(demo_users):
    name, code = company()
    decision = published(party_name=name, party_credit_code=code)
    request = correction_submit(
        decision=decision, user=demo_users["citizen"], identifier=code, what_is_wrong="x", evidence="y"
    )
    with pytest.raises(PermissionDenied):
        correction_decline(request=request, user=demo_users["xh_justice"], reason="无误")
    correction_decline(request=request, user=demo_users["hp_justice"], reason="信息准确")
    request.refresh_from_db()
    assert request.status == CorrectionStatus.DECLINED and request.answer == "信息准确"


def test_demo_is_idempotent_and_uses_the_rules():
    from fazhi.publicity.demo import SOURCE, create_demo_decisions

    made = create_demo_decisions()
    assert made == 80
    assert create_demo_decisions() == 0
    demo = PublishedDecision.objects.filter(source_system=SOURCE)
    assert demo.count() == 80
    assert set(demo.values_list("district__code", flat=True)) == {"310101", "310104"}
    assert demo.filter(status=DecisionStatus.WITHDRAWN).count() == 1
    assert demo.filter(party_kind="person").exclude(public_name__contains="*").count() == 0
