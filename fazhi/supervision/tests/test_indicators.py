"""Indicators: the formula registry, values per organisation and period, roll-up, recomputation, the scorecard."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from fazhi.indicators.models import Indicator, IndicatorValue
from fazhi.indicators.registry import Period, recent_periods
from fazhi.indicators.values import compute_indicator, indicator_enter
from fazhi.orgs.models import Organisation
from fazhi.supervision.choices import TaskStatus
from fazhi.supervision.indicators import recompute_for_task
from fazhi.supervision.scorecard import scorecard
from fazhi.supervision.services import task_create, task_save, task_update_progress
from fazhi.testing.factories import TaskFactory, _measure

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 15)
JUNE = Period("month", dt.date(2026, 6, 1))


def org(code: str) -> Organisation:
    return Organisation.objects.get(code=code)


def indicator(formula: str = "tasks_on_schedule", **kwargs) -> Indicator:
    values = {
        "code": formula,
        "name": kwargs.get("code", formula),
        "target": Decimal(90),
        "unit": "%",
        "formula": formula,
    } | kwargs
    ind = Indicator(**values)
    ind.full_clean()
    ind.save()
    return ind


@pytest.fixture
def tasks():
    """Huangpu: overdue, done, stalled, fresh (in a street), and a delegated parent; Xuhui: fresh and done."""
    old = {"start_date": dt.date(2026, 1, 1)}
    TaskFactory(lead_organisation=org("310101"), deadline=dt.date(2026, 5, 31), **old)  # overdue
    TaskFactory(lead_organisation=org("310101"), status=TaskStatus.DONE, percent=100, **old)  # done
    TaskFactory(lead_organisation=org("310101"), **old)  # stalled: nothing reported for months
    parent = TaskFactory(lead_organisation=org("310101"), start_date=dt.date(2026, 6, 10))
    TaskFactory(lead_organisation=org("310101002"), parent=parent, start_date=dt.date(2026, 6, 10))  # fresh
    TaskFactory(lead_organisation=org("310104"), start_date=dt.date(2026, 6, 1))  # fresh
    TaskFactory(lead_organisation=org("310104"), status=TaskStatus.DONE, percent=100, **old)
    TaskFactory(lead_organisation=org("310104"), start_date=dt.date(2026, 7, 1))  # not started in June


def test_unknown_formula_is_refused_with_the_known_ones():
    with pytest.raises(ValidationError) as exc:
        Indicator(code="x", name="x", target=1, formula="share_of_happiness").full_clean()
    message = " ".join(exc.value.message_dict["formula"])
    assert "share_of_happiness" in message and "tasks_on_schedule" in message
    with pytest.raises(ValidationError) as exc:
        Indicator(code="y", name="y", target=1, kind="manual").full_clean()
    assert "reporting_organisation" in exc.value.message_dict


def test_periods():
    assert Period.parse("2026-06") == JUNE and JUNE.end == dt.date(2026, 6, 30)
    assert Period.parse("2026-Q4").end == dt.date(2026, 12, 31) and str(Period.parse("2026-q2")) == "2026-Q2"
    assert Period.parse("2026").end == dt.date(2026, 12, 31)
    offered = [str(p) for p in recent_periods(dt.date(2026, 2, 10))]
    assert offered[:2] == ["2026-02", "2026-01"] and "2025-03" in offered and "2025-02" not in offered
    assert offered[12:14] == ["2026-Q1", "2025-Q4"] and offered[-5:] == ["2026", "2025", "2024", "2023", "2022"]
    for bad in ("2026-13", "26-01", "2026-Q5", "junk", "9999", "2026-", "2026-006"):
        with pytest.raises(ValueError):
            Period.parse(bad)


def test_on_schedule_share_per_district_and_rolled_up_to_the_city(tasks):
    on_schedule = indicator()
    # Huangpu: overdue, done, stalled, the street's fresh task (the delegated parent is not counted): of the three
    # unfinished, one is on schedule (the done task is the share done's, not this one's)
    assert compute_indicator(on_schedule, org("310101"), JUNE, TODAY) == Decimal("33.33")
    assert compute_indicator(on_schedule, org("310101002"), JUNE, TODAY) == Decimal("100.00")
    # Xuhui: fresh and done; the task starting in July does not count yet → 1 unfinished, on schedule
    assert compute_indicator(on_schedule, org("310104"), JUNE, TODAY) == Decimal("100.00")
    assert compute_indicator(on_schedule, org("310112"), JUNE, TODAY) is None  # no tasks: nothing to measure
    # the city: its whole subtree, 2 of the 4 unfinished
    assert compute_indicator(on_schedule, org("31"), JUNE, TODAY) == Decimal("50.00")
    done = indicator("tasks_done", code="done")
    assert compute_indicator(done, org("310101"), JUNE, TODAY) == Decimal("25.00")
    # an indicator on another measure counts none of these tasks
    other = indicator(code="other")
    other.measures.set([_measure(1)])
    assert compute_indicator(other, org("31"), JUNE, TODAY) is None


def test_values_move_when_a_task_becomes_overdue_or_done(django_capture_on_commit_callbacks):
    on_schedule, done = indicator(), indicator("tasks_done", code="done")
    today = timezone.localdate()
    month = Period.containing("month", today)

    def stored(ind, code):
        return IndicatorValue.objects.get(
            indicator=ind, organisation=org(code), period_kind="month", period_start=month.start
        ).value

    with django_capture_on_commit_callbacks(execute=True):
        task = task_create(
            measure=_measure(29),
            title="依法行政考核",
            lead_organisation=org("310101002"),
            start_date=today - dt.timedelta(days=5),
            deadline=today + dt.timedelta(days=10),
        )
    assert stored(on_schedule, "310101002") == stored(on_schedule, "310101") == stored(on_schedule, "31") == 100
    assert stored(done, "310101") == 0
    with django_capture_on_commit_callbacks(execute=True):
        task.deadline = today - dt.timedelta(days=1)
        task_save(task=task)
    assert stored(on_schedule, "310101002") == stored(on_schedule, "310101") == stored(on_schedule, "31") == 0
    with django_capture_on_commit_callbacks(execute=True):
        task_update_progress(task=task, percent=100)
    # nothing left unfinished: nothing on or off schedule to measure; the share done says it all
    assert stored(on_schedule, "31") is None and stored(done, "310101") == stored(done, "31") == 100
    # quarter and year are kept too; recomputing an unchanged value writes nothing
    assert IndicatorValue.objects.filter(indicator=done, organisation=org("31")).count() == 3
    before = IndicatorValue.objects.get(indicator=done, organisation=org("31"), period_kind="year").updated_at
    recompute_for_task(task)
    assert IndicatorValue.objects.get(indicator=done, organisation=org("31"), period_kind="year").updated_at == before


def test_nothing_is_recomputed_before_the_commit(django_capture_on_commit_callbacks):
    indicator()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        TaskFactory()  # any write path: the signals note it
        task_save(task=TaskFactory.build(lead_organisation=org("310104"), measure=_measure(29)))
    assert callbacks and not IndicatorValue.objects.exists()
    for callback in callbacks:  # the first does the work of the whole transaction, the others find nothing
        callback()
    assert IndicatorValue.objects.filter(organisation=org("310104")).count() == 3
    assert IndicatorValue.objects.filter(organisation=org("310101")).count() == 3


def test_scorecard_ranks_districts_by_weighted_score(tasks):
    indicator(weight=Decimal(3))
    indicator("tasks_done", code="done", target=Decimal(50), weight=Decimal(1))
    _indicators, rows = scorecard(JUNE, today=TODAY)
    ranked = [(r.organisation.code, r.score) for r in rows if r.rank]
    # Xuhui: on schedule 100/90 → 1, done 50/50 → 1 → 100; Huangpu: 33.33/90 × 3 + 25/50 × 1 → (1.1111 + 0.5) / 4
    assert ranked == [("310104", Decimal("100.0")), ("310101", Decimal("40.3"))]
    assert all(r.score is None and r.rank is None for r in rows[2:])


def test_scorecard_page(tasks, client_for):
    indicator()
    page = client_for("leader").get("/console/supervision/scorecard/?period=2026-06")
    assert page.status_code == 200
    text = page.content.decode()
    assert text.index("徐汇区") < text.index("黄浦区")
    on_schedule = Indicator.objects.get(code="tasks_on_schedule")
    assert f"/console/supervision/indicators/{on_schedule.pk}/records/310104/?period=2026-06" in text
    assert "?period=2026-06&amp;district=310101" in text  # a district opens its streets
    own = client_for("hp_justice").get("/console/supervision/scorecard/?period=2026-06").content.decode()
    assert "黄浦区" in own and "徐汇区" not in own
    assert client_for("leader").get("/console/supervision/scorecard/?period=nonsense").status_code == 200
    assert client_for("citizen").get("/console/supervision/scorecard/").status_code == 403


def test_manual_value_needs_evidence_and_the_named_organisation(demo_users):
    manual = indicator(code="satisfaction", formula="", kind="manual", reporting_organisation=org("310101"))
    with pytest.raises(PermissionDenied):
        indicator_enter(
            indicator=manual, organisation=org("310101"), period=JUNE, value=Decimal(80), evidence="x",
            user=demo_users["xh_justice"],
        )  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        indicator_enter(
            indicator=manual, organisation=org("310101"), period=JUNE, value=Decimal(80), evidence=" ",
            user=demo_users["hp_justice"],
        )  # fmt: skip
    assert "evidence" in exc.value.message_dict
    value = indicator_enter(
        indicator=manual, organisation=org("310101"), period=JUNE, value=Decimal(80), evidence="问卷 2026-06",
        user=demo_users["hp_justice"],
    )  # fmt: skip
    assert value.source == "manual" and compute_indicator(manual, org("310101"), JUNE) == Decimal(80)
