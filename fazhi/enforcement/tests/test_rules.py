"""The rules engine: every branch of propose_band and check_exemption, on standards and lists built through the
services over the real articles of the sample corpus."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from fazhi.enforcement import services
from fazhi.enforcement.choices import ConditionKind
from fazhi.enforcement.models import DiscretionFactor
from fazhi.enforcement.rules import check_exemption, propose_band
from fazhi.enforcement.tests.factories import exemption_list, first_violation_item, sorting_matter, sorting_version

pytestmark = pytest.mark.django_db

ACT = dt.date(2024, 3, 1)


@pytest.fixture
def matter():
    return sorting_matter()


def test_no_standard_no_proposal(matter):
    assert propose_band(matter, ACT, {}) is None


def test_a_draft_is_not_applied(matter):
    sorting_version(matter, publish=False)
    assert propose_band(matter, ACT, {}) is None


def test_default_band_when_no_condition_holds(matter):
    sorting_version(matter)
    proposal = propose_band(matter, ACT, {"first_violation": "no", "repeat_count": 1})
    assert proposal is not None
    assert (proposal.circumstance, proposal.fine_min, proposal.fine_max) == ("ordinary", Decimal(100), Decimal(150))
    assert proposal.version_number == 1
    by_rule = {f.rule: f for f in proposal.findings}
    assert by_rule["初次违法"].met is False
    assert by_rule["一年内被责令改正后再次混投的次数"].met is True  # answered 1: present, aggravating
    assert [f.met for f in proposal.findings[2:]] == [False, False, True]  # serious, minor tried, then default
    # Every rule cites its article in the version in force on the act's date, linked to that day.
    garbage = by_rule["一年内被责令改正后再次混投的次数"]
    assert garbage.citation == "上海市生活垃圾管理条例第五十七条第二款"
    assert garbage.version == "2019-01-31"
    assert garbage.article_url.endswith("/57/?on=2024-03-01")
    assert "上海市生活垃圾管理条例第五十七条第二款, 2019-01-31" in proposal.explanation
    assert proposal.allows_fine(Decimal(120)) and not proposal.allows_fine(Decimal(160))


def test_lighter_band_when_its_conditions_hold(matter):
    sorting_version(matter)
    proposal = propose_band(matter, ACT, {"first_violation": True, "repeat_count": "0"})
    assert proposal.circumstance == "minor"
    assert proposal.fine_max == Decimal(100)


def test_the_gravest_band_that_holds_wins(matter):
    sorting_version(matter)
    proposal = propose_band(matter, ACT, {"first_violation": True, "repeat_count": 2})
    assert proposal.circumstance == "serious"  # both minor and serious hold: the graver applies


def test_unanswered_condition_is_not_met(matter):
    sorting_version(matter)
    proposal = propose_band(matter, ACT, {})
    assert proposal.circumstance == "ordinary"
    assert [f.met for f in proposal.findings] == [None, None, None, None, True]
    assert "未回答" in proposal.findings[2].why.lower()


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"income": 5}, "income"),
        ({"first_violation": "perhaps"}, "first_violation"),
        ({"repeat_count": -1}, "repeat_count"),
        ({"repeat_count": "many"}, "repeat_count"),
        ({"repeat_count": True}, "repeat_count"),
        ({"repeat_count": "NaN"}, "repeat_count"),
    ],
)
def test_bad_answers_are_refused(matter, answers, message):
    sorting_version(matter)
    with pytest.raises(ValidationError) as error:
        propose_band(matter, ACT, answers)
    assert message in error.value.messages[0]


def test_answers_must_be_a_mapping(matter):
    sorting_version(matter)
    with pytest.raises(ValidationError):
        propose_band(matter, ACT, ["first_violation"])  # type: ignore[arg-type]


def test_the_version_in_force_on_the_act_date_applies(matter):
    sorting_version(matter, dt.date(2023, 1, 1))
    sorting_version(matter, dt.date(2024, 6, 1), ordinary=("120", "180"))
    assert propose_band(matter, dt.date(2022, 12, 31), {}) is None  # before any version
    old = propose_band(matter, dt.date(2024, 5, 31), {})
    new = propose_band(matter, dt.date(2024, 6, 1), {})
    assert (old.version_number, old.fine_max) == (1, Decimal(150))
    assert (new.version_number, new.fine_max) == (2, Decimal(180))


def test_an_article_not_in_force_on_the_act_date_is_said(matter):
    sorting_version(matter, dt.date(2018, 1, 1))
    proposal = propose_band(matter, dt.date(2018, 6, 1), {})  # the regulation dates from 2019-01-31
    assert "尚未施行" in proposal.findings[-1].why
    assert proposal.findings[-1].version == ""


def test_proposal_is_json_ready(matter):
    sorting_version(matter)
    data = propose_band(matter, ACT, {"first_violation": "yes"}).as_dict()
    assert json.loads(json.dumps(data))["fine_min"] == "50.00"
    assert data["findings"][0]["citation"] == "行政处罚法第三十二条"


def test_a_published_version_never_changes(matter):
    version = sorting_version(matter)
    factor = version.factors.first()
    factor.question = "changed"
    with pytest.raises(ValidationError):
        factor.save()
    with pytest.raises(ValidationError):
        services.band_save(version=version, circumstance="grave", fine_min=None, fine_max=None)
    draft = services.version_create(standard=version.standard, effective_from=dt.date(2025, 1, 1))
    assert draft.number == 2 and draft.factors.count() == 2 and draft.bands.count() == 3  # copied
    assert DiscretionFactor.objects.get(pk=factor.pk).question == "初次违法"


def test_publishing_checks_the_version(matter):
    version = sorting_version(matter, publish=False)
    services.band_save(version=version, circumstance="grave", fine_min=Decimal(180), fine_max=Decimal(200))
    with pytest.raises(ValidationError) as error:
        services.version_publish(version=version)  # two bands without conditions
    assert "有且只有一个阶次" in error.value.messages[0]
    services.band_save(
        version=version,
        circumstance="grave",
        fine_min=Decimal(180),
        fine_max=Decimal(200),
        conditions="repeat_count > 4",
    )
    assert services.version_publish(version=version).is_published
    later = services.version_create(standard=version.standard, effective_from=dt.date(2022, 1, 1))
    with pytest.raises(ValidationError) as error:
        services.version_publish(version=later)
    assert "施行日期不能早于" in error.value.messages[0]


@pytest.mark.parametrize(
    "conditions",
    ["nothing yes", "first_violation >= 2", "repeat_count >=", "repeat_count yes 3", "a == b"],
)
def test_band_conditions_are_checked(matter, conditions):
    version = sorting_version(matter, publish=False)
    with pytest.raises(ValidationError):
        services.band_save(version=version, circumstance="grave", fine_min=None, fine_max=None, conditions=conditions)


def test_fine_range_is_checked(matter):
    version = sorting_version(matter, publish=False)
    with pytest.raises(ValidationError):
        services.band_save(version=version, circumstance="grave", fine_min=Decimal(9), fine_max=Decimal(1))


# --- no-penalty lists --------------------------------------------------------------------------------------------


@pytest.fixture
def item(matter):
    return first_violation_item(exemption_list(), matter)


GOOD = {"first_violation": True, "harm": "minor", "corrected": True, "corrected_days": 2}


def test_exempt_when_every_condition_is_met(matter, item):
    [check] = check_exemption(matter, GOOD, on=ACT)
    assert check.exempt and not check.mandatory
    assert [f.met for f in check.findings] == [True, True, True]
    assert check.findings[0].citation == "行政处罚法第三十三条第一款"
    assert check.findings[0].version == "2021-01-22"
    assert check.findings[0].article_url.endswith("/33/?on=2024-03-01")
    assert check.education == "宣传生活垃圾分类投放规定"


@pytest.mark.parametrize(
    ("change", "position", "met"),
    [
        ({"first_violation": False}, 0, False),
        ({"harm": "serious"}, 1, False),
        ({"corrected": False}, 2, False),
        ({"corrected_days": 5}, 2, False),
        ({"corrected_days": None}, 2, None),
        ({"harm": None}, 1, None),
        ({"first_violation": ""}, 0, None),
    ],
)
def test_each_condition_unmet_or_unanswered(matter, item, change, position, met):
    [check] = check_exemption(matter, {**GOOD, **change}, on=ACT)
    assert not check.exempt
    assert check.findings[position].met is met
    assert check.findings[position].why


def test_no_harm_and_no_fault_and_mandatory(matter):
    the_list = exemption_list()
    services.exemption_item_save(
        exemption_list=the_list,
        title="没有主观过错",
        matters=[matter],
        mandatory=True,
        conditions=[services.ConditionData(ConditionKind.NO_FAULT), services.ConditionData(ConditionKind.NO_HARM)],
    )
    [check] = check_exemption(matter, {"no_fault": "yes", "harm": "none"}, on=ACT)
    assert check.exempt and check.mandatory
    assert check.findings[0].citation == "行政处罚法第三十三条第二款"
    [check] = check_exemption(matter, {"no_fault": "no", "harm": "minor"}, on=ACT)
    assert [f.met for f in check.findings] == [False, False]


def test_promptly_corrected_without_a_number_of_days(matter):
    services.exemption_item_save(
        exemption_list=exemption_list(),
        title="及时改正",
        matters=[matter],
        mandatory=True,
        conditions=[services.ConditionData(ConditionKind.CORRECTED)],
    )
    [check] = check_exemption(matter, {"corrected": True}, on=ACT)
    assert check.exempt


def test_only_lists_in_force_and_published_apply(matter):
    old = exemption_list(effective_from=dt.date(2020, 1, 1), effective_until=dt.date(2023, 1, 1))
    first_violation_item(old, matter, days=1)
    assert check_exemption(matter, {}, on=dt.date(2023, 1, 1)) == []  # ended the day before
    assert len(check_exemption(matter, {}, on=dt.date(2022, 12, 31))) == 1
    old.is_published = False
    old.save()
    assert check_exemption(matter, {}, on=dt.date(2022, 12, 31)) == []


def test_items_of_other_matters_do_not_apply(matter, item):
    other = sorting_matter(code="T-002")
    assert check_exemption(other, {}, on=ACT) == []
    with pytest.raises(ValidationError):
        check_exemption(other, {"first_violation": True}, on=ACT)  # nothing asks it


@pytest.mark.parametrize(
    "answers", [{"no_fault": True}, {"harm": "huge"}, {"corrected_days": "two"}, {"first_violation": 3}]
)
def test_bad_exemption_answers_are_refused(matter, item, answers):
    with pytest.raises(ValidationError):
        check_exemption(matter, answers, on=ACT)


def test_revised_list_ends_the_old_one(matter):
    old = exemption_list(effective_from=dt.date(2021, 1, 1))
    new = services.exemption_list_create(
        body=old.body, title="第二版", effective_from=dt.date(2024, 1, 1), supersedes=old
    )
    old.refresh_from_db()
    assert old.effective_until == new.effective_from
    with pytest.raises(ValidationError):
        services.exemption_list_create(body=old.body, title="x", effective_from=dt.date(2020, 1, 1), supersedes=new)


def test_item_needs_matters_and_conditions(matter):
    the_list = exemption_list()
    with pytest.raises(ValidationError):
        services.exemption_item_save(
            exemption_list=the_list,
            title="x",
            matters=[],
            mandatory=False,
            conditions=[services.ConditionData("no_fault")],
        )
    with pytest.raises(ValidationError):
        services.exemption_item_save(
            exemption_list=the_list, title="x", matters=[matter], mandatory=False, conditions=[]
        )
    with pytest.raises(ValidationError):
        services.exemption_item_save(
            exemption_list=the_list,
            title="x",
            matters=[matter],
            mandatory=False,
            conditions=[services.ConditionData("no_harm"), services.ConditionData("minor_harm")],
        )
    assert not the_list.items.exists()
