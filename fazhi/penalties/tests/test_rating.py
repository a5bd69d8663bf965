"""The party of a closed case rates the enforcement contact without an account (plan clause (十三))."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from fazhi.enforcement.models import ContactRating
from fazhi.enforcement.reports import body_rating
from fazhi.penalties.choices import CaseStatus
from fazhi.penalties.models import PenaltyCase
from fazhi.penalties.rating import case_rate
from fazhi.penalties.tests.factories import COMPANY, make_case

pytestmark = pytest.mark.django_db
CODE = COMPANY["party_credit_code"]


@pytest.fixture
def case(demo_users):
    made = make_case(demo_users["hp_justice"])
    return made


def _close(case: PenaltyCase) -> None:
    PenaltyCase.objects.filter(pk=case.pk).update(status=CaseStatus.CLOSED)


def test_open_case_cannot_be_rated(case):
    with pytest.raises(ValidationError) as refused:
        case_rate(number=case.number, identifier=CODE, score=5)
    assert "结案" in str(refused.value)
    assert not ContactRating.objects.exists()


def test_only_the_party_rates_and_only_once(case):
    _close(case)
    with pytest.raises(ValidationError):
        case_rate(number=case.number, identifier="91310000MA1FL0000X", score=5)
    with pytest.raises(ValidationError):
        case_rate(number="不存在的案号", identifier=CODE, score=5)
    rating = case_rate(number=case.number, identifier=CODE.lower(), score=2, comment="态度一般")
    assert rating.body == case.body and rating.subject_ref == case.number
    with pytest.raises(ValidationError):
        case_rate(number=case.number, identifier=CODE, score=5)
    with pytest.raises(ValidationError):
        case_rate(number=case.number, identifier=CODE, score=0)
    assert body_rating(case.body).count == 1


def test_rating_page_without_account(client, case):
    _close(case)
    url = reverse("penalties:rate")
    assert client.get(url).status_code == 200
    bad = client.post(url, {"number": case.number, "identifier": "X", "score": "5"})
    assert bad.status_code == 400 and not ContactRating.objects.exists()
    done = client.post(url, {"number": case.number, "identifier": CODE, "score": "4", "comment": "很好"})
    assert done.status_code == 302
    page = client.get(done.url).content.decode()
    assert "4.0" in page and "很好" not in page


def test_remedy_corrected_indicator_counts_challenged_decisions(demo_users):
    import datetime as dt
    from decimal import Decimal

    from fazhi.indicators.registry import Period
    from fazhi.orgs.models import Organisation
    from fazhi.penalties.indicators import remedy_corrected

    day = dt.date(2025, 6, 1)
    cases = [make_case(demo_users["hp_justice"]) for _n in range(3)]
    outcomes = [("reconsideration", "altered"), ("litigation", "upheld"), ("self_correction", "revoked")]
    for case, (kind, outcome) in zip(cases, outcomes, strict=True):
        PenaltyCase.objects.filter(pk=case.pk).update(
            decision_kind="fine", decision_date=day, remedy_kind=kind, remedy_outcome=outcome
        )
    huangpu = Organisation.objects.get(code="310101")
    year = Period("year", dt.date(2025, 1, 1))
    # of the two challenged on 复议/诉讼, one corrected; the body's own correction is not counted
    assert remedy_corrected(None, huangpu, year, dt.date(2026, 1, 1)) == Decimal("50.00")
