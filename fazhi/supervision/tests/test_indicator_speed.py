"""Indicators at scale: the grouped formulas agree with the formulas organisation by organisation; the pages do
not wait for a period never stored (computed in the background, the page says so); the recompute is timed."""

import datetime as dt
import logging
from decimal import Decimal

import pytest
from django.utils import timezone

from fazhi.indicators import values as registry
from fazhi.indicators.models import Indicator, IndicatorValue
from fazhi.indicators.registry import FORMULAS, Period
from fazhi.indicators.values import compute_indicator, compute_values, store_values_task
from fazhi.orgs.models import Organisation
from fazhi.supervision.choices import ReportStatus, TaskStatus
from fazhi.supervision.dashboard import build_dashboard
from fazhi.supervision.scorecard import is_pending, scorecard
from fazhi.testing.factories import ProgressReportFactory, TaskFactory, TaskMilestoneFactory, _measure

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 15)


def org(code: str) -> Organisation:
    return Organisation.objects.get(code=code)


def aware(*args: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(*args))


@pytest.fixture
def city():
    """Tasks in two districts, a street, and a city body; reports accepted on period edges; milestones."""
    old = {"start_date": dt.date(2026, 1, 1)}
    hp, xh, street, body = org("310101"), org("310104"), org("310101002"), org("31-YFZS")
    overdue = TaskFactory(lead_organisation=hp, deadline=dt.date(2026, 5, 31), **old)
    done = TaskFactory(lead_organisation=hp, status=TaskStatus.DONE, percent=100, measure=_measure(1), **old)
    stalled = TaskFactory(lead_organisation=street, **old)
    fresh = TaskFactory(lead_organisation=xh, start_date=dt.date(2026, 6, 1))
    city_task = TaskFactory(lead_organisation=body, **old)
    parent = TaskFactory(lead_organisation=body, measure=_measure(1), **old)
    TaskFactory(lead_organisation=xh, parent=parent, measure=_measure(1), **old)
    # under way on schedule on measure 1 (on schedule counts unfinished tasks: without one it measures nothing there)
    TaskFactory(lead_organisation=street, start_date=dt.date(2026, 6, 1), measure=_measure(1))
    for task, moment in (
        (done, aware(2026, 6, 1, 0, 0)),  # the first moment of June
        (done, aware(2026, 5, 31, 23, 59)),  # the last minute of May
        (fresh, aware(2026, 6, 14, 9)),
        (city_task, aware(2026, 6, 30, 23, 59)),
        (overdue, aware(2026, 4, 2, 9)),
    ):
        ProgressReportFactory(task=task, status=ReportStatus.ACCEPTED, reviewed_at=moment, percent=10)
    ProgressReportFactory(task=stalled, status=ReportStatus.RETURNED, reviewed_at=aware(2026, 6, 3, 9))
    TaskMilestoneFactory(task=done, due_date=dt.date(2026, 6, 10), reached_at=dt.date(2026, 6, 9))
    TaskMilestoneFactory(task=stalled, due_date=dt.date(2026, 6, 12))
    TaskMilestoneFactory(task=fresh, due_date=dt.date(2026, 5, 20), reached_at=dt.date(2026, 5, 25))


@pytest.mark.parametrize("formula", ["tasks_on_schedule", "tasks_done", "reports_accepted", "milestones_on_time"])
@pytest.mark.parametrize("measures", [(), (1,)])
def test_grouped_formulas_agree_with_each_organisation_alone(city, formula, measures):
    assert FORMULAS[formula].compute_many is not None
    indicator = Indicator.objects.create(code=formula, name=formula, target=Decimal(1), formula=formula)
    indicator.measures.set([_measure(n) for n in measures])
    indicator = Indicator.objects.prefetch_related("measures").get(pk=indicator.pk)
    codes = ("31", "310101", "310104", "310101002", "31-YFZS", "310112")
    organisations = [org(code) for code in codes]
    measured = set()
    for text in ("2026-06", "2026-05", "2026-Q2", "2026", "2025"):
        period = Period.parse(text)
        alone = {o.pk: compute_indicator(indicator, o, period, TODAY) for o in organisations}
        assert compute_values(indicator, organisations, period, TODAY) == alone, (formula, text)
        # without the city among them the subtrees are filtered, not scanned whole
        assert compute_values(indicator, organisations[1:], period, TODAY) == {
            pk: v for pk, v in alone.items() if pk != organisations[0].pk
        }
        measured |= {v for v in alone.values() if v not in (None, Decimal(0))}
    assert measured  # the fixture measures something


