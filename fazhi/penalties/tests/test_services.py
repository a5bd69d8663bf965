"""Every step of a penalty case and every refusal the law asks for, through the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.audit.models import AuditEntry
from fazhi.enforcement import rules
from fazhi.penalties import services as s
from fazhi.penalties.choices import CaseStatus, DecisionKind, Procedure
from fazhi.penalties.models import CaseEvent, PenaltyCase
from fazhi.penalties.signals import decision_changed, decision_made
from fazhi.penalties.tests.factories import (
    COMPANY,
    GARBAGE,
    PERSON,
    body,
    certs,
    days_ago,
    decided,
    investigated,
    make_case,
    matter,
    notified,
    officers,
)

pytestmark = pytest.mark.django_db
S = CaseStatus


@pytest.fixture
def officer_user(demo_users):
    return demo_users["hp_justice"]


@pytest.fixture
def signals():
    """What the case told publicity: (signal name, case number, reason)."""
    sent: list[tuple[str, str, str]] = []

    def made(sender, case, **kwargs):
        sent.append(("made", case.number, ""))

    def changed(sender, case, reason, **kwargs):
        sent.append(("changed", case.number, reason))

    decision_made.connect(made)
    decision_changed.connect(changed)
    yield sent
    decision_made.disconnect(made)
    decision_changed.disconnect(changed)


def message(exc) -> str:
    return " ".join(exc.value.messages)


# --- filing --------------------------------------------------------------------------------------------------------


def test_filing_numbers_cases_per_body_and_year_and_starts_the_ninety_days(officer_user):
    first = make_case(officer_user, filed=10)
    second = make_case(officer_user, filed=5)
    year = first.filed_on.year
    assert first.number.startswith(f"310101-CGZF罚〔{year}〕") and first.number != second.number
    assert int(second.number[-5:-1]) == int(first.number[-5:-1]) + 1 or second.filed_on.year != year
    assert first.clock == s.DECIDE and first.due_at is not None
    assert s.today() - dt.timedelta(days=10) + dt.timedelta(days=90) <= first.due_at.date()
    assert CaseEvent.objects.filter(case=first, step="file").exists()


def test_filing_after_the_limitation_is_refused_naming_article_36(officer_user):
    before = PenaltyCase.objects.count()
    with pytest.raises(ValidationError) as exc:
        s.case_file(user=officer_user, body=body(), matter=matter(), act_date=days_ago(800), facts="旧事", **COMPANY)
    assert "第三十六条" in message(exc)
    assert PenaltyCase.objects.count() == before
    # five years where life, health or financial safety was harmed
    case = s.case_file(
        user=officer_user,
        body=body(),
        matter=matter(),
        act_date=days_ago(800),
        facts="旧事",
        grave_harm=True,
        **COMPANY,
    )
    assert case.pk


def test_filing_checks_party_and_scope(officer_user, demo_users):
    with pytest.raises(ValidationError):
        make_case(officer_user, party={**COMPANY, "party_credit_code": "91310101MA1FPX9990"})
    with pytest.raises(ValidationError):
        make_case(officer_user, party={**PERSON, "party_id_number": "310101199001011235"})
    with pytest.raises(PermissionDenied):
        make_case(demo_users["xh_justice"])  # a Xuhui reviewer cannot file Huangpu's cases
    person = make_case(officer_user, party={**PERSON, "party_id_number": "11010519491231002X"})
    stored = PenaltyCase.objects.get(pk=person.pk)
    assert stored.party_id_number == "11010519491231002X" and stored.party_id_index
    assert "*" in stored.masked_id_number()


# --- investigation -------------------------------------------------------------------------------------------------


def test_fewer_than_two_officers_is_refused(officer_user):
    case = make_case(officer_user)
    o = officers()
    with pytest.raises(ValidationError) as exc:
        s.case_investigate(case=case, user=officer_user, officers=certs(o[0]), report="笔录")
    assert "第四十二条" in message(exc)
    with pytest.raises(ValidationError):  # the same officer twice is one officer
        s.case_investigate(
            case=case, user=officer_user, officers=f"{o[0].certificate_number},{o[0].certificate_number}", report="笔录"
        )
    with pytest.raises(ValidationError) as exc:
        s.case_investigate(case=case, user=officer_user, officers=f"{o[0].certificate_number},NOPE", report="笔录")
    assert "NOPE" in message(exc)
    assert PenaltyCase.objects.get(pk=case.pk).status == S.FILED
    assert AuditEntry.objects.filter(action="step_refused", object_id=str(case.pk)).exists()


# --- the general procedure, end to end -----------------------------------------------------------------------------


def test_general_procedure_from_filing_to_closing(officer_user, signals):
    case = decided(officer_user)
    assert case.status == S.DECIDED and case.decided_on_time is True
    assert case.clock == s.SERVE
    assert signals == [("made", case.number, "")]
    case = s.case_serve(case=case, user=officer_user, served_on=days_ago(28), method="直接送达")
    assert case.status == S.SERVED and case.clock == s.PAY
    assert case.payment_due == s.due_day(s.PAY, days_ago(28))
    case = s.case_record_payment(case=case, user=officer_user, amount=Decimal("5000"), paid_on=days_ago(20))
    assert case.status == S.PERFORMED and case.surcharge == 0 and not case.clock
    case = s.case_close(case=case, user=officer_user, report="归档")
    assert case.status == S.CLOSED
    steps = list(CaseEvent.objects.filter(case=case).values_list("step", flat=True))
    assert steps == ["file", "investigate", "assess", "notify", "decide", "serve", "record_payment", "close"]


def test_decision_inside_the_hearing_period_is_refused_unless_waived(officer_user):
    case = notified(officer_user, notified_ago=2)
    kwargs = dict(decision_kind=DecisionKind.FINE, fine_amount=Decimal("5000"), legal_bases=GARBAGE, decision_text="罚")
    with pytest.raises(ValidationError) as exc:
        s.case_decide(case=case, user=officer_user, **kwargs)
    assert "第六十四条" in message(exc)
    case = s.case_statement(case=case, user=officer_user, statement="放弃听证", waives_hearing=True)
    assert s.case_decide(case=case, user=officer_user, **kwargs).status == S.DECIDED


def test_decision_heavier_than_notified_or_with_unresolved_basis_is_refused(officer_user):
    case = notified(officer_user, fine=Decimal("5000"))
    with pytest.raises(ValidationError) as exc:
        s.case_decide(
            case=case,
            user=officer_user,
            decision_kind=DecisionKind.FINE,
            fine_amount=Decimal("6000"),
            legal_bases=GARBAGE,
            decision_text="罚",
        )
    assert "第六十二条" in message(exc)
    with pytest.raises(ValidationError) as exc:
        s.case_decide(
            case=case,
            user=officer_user,
            decision_kind=DecisionKind.FINE,
            fine_amount=Decimal("5000"),
            legal_bases="上海市生活垃圾管理条例第九百条",
            decision_text="罚",
        )
    assert "九百" in message(exc)


# --- legal review and collective discussion ------------------------------------------------------------------------


def test_no_decision_without_a_passed_review_where_one_is_required(officer_user):
    case = notified(officer_user, major_reason="public_interest")
    o = officers()
    kwargs = dict(decision_kind=DecisionKind.FINE, fine_amount=Decimal("5000"), legal_bases=GARBAGE, decision_text="罚")
    with pytest.raises(ValidationError) as exc:
        s.case_decide(case=case, user=officer_user, **kwargs)
    assert "第五十八条" in message(exc)
    with pytest.raises(ValidationError) as exc:  # a reviewer without the qualification
        s.case_review(case=case, user=officer_user, reviewer=o[2].certificate_number, outcome="passed", opinion="同意")
    assert "第五十八条第二款" in message(exc)
    case = s.case_review(
        case=case, user=officer_user, reviewer=o[3].certificate_number, outcome="failed", opinion="证据不足"
    )
    with pytest.raises(ValidationError):
        s.case_decide(case=case, user=officer_user, **kwargs)
    case = s.case_review(
        case=case, user=officer_user, reviewer=o[3].certificate_number, outcome="passed", opinion="同意"
    )
    assert s.case_decide(case=case, user=officer_user, **kwargs).status == S.DECIDED


def test_a_reviewer_with_an_account_records_their_own_review(officer_user, demo_users):
    case = notified(officer_user, major_reason="complex")
    reviewer = officers()[3]
    reviewer.user = demo_users["admin"]
    reviewer.save()
    with pytest.raises(PermissionDenied):
        s.case_review(
            case=case, user=officer_user, reviewer=reviewer.certificate_number, outcome="passed", opinion="可"
        )


def test_complex_case_needs_collective_discussion(officer_user):
    case = notified(officer_user, is_complex=True)
    kwargs = dict(decision_kind=DecisionKind.FINE, fine_amount=Decimal("5000"), legal_bases=GARBAGE, decision_text="罚")
    with pytest.raises(ValidationError) as exc:
        s.case_decide(case=case, user=officer_user, **kwargs)
    assert "第五十七条" in message(exc)
    case = s.case_discuss(case=case, user=officer_user, record="集体讨论同意")
    assert s.case_decide(case=case, user=officer_user, **kwargs).status == S.DECIDED


# --- hearing -------------------------------------------------------------------------------------------------------


def test_hearing_request_notice_and_chair(officer_user):
    case = notified(officer_user, notified_ago=20)
    with pytest.raises(ValidationError) as exc:  # more than five days after the notice
        s.case_request_hearing(case=case, user=officer_user, requested_on=days_ago(10))
    assert "第六十四条" in message(exc)
    due_before = case.due_at
    case = s.case_request_hearing(case=case, user=officer_user, requested_on=days_ago(17))
    assert case.status == S.HEARING_REQUESTED and case.due_at is None and case.clock_paused_at is not None
    o = officers()
    with pytest.raises(ValidationError) as exc:  # six days' notice
        s.case_schedule_hearing(
            case=case,
            user=officer_user,
            notice_on=days_ago(16),
            hearing_date=days_ago(10),
            chair=o[2].certificate_number,
        )
    assert "第六十四条第二项" in message(exc)
    with pytest.raises(ValidationError) as exc:  # an investigator chairs
        s.case_schedule_hearing(
            case=case,
            user=officer_user,
            notice_on=days_ago(16),
            hearing_date=days_ago(8),
            chair=o[0].certificate_number,
        )
    assert "第六十四条第四项" in message(exc)
    case = s.case_schedule_hearing(
        case=case, user=officer_user, notice_on=days_ago(16), hearing_date=days_ago(8), chair=o[2].certificate_number
    )
    case = s.case_hold_hearing(case=case, user=officer_user, record="听证笔录")
    assert case.status == S.HEARD and case.major_reason == "heard"
    # the days from the request to the hearing do not count
    assert case.due_at is not None and due_before is not None
    assert (case.due_at.date() - due_before.date()).days == 9


# --- discretion and exemption --------------------------------------------------------------------------------------


def _proposal(**kwargs):
    return rules.BandProposal(
        standard_id=1,
        version_number=2,
        circumstance="ordinary",
        fine_min=Decimal("5000"),
        fine_max=Decimal("20000"),
        other_penalties=[],
        explanation="一般情节：五千元以上二万元以下。",
        **kwargs,
    )


def test_a_fine_outside_the_band_needs_a_reason_and_then_legal_review(officer_user, monkeypatch):
    monkeypatch.setattr(rules, "propose_band", lambda matter, act_date, answers: _proposal())
    case = investigated(officer_user)
    with pytest.raises(ValidationError) as exc:
        s.case_assess(
            case=case,
            user=officer_user,
            intended_kind=DecisionKind.FINE,
            intended_fine=Decimal("30000"),
            answers='{"repeat_count": 0}',
        )
    assert "第三十四条" in message(exc)
    with pytest.raises(ValidationError):
        s.case_assess(case=case, user=officer_user, intended_kind=DecisionKind.FINE, answers="not json")
    case = s.case_assess(
        case=case,
        user=officer_user,
        intended_kind=DecisionKind.FINE,
        intended_fine=Decimal("30000"),
        answers='{"repeat_count": 3}',
        outside_band_reason="多次违法，影响恶劣",
    )
    assert case.discretion["version_number"] == 2 and case.discretion_answers == {"repeat_count": 3}
    assert s.review_required(case)
    within = investigated(officer_user)
    within = s.case_assess(
        case=within,
        user=officer_user,
        intended_kind=DecisionKind.FINE,
        intended_fine=Decimal("8000"),
        outside_band_reason="ignored inside the band",
    )
    assert within.outside_band_reason == "" and not s.review_required(within)


def test_no_standard_is_handled(officer_user):
    case = s.case_assess(case=investigated(officer_user), user=officer_user, intended_kind=DecisionKind.WARNING)
    assert (
        case.discretion is None
        and "没有公布的裁量基准" in CaseEvent.objects.filter(case=case, step="assess").get().note
    )


def test_exemption_under_a_list_item_is_a_decision_not_to_punish(officer_user, monkeypatch, signals):
    case = investigated(officer_user)
    with pytest.raises(ValidationError) as exc:
        s.case_exempt(case=case, user=officer_user, education="教育")
    assert "第三十三条" in message(exc)
    check = rules.ExemptionCheck(
        item_id=1, list_title="城管执法免罚清单", item_title="首次未分类投放", exempt=True, mandatory=False
    )
    monkeypatch.setattr(rules, "check_exemption", lambda matter, answers, on=None: [check])
    case = s.case_assess(
        case=case, user=officer_user, intended_kind=DecisionKind.NO_PENALTY, answers='{"first_violation": true}'
    )
    with pytest.raises(ValidationError):  # the education is recorded (第三十三条第三款)
        s.case_exempt(case=case, user=officer_user, education=" ")
    case = s.case_exempt(case=case, user=officer_user, education="现场宣传分类知识，当事人当即改正。")
    assert case.status == S.DECIDED and case.exempted and case.decision_kind == DecisionKind.NO_PENALTY
    assert signals == [("made", case.number, "")]
    case = s.case_serve(case=case, user=officer_user, served_on=s.today(), method="直接送达")
    assert case.status == S.PERFORMED


# --- summary procedure ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "party, fine, allowed",
    [(PERSON, "200", True), (PERSON, "201", False), (COMPANY, "3000", True), (COMPANY, "3001", False)],
)
def test_summary_procedure_limits(officer_user, party, fine, allowed):
    case = make_case(officer_user, filed=0, party=party, procedure=Procedure.SUMMARY)
    o = officers()
    take = lambda: s.case_decide_on_spot(  # noqa: E731
        case=case,
        user=officer_user,
        decision_kind=DecisionKind.FINE,
        fine_amount=Decimal(fine),
        officers=certs(o[0], o[1]),
        legal_bases=GARBAGE,
        decision_text="当场罚款",
    )
    if allowed:
        case = take()
        assert case.status == S.SERVED and case.served_on == case.filed_on and case.payment_due
    else:
        with pytest.raises(ValidationError) as exc:
            take()
        assert "第五十一条" in message(exc)
        assert PenaltyCase.objects.get(pk=case.pk).status == S.FILED


def test_summary_warning_is_performed_on_the_spot_and_general_cases_cannot_take_the_short_path(officer_user):
    case = make_case(officer_user, filed=0, party=PERSON, procedure=Procedure.SUMMARY)
    o = officers()
    case = s.case_decide_on_spot(
        case=case,
        user=officer_user,
        decision_kind=DecisionKind.WARNING,
        officers=certs(o[0]),
        legal_bases=GARBAGE,
        decision_text="警告",
    )
    assert case.status == S.PERFORMED
    general = make_case(officer_user)
    with pytest.raises(ValidationError):
        s.case_decide_on_spot(
            case=general,
            user=officer_user,
            decision_kind=DecisionKind.WARNING,
            officers=certs(o[0]),
            legal_bases=GARBAGE,
            decision_text="警告",
        )


# --- evidence ------------------------------------------------------------------------------------------------------


def test_evidence_whose_hash_no_longer_matches_blocks_the_steps_relying_on_it(officer_user):
    case = make_case(officer_user)
    item = s.evidence_add(case=case, upload=SimpleUploadedFile("笔录.txt", "现场检查笔录".encode()), user=officer_user)
    assert len(item.sha256) == 64
    assert s.evidence_status(case) == [(item, True)]
    with item.file.open("wb") as handle:  # someone edits the stored file afterwards
        handle.write("篡改后的笔录".encode())
    assert s.evidence_status(case)[0][1] is False
    o = officers()
    with pytest.raises(ValidationError) as exc:
        s.case_investigate(case=case, user=officer_user, officers=certs(o[0], o[1]), report="笔录")
    assert "第四十七条" in message(exc) and "笔录.txt" in message(exc)
    assert PenaltyCase.objects.get(pk=case.pk).status == S.FILED


# --- payment, surcharge, enforcement --------------------------------------------------------------------------------


def test_late_payment_carries_the_capped_surcharge(officer_user):
    case = decided(officer_user, fine=Decimal("1000"), decided_ago=80, notified_ago=90, file={"filed": 100})
    case = s.case_serve(case=case, user=officer_user, served_on=days_ago(78), method="邮寄送达")
    assert case.payment_due is not None
    ten_days_late = case.payment_due + dt.timedelta(days=10)
    assert s.surcharge_for(case, ten_days_late) == Decimal("300.00")  # 3% × 1000 × 10
    assert s.surcharge_for(case, case.payment_due + dt.timedelta(days=60)) == Decimal("1000")  # never above the fine
    with pytest.raises(ValidationError) as exc:
        s.case_record_payment(
            case=case, user=officer_user, amount=Decimal("1000"), paid_on=ten_days_late, impose_surcharge=True
        )
    assert "第七十二条" in message(exc)
    case = s.case_record_payment(
        case=case, user=officer_user, amount=Decimal("1300"), paid_on=ten_days_late, impose_surcharge=True
    )
    assert case.surcharge == Decimal("300.00") and case.status == S.PERFORMED


def test_the_surcharge_is_the_bodys_choice_not_automatic(officer_user):
    """第七十二条: the body 「可以」 impose it; a late payment of the fine alone is recorded when it does not."""
    case = decided(officer_user, fine=Decimal("1000"), decided_ago=80, notified_ago=90, file={"filed": 100})
    case = s.case_serve(case=case, user=officer_user, served_on=days_ago(78), method="邮寄送达")
    assert case.payment_due is not None
    late = case.payment_due + dt.timedelta(days=10)
    case = s.case_record_payment(case=case, user=officer_user, amount=Decimal("1000"), paid_on=late)
    assert case.surcharge == 0 and case.status == S.PERFORMED


def test_reminder_and_court_application_follow_the_coercion_law(officer_user):
    case = decided(officer_user, decided_ago=330, notified_ago=340, file={"filed": 360})
    case = s.case_serve(case=case, user=officer_user, served_on=days_ago(328), method="直接送达")
    assert case.payment_due is not None
    with pytest.raises(ValidationError):  # the time to pay has not passed on that day
        s.case_remind(case=case, user=officer_user, text="催告", reminded_on=case.payment_due)
    case = s.case_remind(case=case, user=officer_user, text="催告", reminded_on=days_ago(200))
    assert case.clock == s.COURT
    earliest, latest = s.court_window(case)
    assert earliest == s.remedy_period_end(case) + dt.timedelta(days=1)  # six months to sue (行政诉讼法 第四十六条)
    with pytest.raises(ValidationError) as exc:
        s.case_apply_court(
            case=case, user=officer_user, court="黄浦区人民法院", applied_on=earliest - dt.timedelta(days=1)
        )
    assert "第五十四条" in message(exc)
    case = s.case_apply_court(case=case, user=officer_user, court="黄浦区人民法院", applied_on=earliest)
    assert case.status == S.ENFORCING and latest > earliest
    case = s.case_record_enforcement(case=case, user=officer_user, outcome="准予执行")
    assert s.case_close(case=case, user=officer_user, report="结案").status == S.CLOSED


def test_court_application_waits_ten_days_after_the_reminder(officer_user):
    case = decided(officer_user, decided_ago=330, notified_ago=340, file={"filed": 360})
    case = s.case_serve(case=case, user=officer_user, served_on=days_ago(328), method="直接送达")
    case = s.case_remind(case=case, user=officer_user, text="催告", reminded_on=days_ago(5))
    with pytest.raises(ValidationError) as exc:
        s.case_apply_court(case=case, user=officer_user, court="黄浦区人民法院", applied_on=s.today())
    assert "第五十四条" in message(exc)


# --- remedies ------------------------------------------------------------------------------------------------------


def test_an_altered_decision_tells_publicity_with_the_reason(officer_user, signals):
    case = decided(officer_user)
    s.case_record_remedy(case=case, user=officer_user, kind="reconsideration", outcome="upheld", note="维持")
    assert [name for name, *_ in signals] == ["made"]
    case = s.case_record_remedy(
        case=case, user=officer_user, kind="reconsideration", outcome="revoked", note="事实不清"
    )
    assert signals[-1][:2] == ("changed", case.number) and "事实不清" in signals[-1][2]
    # a revoked decision is closed without performance
    case = s.case_serve(case=case, user=officer_user, served_on=days_ago(28), method="直接送达")
    assert s.case_close(case=case, user=officer_user, report="决定已撤销").status == S.CLOSED


def test_a_case_may_end_without_a_decision(officer_user):
    case = s.case_discontinue(case=make_case(officer_user), user=officer_user, reason="违法事实不能成立")
    assert case.status == S.CLOSED and not case.decision_kind
    with pytest.raises(ValidationError):
        s.case_discontinue(case=case, user=officer_user, reason="again")
