"""Leader views open on something true (issue #20, point 4): the latest period with data, no rank without data,
two task indicators that measure different things, a satisfaction target on its 1–5 scale."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from fazhi.indicators.models import Indicator, IndicatorValue
from fazhi.indicators.registry import Period
from fazhi.indicators.values import compute_indicator
from fazhi.orgs.choices import OrganisationKind
from fazhi.orgs.models import Organisation
from fazhi.supervision.choices import TaskStatus
from fazhi.supervision.dashboard import build_dashboard
from fazhi.supervision.indicator_defaults import load_default_indicators
from fazhi.supervision.scorecard import latest_period_with_data, scorecard
from fazhi.testing.factories import TaskFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 15)
JUNE = Period("month", dt.date(2026, 6, 1))
HP, XH, CN = "310101", "310104", "310105"  # Huangpu, Xuhui, Changning


def org(code: str) -> Organisation:
    return Organisation.objects.get(code=code)


def indicator(code: str, formula: str | None = None, **kwargs) -> Indicator:
    values = {"code": code, "name": code, "target": Decimal(90), "unit": "%", "formula": code} | kwargs
    if formula is not None:
        values["formula"] = formula
    ind = Indicator(**values)
    ind.full_clean()
    ind.save()
    return ind


def manual(code: str, **kwargs) -> Indicator:
    """Entered by hand: nothing recomputes it behind the test's back."""
    return indicator(code, "", kind="manual", reporting_organisation=org("31"), **kwargs)


def store(ind: Indicator, code: str, period: Period, value) -> None:
    IndicatorValue.objects.update_or_create(
        indicator=ind,
        organisation=org(code),
        period_kind=period.kind,
        period_start=period.start,
        defaults={"value": value, "computed_at": timezone.now()},
    )


# --- completed vs on schedule ----------------------------------------------------------------------------------


def test_done_and_on_schedule_differ_once_deadlines_have_passed():
    """After the plan's end every open task is overdue: counting done tasks as on schedule made the two shares
    equal in every row. Now the share done counts done tasks of all; on schedule, the unfinished ones keeping time."""
    old = {"start_date": dt.date(2025, 1, 1), "deadline": dt.date(2025, 12, 31)}
    TaskFactory(lead_organisation=org(HP), status=TaskStatus.DONE, percent=100, **old)
    TaskFactory(lead_organisation=org(HP), status=TaskStatus.IN_PROGRESS, percent=60, **old)  # overdue in 2026
    TaskFactory(
        lead_organisation=org(HP), start_date=dt.date(2026, 1, 1), deadline=dt.date(2026, 12, 31), percent=40
    )  # fresh, on schedule (stalling needs a while without reports: started in January, so it has stalled)
    TaskFactory(lead_organisation=org(XH), status=TaskStatus.DONE, percent=100, **old)
    TaskFactory(lead_organisation=org(XH), **old)  # overdue
    done = indicator("tasks_done")
    on_schedule = indicator("tasks_on_schedule")
    year = Period("year", dt.date(2026, 1, 1))
    assert compute_indicator(done, org(XH), year, TODAY) == Decimal("50.00")
    assert compute_indicator(on_schedule, org(XH), year, TODAY) == Decimal("0.00")  # was 50.00, equal to done
    _indicators, rows = scorecard(year, Organisation.objects.filter(code__in=[HP, XH]), TODAY)
    for row in rows:
        values = {cell.indicator.code: cell.value for cell in row.cells}
        assert values["tasks_done"] != values["tasks_on_schedule"], row.organisation
    board = build_dashboard(organisation=org(HP), period=year, today=TODAY)
    total = board.total  # done + under way on schedule + overdue + stalled = every task
    assert total.done + total.on_schedule + total.overdue + total.stalled == total.tasks == 3


# --- no rank without data --------------------------------------------------------------------------------------