@pytest.fixture
def worker_down(monkeypatch):
    """A task backend whose worker has not run yet: what was queued is kept here, not run."""
    queued: list[tuple] = []

    class Queue:
        def enqueue(self, *args):
            queued.append(args)

    monkeypatch.setattr(registry, "store_values_task", Queue())
    return queued


def test_scorecard_for_a_period_never_stored_is_computed_in_the_background(city, client_for, worker_down):
    done = Indicator.objects.create(code="done", name="完成率", target=Decimal(80), formula="tasks_done", unit="%")
    page = client_for("leader").get("/console/supervision/scorecard/?period=2026-05", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    text = page.content.decode()
    assert 'id="scorecard-pending"' in text and "being computed in the background" in text
    assert len(worker_down) == 1 and worker_down[0][0] == "2026-05"
    api = client_for("leader").get("/api/v1/scorecard/?period=2026-05").json()
    assert api["pending"] is True and all(c["pending"] and c["value"] is None for r in api["rows"] for c in r["cells"])
    assert len(worker_down) == 1  # asked again while queued: nothing more queued
    store_values_task.call(*worker_down[0])  # the worker runs it
    stored = IndicatorValue.objects.filter(indicator=done, period_kind="month", period_start=dt.date(2026, 5, 1))
    assert stored.get(organisation=org("310101")).value == compute_indicator(
        done, org("310101"), Period.parse("2026-05")
    )
    page = client_for("leader").get("/console/supervision/scorecard/?period=2026-05").content.decode()
    assert 'id="scorecard-pending"' not in page and len(worker_down) == 1


def test_dashboard_for_a_period_never_stored_does_not_wait(city, client_for, worker_down):
    Indicator.objects.create(code="done", name="完成率", target=Decimal(80), formula="tasks_done", unit="%")
    page = client_for("leader").get("/console/supervision/dashboard/?organisation=31&period=2026-Q1")
    assert page.status_code == 200 and 'id="dashboard-pending"' in page.content.decode()
    queued = {tuple(args[1]) for args in worker_down}
    assert (org("31").pk,) in queued and len(worker_down) == 2  # the city's trends, the districts' scorecard
    data = client_for("leader").get("/api/v1/supervision-dashboard/?organisation=31&period=2026-Q1").json()
    assert data["pending"] is True
    for args in worker_down:
        store_values_task.call(*args)
    data = client_for("leader").get("/api/v1/supervision-dashboard/?organisation=31&period=2026-Q1").json()
    assert data["pending"] is False
    # the annual report and other callers without wait=False still compute at once
    board = build_dashboard(organisation=org("31"), period=Period.parse("2026-Q3"), today=TODAY)
    assert not board.pending and next(t for t in board.trends if t.code == "done").values[-1] is not None


def test_with_the_in_process_backend_the_page_has_the_values_at_once(city, client_for):
    Indicator.objects.create(code="done", name="完成率", target=Decimal(80), formula="tasks_done", unit="%")
    indicators, rows = scorecard(Period.parse("2026-04"), today=TODAY, wait=False)
    assert not is_pending(rows) and indicators
    assert IndicatorValue.objects.filter(period_kind="month", period_start=dt.date(2026, 4, 1)).exists()


def test_a_recompute_after_commit_logs_its_time(city, django_capture_on_commit_callbacks):
    Indicator.objects.create(code="done", name="完成率", target=Decimal(80), formula="tasks_done", unit="%")
    messages: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    logger, handler = logging.getLogger(registry.__name__), Keep(logging.INFO)
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            TaskFactory(lead_organisation=org("310104"), start_date=dt.date(2026, 1, 1))
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    assert any(m.startswith("indicator values recomputed after a commit: ") and " ms CPU)" in m for m in messages)
