"""The demo year (idempotent, every path) and the API (scoped, filing, steps with refusals as 400s)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from fazhi.indicators.registry import Period
from fazhi.orgs.models import Organisation
from fazhi.penalties import indicators
from fazhi.penalties.choices import CaseStatus
from fazhi.penalties.demo import DEMO_YEAR, create_demo_cases
from fazhi.penalties.models import CaseEvent, PenaltyCase
from fazhi.penalties.tests.factories import COMPANY, make_case, matter, officers

pytestmark = pytest.mark.django_db


def test_demo_year_covers_every_path_and_is_idempotent():
    first = create_demo_cases()
    assert first["cases"] == 18  # nine per district
    assert create_demo_cases()["cases"] == 0
    cases = PenaltyCase.objects.filter(filed_on__year=DEMO_YEAR)
    statuses = set(cases.values_list("status", flat=True))
    assert {CaseStatus.CLOSED, CaseStatus.FILED, CaseStatus.NOTIFIED, CaseStatus.SERVED} <= statuses
    assert cases.filter(surcharge__gt=0).count() == 2 and cases.filter(court_applied_on__isnull=False).count() == 2
    assert cases.filter(remedy_outcome="altered").count() == 2
    # every step's record lies in the demo year, not today
    assert not CaseEvent.objects.filter(case__in=cases).exclude(at__year=DEMO_YEAR).exists()
    assert not cases.exclude(closed_on__isnull=True).exclude(closed_on__year=DEMO_YEAR).exists()
    # the indicators read them: every major decision reviewed, all on time in the demo
    huangpu = Organisation.objects.get(code="310101")
    year = Period("year", dt.date(DEMO_YEAR, 1, 1))
    today = dt.date(DEMO_YEAR + 1, 1, 15)
    assert indicators.major_reviewed(None, huangpu, year, today) == Decimal("100.0")
    assert indicators.decided_on_time(None, huangpu, year, today) == Decimal("100.0")
    assert indicators.exempted(None, huangpu, year, today) == Decimal("0.0")


def test_api_is_scoped_files_cases_and_takes_steps(client_for, demo_users):
    case = make_case(demo_users["hp_justice"])
    hp, xh = client_for("hp_justice"), client_for("xh_justice")
    listed = hp.get("/api/v1/penalties/cases/").json()
    assert case.number in [row["number"] for row in listed["results"]]
    assert xh.get(f"/api/v1/penalties/cases/{case.pk}/").status_code == 404
    assert case.number not in [row["number"] for row in xh.get("/api/v1/penalties/cases/").json()["results"]]
    # filing through the API; a refusal is a 400 naming the article
    body = {"matter": matter().pk, "act_date": "2020-01-01", "facts": "旧事", **COMPANY}
    refused = hp.post("/api/v1/penalties/cases/", body, content_type="application/json")
    assert refused.status_code == 400 and "第三十六条" in refused.content.decode()
    created = hp.post(
        "/api/v1/penalties/cases/", {**body, "act_date": str(dt.date.today())}, content_type="application/json"
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    o = officers()
    one = hp.post(
        f"/api/v1/penalties/cases/{pk}/steps/investigate/",
        {"officers": o[0].certificate_number, "report": "笔录"},
        content_type="application/json",
    )
    assert one.status_code == 400 and "第四十二条" in one.content.decode()
    two = hp.post(
        f"/api/v1/penalties/cases/{pk}/steps/investigate/",
        {"officers": f"{o[0].certificate_number},{o[1].certificate_number}", "report": "笔录"},
        content_type="application/json",
    )
    assert two.status_code == 200 and two.json()["status"] == CaseStatus.INVESTIGATED
    assert [e["step"] for e in two.json()["events"]] == ["file", "investigate"]
    assert (
        xh.post(f"/api/v1/penalties/cases/{pk}/steps/assess/", {}, content_type="application/json").status_code == 404
    )