def test_no_rank_on_indicators_without_data():
    """An indicator that is 0 or empty everywhere counts for no one; a district with too little is not ranked."""
    rated = manual("rated", unit="", target=Decimal("4.5"), weight=Decimal(2))
    answered = manual("answered", weight=Decimal(1))
    accepted = manual("accepted", unit="", target=Decimal(3), weight=Decimal(5))
    for code, value in ((HP, Decimal("4.5")), (XH, Decimal("3.6"))):
        store(rated, code, JUNE, value)
    store(answered, HP, JUNE, Decimal(90))
    for code in (HP, XH, CN):
        store(accepted, code, JUNE, Decimal(0))  # nothing accepted anywhere yet: no data, not three zeros
    districts = Organisation.objects.filter(code__in=[HP, XH, CN])
    _indicators, rows = scorecard(JUNE, districts, TODAY, wait=False)
    by_code = {row.organisation.code: row for row in rows}
    assert by_code[HP].rank == 1 and by_code[HP].score == Decimal("100.0")  # 4.5/4.5 and 90/90; the zeros ignored
    assert by_code[XH].rank == 2 and by_code[XH].score == Decimal("80.0")  # 2 of the 3 weight with data: enough
    assert by_code[CN].rank is None and by_code[CN].score is None and by_code[CN].insufficient
    accepted_cell = next(c for c in by_code[HP].cells if c.indicator.code == "accepted")
    assert not accepted_cell.counted and accepted_cell.no_data


def test_scorecard_page_says_insufficient_data(client_for):
    rated = manual("rated", unit="", target=Decimal("4.5"))
    month = Period.containing("month", timezone.localdate())
    store(rated, HP, month, Decimal("4.0"))
    page = client_for("leader").get(f"/console/supervision/scorecard/?period={month}")
    text = page.content.decode()
    assert page.status_code == 200
    rows = text.split("<tr>")
    huangpu = next(r for r in rows if "黄浦区" in r)
    xuhui = next(r for r in rows if "徐汇区" in r)
    assert "no-data" not in huangpu.split("</th>")[0]  # ranked
    assert xuhui.count('class="muted no-data"') >= 3  # rank, score and its empty cell: 数据不足, not 0.0
    assert "0.0<" not in xuhui


# --- the latest period with data -------------------------------------------------------------------------------


def test_latest_period_with_data_skips_a_period_that_has_barely_begun():
    rated = indicator("rated", "hotline_satisfaction", unit="", target=Decimal("4.5"))
    answered = manual("answered")
    tasks = indicator("tasks_done")  # judged on a day: a value in every period, so it says nothing of data
    districts = Organisation.objects.filter(kind=OrganisationKind.DISTRICT)
    march, may = Period.parse("2026-03"), Period.parse("2026-05")
    for ind in (rated, answered):
        store(ind, HP, march, Decimal(4))
    store(rated, XH, may, Decimal(4))  # May: half as much as March — enough
    store(rated, XH, JUNE, Decimal(0))  # June: a zero is no data
    store(tasks, HP, JUNE, Decimal(50))
    assert latest_period_with_data("month", districts, TODAY) == may
    store(answered, XH, Period.parse("2026-04"), Decimal(4))
    assert latest_period_with_data("month", districts, TODAY) == may
    assert latest_period_with_data("quarter", districts, TODAY) == Period.parse("2026-Q2")
    assert latest_period_with_data("year", districts, TODAY) == Period.parse("2026")
    assert latest_period_with_data("year", Organisation.objects.filter(code=CN), TODAY) == Period.parse("2026")
    store(rated, HP, Period.parse("2099-01"), Decimal(4))  # a value after today's period is not "the latest"
    assert latest_period_with_data("month", districts, TODAY) == may


