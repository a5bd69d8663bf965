"""Indicator definitions, manual entry, drill-down and scorecard: console and API, bad input, permissions."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.attachments.models import Attachment
from fazhi.indicators.models import Indicator, IndicatorValue
from fazhi.indicators.registry import FORMULAS
from fazhi.orgs.models import Organisation
from fazhi.supervision.indicator_defaults import load_default_indicators
from fazhi.supervision.tests.indicator_factories import IndicatorFactory, IndicatorValueFactory, ManualIndicatorFactory
from fazhi.testing.factories import TaskFactory

pytestmark = pytest.mark.django_db


def org(code: str) -> Organisation:
    return Organisation.objects.get(code=code)


DEFINITION = {
    "code": "on_time",
    "name": "按期推进率",
    "kind": "formula",
    "formula": "tasks_on_schedule",
    "unit": "%",
    "target": "90",
    "weight": "2",
    "direction": "higher_better",
}


# --- definitions ---------------------------------------------------------------------------------------------


def test_the_office_defines_an_indicator_in_the_console(client_for):
    office = client_for("office")
    assert office.get("/console/supervision/indicators/add/").status_code == 200
    response = office.post("/console/supervision/indicators/add/", DEFINITION | {"measures": []})
    indicator = Indicator.objects.get(code="on_time")
    assert response.status_code == 302 and response["Location"] == f"/console/supervision/indicators/{indicator.pk}/"
    assert "按期推进率" in office.get("/console/supervision/indicators/").content.decode()
    response = office.post(
        f"/console/supervision/indicators/{indicator.pk}/edit/", DEFINITION | {"target": "95", "code": "renamed"}
    )
    indicator.refresh_from_db()
    assert response.status_code == 302 and indicator.target == 95 and indicator.code == "on_time"


def test_an_unknown_formula_is_refused_with_the_known_ones_and_nothing_saved(client_for):
    response = client_for("office").post(
        "/console/supervision/indicators/add/", DEFINITION | {"formula": "share_of_happiness"}
    )
    text = response.content.decode()
    assert response.status_code == 200 and "share_of_happiness" in text and "tasks_on_schedule" in text
    manual_without_reporter = DEFINITION | {"kind": "manual", "formula": ""}
    assert client_for("office").post("/console/supervision/indicators/add/", manual_without_reporter).status_code == 200
    assert not Indicator.objects.exists()


def test_only_city_wide_staff_define_indicators(client_for):
    assert client_for("hp_justice").post("/console/supervision/indicators/add/", DEFINITION).status_code == 403
    assert client_for("leader").get("/console/supervision/indicators/add/").status_code == 403
    api = client_for("hp_justice").post("/api/v1/indicators/", DEFINITION, content_type="application/json")
    assert api.status_code == 403 and not Indicator.objects.exists()


def test_indicators_over_the_api(client):
    from fazhi.accounts.models import User

    client.force_login(User.objects.get(username="office"))
    created = client.post("/api/v1/indicators/", DEFINITION | {"measures": [27, 29]}, content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["measures"] == [27, 29]
    pk = created.json()["id"]
    patched = client.patch(f"/api/v1/indicators/{pk}/", {"weight": "3"}, content_type="application/json")
    assert patched.status_code == 200 and patched.json()["weight"] == "3.00"
    bad = client.post(
        "/api/v1/indicators/", DEFINITION | {"code": "x", "formula": "nope"}, content_type="application/json"
    )
    assert bad.status_code == 400 and "tasks_on_schedule" in bad.json()["formula"][0]
    duplicate = client.post("/api/v1/indicators/", DEFINITION, content_type="application/json")
    assert duplicate.status_code == 400 and "code" in duplicate.json()
    negative = client.post(
        "/api/v1/indicators/", DEFINITION | {"code": "y", "weight": "-1"}, content_type="application/json"
    )
    assert negative.status_code == 400 and Indicator.objects.count() == 1
    formulas = client.get("/api/v1/indicator-formulas/").json()
    assert {f["key"] for f in formulas} == set(FORMULAS)
    client.logout()
    assert client.get("/api/v1/indicators/").json()["results"][0]["code"] == "on_time"  # definitions are public


def test_default_indicator_set_is_idempotent():
    created = load_default_indicators()
    assert created == len(FORMULAS) and load_default_indicators() == 0
    interpretations = Indicator.objects.get(code="interpretations_published")
    assert sorted(interpretations.measures.values_list("number", flat=True)) == [6, 30]
    on_schedule = Indicator.objects.get(code="tasks_on_schedule")
    assert on_schedule.target == 90 and on_schedule.weight == 3
    assert not on_schedule.measures.exists()  # task formulas count every task of the plan
    Indicator.objects.filter(code="tasks_done").update(target=Decimal(70))
    load_default_indicators()
    assert Indicator.objects.get(code="tasks_done").target == 70  # an administrator's change is kept


# --- manual entry --------------------------------------------------------------------------------------------


def test_manual_entry_with_evidence_file_in_the_console(client_for):
    manual = ManualIndicatorFactory()
    hp = client_for("hp_justice")
    assert hp.get(f"/console/supervision/indicators/{manual.pk}/enter/").status_code == 200
    upload = SimpleUploadedFile("survey.txt", "满意度调查:85 分".encode())
    response = hp.post(
        f"/console/supervision/indicators/{manual.pk}/enter/",
        {
            "organisation": org("310101").pk,
            "period": "2026-Q2",
            "value": "85.5",
            "evidence": "第三方满意度调查",
            "file": upload,
        },
    )
    assert response.status_code == 302
    value = IndicatorValue.objects.get(indicator=manual)
    assert value.value == Decimal("85.50") and value.period_kind == "quarter" and value.source == "manual"
    assert Attachment.objects.filter(object_id=str(value.pk), original_name="survey.txt").exists()
    from fazhi.audit.models import AuditEntry

    audited = AuditEntry.objects.get(content_type__model="indicatorvalue", object_id=str(value.pk))
    assert audited.user.username == "hp_justice" and audited.after["evidence"] == "第三方满意度调查"
    page = hp.get(value.get_absolute_url()).content.decode()
    assert "第三方满意度调查" in page and "survey.txt" in page


@pytest.mark.parametrize(
    "change",
    [
        {"evidence": " "},
        {"period": "2026-13"},
        {"period": "9999-Q4"},
        {"value": "abc"},
        {"value": "1e30"},
        {"organisation": "999999"},
        {"file": SimpleUploadedFile("evil.pdf", b"MZ\x90\x00not a pdf")},
    ],
)
def test_bad_manual_entries_are_refused_with_nothing_saved(client_for, change):
    manual = ManualIndicatorFactory()
    data = {"organisation": org("310101").pk, "period": "2026-06", "value": "80", "evidence": "调查"} | change
    response = client_for("hp_justice").post(f"/console/supervision/indicators/{manual.pk}/enter/", data)
    assert response.status_code == 400
    assert (
        not IndicatorValue.objects.exists()
        and not Attachment.objects.filter(object_id__isnull=False).filter(content_type__model="indicatorvalue").exists()
    )


def test_only_the_reporting_organisation_enters(client_for):
    manual = ManualIndicatorFactory()
    data = {"organisation": org("310104").pk, "period": "2026-06", "value": "80", "evidence": "调查"}
    assert client_for("xh_justice").post(f"/console/supervision/indicators/{manual.pk}/enter/", data).status_code == 403
    # Huangpu's staff for an organisation outside Huangpu: not offered, refused
    assert client_for("hp_justice").post(f"/console/supervision/indicators/{manual.pk}/enter/", data).status_code == 400
    computed = IndicatorFactory()
    assert client_for("hp_justice").get(f"/console/supervision/indicators/{computed.pk}/enter/").status_code == 404
    assert not IndicatorValue.objects.exists()


def test_manual_entry_over_the_api(client_for):
    manual = ManualIndicatorFactory()
    entry = {
        "indicator": "satisfaction",
        "organisation": "310101002",
        "period": "2026-06",
        "value": "91",
        "evidence": "问卷",
    }
    response = client_for("hp_justice").post("/api/v1/indicator-values/", entry, content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (
        body["period"] == "2026-06"
        and body["value"] == "91.00"
        and body["records"].startswith(f"/console/supervision/indicators/{manual.pk}/records/310101002/")
    )
    for bad, field in (({"evidence": ""}, "evidence"), ({"period": "June"}, "period"), ({"value": "NaN"}, "value")):
        refused = client_for("hp_justice").post(
            "/api/v1/indicator-values/", entry | bad, content_type="application/json"
        )
        assert refused.status_code == 400 and field in refused.json()
    other = client_for("xh_justice").post("/api/v1/indicator-values/", entry, content_type="application/json")
    assert other.status_code == 403
    IndicatorFactory()
    computed = client_for("office").post(
        "/api/v1/indicator-values/", entry | {"indicator": "tasks_done"}, content_type="application/json"
    )
    assert computed.status_code == 400
    assert (
        client_for("leader").post("/api/v1/indicator-values/", entry, content_type="application/json").status_code
        == 403
    )
    assert IndicatorValue.objects.count() == 1


def test_values_over_the_api_are_scoped_and_filtered(client_for):
    hp_value = IndicatorValueFactory()
    xh_value = IndicatorValueFactory(organisation=org("310104"), indicator=hp_value.indicator)
    IndicatorValueFactory(indicator=hp_value.indicator, period_start=dt.date(2026, 5, 1))
    ids = {v["id"] for v in client_for("evaluator").get("/api/v1/indicator-values/").json()["results"]}
    assert {hp_value.pk, xh_value.pk} <= ids  # evaluators read everything in their scope
    hp = client_for("hp_justice")
    listed = hp.get("/api/v1/indicator-values/?indicator=satisfaction&period=2026-06").json()["results"]
    assert [v["id"] for v in listed] == [hp_value.pk]
    assert hp.get("/api/v1/indicator-values/?organisation=310104").json()["results"] == []
    assert hp.get(f"/api/v1/indicator-values/{xh_value.pk}/").status_code == 404
    assert hp.get("/api/v1/indicator-values/?period=2026-Q9").status_code == 400
    assert client_for("citizen").get("/api/v1/indicator-values/").status_code == 403


# --- drill-down and scorecard --------------------------------------------------------------------------------


@pytest.fixture
def huangpu_tasks():
    done = TaskFactory(
        title="完成的任务",
        lead_organisation=org("310101002"),
        status="done",
        percent=100,
        start_date=dt.date(2026, 1, 1),
    )
    TaskFactory(title="进行中的任务", lead_organisation=org("310101"), start_date=dt.date(2026, 1, 1))
    TaskFactory(title="徐汇的任务", lead_organisation=org("310104"), start_date=dt.date(2026, 1, 1))
    return done


def test_drill_down_lists_the_records_behind_the_number(client_for, huangpu_tasks):
    done = IndicatorFactory()
    page = client_for("hp_justice").get(f"/console/supervision/indicators/{done.pk}/records/310101/?period=2026-06")
    text = page.content.decode()
    assert page.status_code == 200 and "50%" in text
    assert "完成的任务" in text and "进行中的任务" in text and "徐汇的任务" not in text
    assert huangpu_tasks.get_absolute_url() in text
    street = client_for("leader").get(f"/console/supervision/indicators/{done.pk}/records/310101002/")
    assert street.status_code == 200 and "进行中的任务" not in street.content.decode()  # the street's part only
    # the street handler reads no indicators (its job: progress on its tasks)
    assert (
        client_for("njdl_handler").get(f"/console/supervision/indicators/{done.pk}/records/310101002/").status_code
        == 403
    )
    assert client_for("xh_justice").get(f"/console/supervision/indicators/{done.pk}/records/310101/").status_code == 404
    assert (
        client_for("hp_justice").get(f"/console/supervision/indicators/{done.pk}/records/nowhere/").status_code == 404
    )
    bad_period = client_for("hp_justice").get(f"/console/supervision/indicators/{done.pk}/records/310101/?period=x")
    assert bad_period.status_code == 200


def test_scorecard_ranks_a_districts_streets(client_for, huangpu_tasks):
    IndicatorFactory()
    TaskFactory(lead_organisation=org("310101013"), start_date=dt.date(2026, 1, 1))  # another street, nothing done
    page = client_for("hp_justice").get("/console/supervision/scorecard/?period=2026-06&district=310101")
    text = page.content.decode()
    first, second = org("310101002").name, org("310101013").name
    assert page.status_code == 200 and text.index(first) < text.index(second)
    assert "徐汇" not in text
    refused = client_for("hp_justice").get("/console/supervision/scorecard/?district=310104")
    assert refused.status_code == 200 and org("310104").name not in refused.content.decode()


def test_scorecard_over_the_api(client_for, huangpu_tasks):
    done = IndicatorFactory()
    body = client_for("leader").get("/api/v1/scorecard/?period=2026-06").json()
    ranked = [(row["organisation"], row["rank"]) for row in body["rows"] if row["rank"]]
    assert ranked == [("310101", 1), ("310104", 2)]  # 50 % done against 0 %
    cell = body["rows"][0]["cells"][0]
    assert cell["indicator"] == done.code and cell["records"].endswith("/records/310101/?period=2026-06")
    streets = client_for("hp_justice").get("/api/v1/scorecard/?period=2026-06&district=310101").json()
    assert streets["district"] == "310101" and streets["rows"][0]["organisation"] == "310101002"
    assert client_for("hp_justice").get("/api/v1/scorecard/?district=310104").status_code == 400
    assert client_for("leader").get("/api/v1/scorecard/?period=2026-Q7").status_code == 400
    assert client_for("citizen").get("/api/v1/scorecard/").status_code == 403
