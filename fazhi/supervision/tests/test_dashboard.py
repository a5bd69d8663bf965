"""The leaders' dashboard: figures on a small known data set, the page, the Excel download, the API, bad input."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from fazhi.indicators.models import Indicator, IndicatorValue
from fazhi.indicators.registry import Period
from fazhi.indicators.values import compute_indicator
from fazhi.orgs.choices import OrganisationKind
from fazhi.orgs.models import Organisation
from fazhi.supervision.choices import ReportStatus, TaskStatus
from fazhi.supervision.dashboard import build_dashboard
from fazhi.testing.factories import ProgressReportFactory, TaskFactory, _measure

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 15)
JUNE = Period("month", dt.date(2026, 6, 1))


def org(code: str) -> Organisation:
    return Organisation.objects.get(code=code)


@pytest.fixture
def tasks():
    """Huangpu: overdue (30 %), done, stalled (measure 1), a delegated parent and its street child (50 %, measure 1);
    Xuhui: fresh (20 %), done, and one not started in June. Measure 29 unless said."""
    old = {"start_date": dt.date(2026, 1, 1)}
    hp, xh = org("310101"), org("310104")
    made = {
        "overdue": TaskFactory(
            title="逾期任务",
            lead_organisation=hp,
            deadline=dt.date(2026, 5, 31),
            percent=30,
            status="in_progress",
            **old,
        ),
        "done": TaskFactory(lead_organisation=hp, status=TaskStatus.DONE, percent=100, **old),
        "stalled": TaskFactory(title="停滞任务", lead_organisation=hp, measure=_measure(1), **old),
    }
    parent = TaskFactory(lead_organisation=hp, measure=_measure(1), start_date=dt.date(2026, 6, 10))
    made["street"] = TaskFactory(
        lead_organisation=org("310101002"),
        parent=parent,
        measure=_measure(1),
        start_date=dt.date(2026, 6, 10),
        percent=50,
        status="in_progress",
    )
    TaskFactory(lead_organisation=xh, start_date=dt.date(2026, 6, 1), percent=20, status="in_progress")
    TaskFactory(lead_organisation=xh, status=TaskStatus.DONE, percent=100, **old)
    TaskFactory(lead_organisation=xh, start_date=dt.date(2026, 7, 1))  # not started in June
    return made


def figures(progress) -> tuple:
    return progress.tasks, progress.done, progress.overdue, progress.stalled, progress.mean_percent


def test_city_figures_by_measure_chapter_and_district(tasks):
    board = build_dashboard(organisation=org("31"), period=JUNE, today=TODAY)
    assert board.as_of == TODAY
    # six work tasks: the delegated parent and the task starting in July are not counted; (30+100+0+50+20+100)/6
    assert figures(board.total) == (6, 2, 1, 1, Decimal("50.0"))
    measures = {p.key: p for p in board.by_measure}
    assert len(measures) == 30 and figures(measures["2"]) == (0, 0, 0, 0, None)
    assert figures(measures["29"]) == (4, 2, 1, 0, Decimal("62.5"))
    assert figures(measures["1"]) == (2, 0, 0, 1, Decimal("25.0"))
    assert sum(p.tasks for p in board.by_chapter) == 6
    assert {p.key for p in board.by_chapter if p.tasks} == {
        str(_measure(1).chapter.number),
        str(_measure(29).chapter.number),
    }
    districts = {p.key: p for p in board.by_organisation}
    assert len(districts) == 16 and board.breakdown_label == str(OrganisationKind.DISTRICT.label)
    assert figures(districts["310101"]) == (4, 1, 1, 1, Decimal("45.0"))
    assert figures(districts["310104"]) == (2, 1, 0, 0, Decimal("60.0"))
    assert [t.title for t in board.overdue] == ["逾期任务"] and [t.title for t in board.stalled] == ["停滞任务"]
    # the same definitions as the indicator formula: of the 4 unfinished, 2 under way on schedule; done, on
    # schedule, overdue and stalled split the tasks
    on_schedule = Indicator(code="s", name="s", target=90, formula="tasks_on_schedule")
    assert compute_indicator(on_schedule, org("31"), JUNE, TODAY) == Decimal("50.00")
    assert board.total.on_schedule == 2 and board.total.unfinished == 4


def test_district_is_split_by_street_and_its_own_bodies(tasks):
    board = build_dashboard(organisation=org("310101"), period=JUNE, today=TODAY)
    rows = {p.key: p for p in board.by_organisation}
    assert figures(rows["310101"]) == (3, 1, 1, 1, Decimal("43.3"))  # led by the district (and its bodies)
    assert figures(rows["310101002"]) == (1, 0, 0, 0, Decimal("50.0"))
    assert board.breakdown_label == str(OrganisationKind.STREET.label)
    assert board.total.tasks == 4 and not board.scorecard_rows  # no indicators defined: no scorecard


def test_an_accepted_report_ends_stalling_and_the_numbers_move(tasks):
    ProgressReportFactory(
        task=tasks["stalled"],
        percent=40,
        status=ReportStatus.ACCEPTED,
        reviewed_at=timezone.make_aware(dt.datetime(2026, 6, 1, 10)),
    )
    board = build_dashboard(organisation=org("31"), period=JUNE, today=TODAY)
    assert board.total.stalled == 0 and board.stalled == []
    assert board.total.on_schedule == 3


def test_trends_show_stored_values_and_compute_the_chosen_period(tasks):
    done = Indicator.objects.create(code="done", name="完成率", target=Decimal(80), formula="tasks_done", unit="%")
    IndicatorValue.objects.create(
        indicator=done,
        organisation=org("31"),
        period_kind="month",
        period_start=dt.date(2026, 5, 1),
        value=Decimal("20"),
        computed_at=timezone.now(),
    )
    board = build_dashboard(organisation=org("31"), period=JUNE, today=TODAY)
    trend = next(t for t in board.trends if t.code == "done")
    assert trend.periods[-2:] == ["2026-05", "2026-06"] and len(trend.periods) == 12
    assert trend.values[-2:] == [Decimal("20"), Decimal("33.33")] and trend.values[0] is None
    assert [r.organisation.code for r in board.scorecard_rows][:2] == ["310104", "310101"]
    year = build_dashboard(organisation=org("31"), period=Period.parse("2026"), today=TODAY)
    assert next(t for t in year.trends if t.code == "done").periods == ["2022", "2023", "2024", "2025", "2026"]


def test_query_count_does_not_grow_with_the_tasks(tasks):
    Indicator.objects.create(code="done", name="完成率", target=Decimal(80), formula="tasks_done", unit="%")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            build_dashboard(organisation=org("31"), period=JUNE, today=TODAY)
        return len(captured)

    before = queries()
    for _ in range(20):
        TaskFactory(lead_organisation=org("310104"), start_date=dt.date(2026, 1, 1))
    TaskFactory(lead_organisation=org("310112"), start_date=dt.date(2026, 1, 1))
    assert queries() == before


# --- the page, the download, the API --------------------------------------------------------------------------


def test_page_shows_tables_for_the_city_and_a_district(tasks, client_for):
    page = client_for("leader").get("/console/supervision/dashboard/?period=2026")
    assert page.status_code == 200
    text = page.content.decode()
    for table in ("dashboard-summary", "dashboard-organisations", "dashboard-chapters", "dashboard-measures"):
        assert f'id="{table}"' in text
    assert 'id="dashboard-data"' in text and "vendor/echarts.min.js" in text
    assert "黄浦区" in text and "徐汇区" in text
    assert "dashboard/export.xlsx?organisation=31&amp;period=2026" in text
    own = client_for("hp_justice").get("/console/supervision/dashboard/").content.decode()
    assert "南京东路街道" in own and ">徐汇区<" not in own  # the district's own dashboard, by street
    # The dashboard is for those who read tasks and indicators: the street handler reports progress on its tasks
    # and the district manager manages staff; neither reads indicators (accounts/roles.py: each module's grants).
    assert client_for("njdl_handler").get("/console/supervision/dashboard/").status_code == 403
    assert client_for("hp_manager").get("/console/supervision/dashboard/").status_code == 403


@pytest.mark.parametrize(
    ("user", "query", "message"),
    [
        ("leader", "organisation=999999", "Unknown organisation"),
        ("leader", "organisation=31-YFZS", "Unknown organisation"),  # a body, not a division
        ("hp_justice", "organisation=310104", "Unknown organisation"),  # another district: not revealed
        ("leader", "period=2026-13", "2025-06"),
        ("leader", "period=20x6", "2025-06"),
        ("leader", "period=9999", "2025-06"),
    ],
)
def test_bad_filters_are_a_clear_400(client_for, user, query, message):
    client = client_for(user)
    page = client.get(f"/console/supervision/dashboard/?{query}", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 400 and message in page.content.decode()
    assert client.get(f"/console/supervision/dashboard/export.xlsx?{query}").status_code == 400
    api = client.get(f"/api/v1/supervision-dashboard/?{query}")
    assert api.status_code == 400


def test_citizens_and_anonymous_are_refused(client_for):
    assert client_for("citizen").get("/console/supervision/dashboard/").status_code == 403
    assert client_for("citizen").get("/api/v1/supervision-dashboard/").status_code == 403
    assert client_for(None).get("/console/supervision/dashboard/").status_code == 302


def test_excel_has_one_sheet_per_table(tasks, client_for):
    response = client_for("leader").get("/console/supervision/dashboard/export.xlsx?organisation=31&period=2026")
    assert response.status_code == 200 and "dashboard-31-2026.xlsx" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert len(workbook.sheetnames) == 8
    by_district = workbook.worksheets[3]
    rows = {row[0]: row for row in by_district.iter_rows(min_row=2, values_only=True)}
    assert rows["310101"][2] >= 4  # tasks (today's date judges, so at least the June figures)


def test_api_returns_the_same_figures(tasks, client_for):
    data = client_for("evaluator").get("/api/v1/supervision-dashboard/?organisation=310101&period=2026").json()
    assert data["organisation"] == {"code": "310101", "name": "黄浦区"}
    assert data["period"]["key"] == "2026" and data["total"]["tasks"] == 4
    assert {row["key"] for row in data["by_organisation"]} >= {"310101", "310101002"}
    assert len(data["by_measure"]) == 30 and data["overdue"][0]["title"] == "逾期任务"