def test_scorecard_and_dashboard_open_on_the_latest_period_with_data(client_for):
    rated = manual("rated", unit="", target=Decimal("4.5"))
    today = timezone.localdate()
    last_year = Period("year", dt.date(today.year - 1, 1, 1))
    month = Period.containing("month", dt.date(today.year - 1, 11, 15))
    for code in (HP, XH, "31"):
        store(rated, code, last_year, Decimal(4))
        store(rated, code, month, Decimal(4))
    client = client_for("leader")
    scorecard_page = client.get("/console/supervision/scorecard/").content.decode()
    assert f'value="{month}"' in scorecard_page and 'id="scorecard-default"' in scorecard_page
    huangpu = next(r for r in scorecard_page.split("<tr>") if "黄浦区" in r)
    assert "<td>1</td>" in huangpu or "<td>2</td>" in huangpu  # ranked on the period with data
    dashboard = client.get("/console/supervision/dashboard/")
    assert dashboard.status_code == 200
    text = dashboard.content.decode()
    assert f'value="{last_year}"' in text and 'id="dashboard-default"' in text
    api = client.get("/api/v1/supervision-dashboard/").json()
    assert api["period"]["key"] == str(last_year)
    chosen = client.get(f"/console/supervision/dashboard/?period={today.year}").content.decode()
    assert f'value="{today.year}"' in chosen and 'id="dashboard-default"' not in chosen


# --- targets ---------------------------------------------------------------------------------------------------


def test_satisfaction_target_is_on_the_1_to_5_scale():
    load_default_indicators()
    rating = Indicator.objects.get(code="hotline_satisfaction")
    assert rating.target == Decimal("4.5") and rating.unit == ""
    assert Indicator.objects.get(code="suggestions_rating").target == Decimal("4.5")
    # an installation loaded with the old default (1: "met" by any rating) is corrected; a hand-set target is not
    Indicator.objects.filter(code="hotline_satisfaction").update(target=1)
    Indicator.objects.filter(code="suggestions_rating").update(target=4)
    Indicator.objects.filter(code="tasks_on_schedule").update(name="按进度推进的任务占比（未逾期、未停滞）")
    load_default_indicators()
    assert Indicator.objects.get(code="hotline_satisfaction").target == Decimal("4.5")
    assert Indicator.objects.get(code="suggestions_rating").target == Decimal(4)
    assert Indicator.objects.get(code="tasks_on_schedule").name != "按进度推进的任务占比（未逾期、未停滞）"
    from fazhi.audit.models import AuditEntry

    assert AuditEntry.objects.filter(object_id=str(rating.pk), action="update").exists()


def test_quarterly_trend_figures_carry_their_unit(client_for):
    share = manual("share")  # unit %
    quarter = Period.parse("2025-Q3")
    store(share, "31", quarter, Decimal("62.5"))
    page = client_for("leader").get("/console/supervision/dashboard/?organisation=31&period=2025-Q3")
    trends = page.content.decode().split('id="dashboard-trends"')[1].split("</table>")[0]
    assert "62.50%</td>" in trends


def test_the_public_measure_page_counts_only_unfinished_tasks_keeping_time_as_on_schedule(client):
    """The measure page said a done task was on schedule (it counted every task not overdue, stalled ones too);
    now done, under way on schedule, overdue and stalled split its tasks as on the dashboard."""
    today = timezone.localdate()
    long_ago, later = today - dt.timedelta(days=400), today + dt.timedelta(days=100)
    TaskFactory(status=TaskStatus.DONE, percent=100, start_date=long_ago, deadline=later)  # done
    TaskFactory(start_date=today, deadline=later)  # under way, on schedule
    TaskFactory(start_date=long_ago, deadline=today - dt.timedelta(days=10))  # overdue
    TaskFactory(start_date=long_ago, deadline=later)  # no report for more than the stalled limit: stalled
    context = client.get("/plan/measures/29/").context
    assert len(context["tasks"]) == 4
    assert (context["done_share"], context["on_schedule_share"]) == (25, 25)  # on schedule was 75
