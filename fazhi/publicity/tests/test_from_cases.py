"""A decision recorded on a penalty case is published, unless the rules say not; a revoked one is withdrawn."""

from decimal import Decimal

import pytest

from fazhi.penalties import services as s
from fazhi.penalties.choices import DecisionKind
from fazhi.penalties.tests.factories import PERSON, days_ago, decided, notified
from fazhi.publicity.choices import DecisionStatus
from fazhi.publicity.from_cases import SOURCE_SYSTEM
from fazhi.publicity.models import PublishedDecision

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_user(demo_users):
    return demo_users["hp_justice"]


def published(case) -> PublishedDecision | None:
    return PublishedDecision.objects.filter(source_system=SOURCE_SYSTEM, source_ref=case.number).first()


def test_a_fine_decided_on_a_case_is_published_with_its_bases_and_withdrawn_when_revoked(officer_user):
    case = decided(officer_user, fine=Decimal("5000"))
    decision = published(case)
    assert decision is not None and decision.status == DecisionStatus.PUBLISHED
    assert decision.fine_amount == Decimal("5000.00") and decision.body_id == case.body_id
    assert decision.decision_date == case.decision_date and decision.legal_bases
    s.case_record_remedy(case=case, user=officer_user, kind="reconsideration", outcome="revoked", note="事实不清")
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.WITHDRAWN and "事实不清" in decision.withdrawal_reason


def test_a_warning_is_not_published_and_a_persons_name_is_masked(officer_user):
    case = notified(officer_user, file={"party": PERSON})
    case = s.case_decide(
        case=case,
        user=officer_user,
        decision_kind=DecisionKind.WARNING,
        fine_amount=Decimal("0"),
        legal_bases=case.matter.bases.first().citation,
        decision_text="警告。",
        decision_date=days_ago(30),
    )
    assert published(case) is None  # 沪营商条例 第六十七条: a warning only is not published
