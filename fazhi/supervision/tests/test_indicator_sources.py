"""The formula registry other modules plug into: values follow the records their formulas read, by themselves."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone

from fazhi.indicators.models import IndicatorValue
from fazhi.indicators.registry import FORMULAS, Period, formulas_reading, register
from fazhi.indicators.values import compute_indicator, indicator_records
from fazhi.laws.models import TypicalCase
from fazhi.orgs.models import Organisation
from fazhi.supervision.tests.indicator_factories import IndicatorFactory
from fazhi.testing.factories import InterpretationFactory, ProgressReportFactory, TaskFactory, TaskMilestoneFactory

pytestmark = pytest.mark.django_db

JUNE, JULY = Period("month", dt.date(2026, 6, 1)), Period("month", dt.date(2026, 7, 1))
TODAY = dt.date(2026, 7, 15)


def org(code: str) -> Organisation:
    return Organisation.objects.get(code=code)


def stored(indicator, code: str, period: Period) -> Decimal | None:
    value = IndicatorValue.objects.filter(
        indicator=indicator, organisation=org(code), period_kind=period.kind, period_start=period.start
    ).first()
    return value.value if value else "missing"


def at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))


def test_sources_are_declared_and_connected():
    assert {f.key for f in formulas_reading("supervision.Task")} == {"tasks_on_schedule", "tasks_done"}
    assert {f.key for f in formulas_reading("laws.Interpretation")} == {"interpretations_published"}
    assert formulas_reading("supervision.TaskMilestone") and formulas_reading("supervision.ProgressReport")


def test_interpretations_follow_publication_moves_and_deletion(django_capture_on_commit_callbacks):
    published = IndicatorFactory(formula="interpretations_published", unit="")
    with django_capture_on_commit_callbacks(execute=True):
        item = InterpretationFactory(is_published=True, published_at=at(dt.date(2026, 6, 10)))
    # the publishing body (Huangpu's justice bureau), its district and the city, in the month, quarter and year
    for code in ("310101-SFJ", "310101", "31"):
        assert stored(published, code, JUNE) == 1
        assert (
            stored(published, code, Period.parse("2026-Q2")) == 1 and stored(published, code, Period.parse("2026")) == 1
        )
    assert stored(published, "310104", JUNE) == "missing"  # Xuhui is not touched
    with django_capture_on_commit_callbacks(execute=True):
        item.published_at = at(dt.date(2026, 7, 2))
        item.save()
    assert stored(published, "310101", JUNE) == 0 and stored(published, "310101", JULY) == 1  # before and after
    with django_capture_on_commit_callbacks(execute=True):
        item.delete()
    assert stored(published, "310101", JULY) == 0 and stored(published, "31", Period.parse("2026")) == 0
    with django_capture_on_commit_callbacks(execute=True):
        InterpretationFactory(is_published=False)  # a draft counts nowhere (and has no date)
    assert IndicatorValue.objects.filter(indicator=published, period_start=dt.date(2026, 8, 1)).count() == 0


def test_only_the_indicators_reading_the_model_are_recomputed(django_capture_on_commit_callbacks):
    done = IndicatorFactory(formula="tasks_done")
    published = IndicatorFactory(formula="interpretations_published", unit="")
    with django_capture_on_commit_callbacks(execute=True):
        TaskFactory(lead_organisation=org("310101002"))
    assert IndicatorValue.objects.filter(indicator=done).count() == 9  # street, district, city × 3 periods
    assert not IndicatorValue.objects.filter(indicator=published).exists()
    assert set(IndicatorValue.objects.values_list("organisation__code", flat=True)) == {"310101002", "310101", "31"}


def test_a_change_rolled_back_with_its_savepoint_does_not_stop_the_others(django_capture_on_commit_callbacks):
    done = IndicatorFactory(formula="tasks_done")
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                TaskFactory(lead_organisation=org("310104"))
                raise RuntimeError
        except RuntimeError:
            pass
        TaskFactory(lead_organisation=org("310101"))
    month = Period.containing("month", timezone.localdate())
    assert stored(done, "310101", month) == 0 and stored(done, "31", month) == 0  # 0 done of 1


def test_milestones_on_time(django_capture_on_commit_callbacks):
    on_time = IndicatorFactory(formula="milestones_on_time")
    task = TaskFactory(lead_organisation=org("310101"))
    with django_capture_on_commit_callbacks(execute=True):
        TaskMilestoneFactory(task=task, due_date=dt.date(2026, 6, 10), reached_at=dt.date(2026, 6, 9))
        late = TaskMilestoneFactory(task=task, due_date=dt.date(2026, 6, 20))
    assert compute_indicator(on_time, org("310101"), JUNE, TODAY) == 50
    assert stored(on_time, "310101", JUNE) == 50 and stored(on_time, "31", JUNE) == 50
    with django_capture_on_commit_callbacks(execute=True):
        late.reached_at = dt.date(2026, 6, 19)
        late.save()
    assert stored(on_time, "310101", JUNE) == 100
    assert compute_indicator(on_time, org("310104"), JUNE, TODAY) is None  # nothing due in Xuhui
    assert indicator_records(on_time, org("310101"), JUNE, TODAY).count() == 2


def test_reports_accepted_counts_in_the_month_of_review(django_capture_on_commit_callbacks):
    accepted = IndicatorFactory(formula="reports_accepted", unit="")
    report = ProgressReportFactory(task=TaskFactory(lead_organisation=org("310101")))
    with django_capture_on_commit_callbacks(execute=True):
        report.status, report.reviewed_at = "accepted", at(dt.date(2026, 6, 3))
        report.save()
    assert stored(accepted, "310101", JUNE) == 1 and stored(accepted, "31", Period.parse("2026-Q2")) == 1
    assert list(indicator_records(accepted, org("31"), JUNE, TODAY)) == [report]


def test_typical_cases_are_the_citys(django_capture_on_commit_callbacks):
    cases = IndicatorFactory(formula="typical_cases_published", unit="")
    count = TypicalCase.objects.count()
    assert compute_indicator(cases, org("31"), JUNE, TODAY) == count
    assert compute_indicator(cases, org("310101"), JUNE, TODAY) is None
    with django_capture_on_commit_callbacks(execute=True):
        TypicalCase.objects.create(path="test/case-x.md", title="测试案例", full_text="……", content_hash="x")
    assert stored(cases, "31", Period.containing("month", timezone.localdate())) == count + 1


def test_a_module_registers_its_own_formula(django_capture_on_commit_callbacks):
    """As the surveys module does: sources, organisation_of and dates_of; the signals connect by themselves."""
    from fazhi.laws.models import MustKnowList

    def records(indicator, organisation, period, today):
        return MustKnowList.objects.filter(
            organisation__path__startswith=organisation.path, created_at__date__gte=period.start
        )

    @register("mustknow_lists", "Must-know lists", sources=("laws.MustKnowList",), records=records)
    def mustknow_lists(indicator, organisation, period, today):
        return Decimal(records(indicator, organisation, period, today).count())

    try:
        assert [f.key for f in formulas_reading("laws.MustKnowList")] == ["mustknow_lists"]
        lists = IndicatorFactory(formula="mustknow_lists", unit="")
        from fazhi.testing.factories import MustKnowListFactory

        with django_capture_on_commit_callbacks(execute=True):
            MustKnowListFactory()
        month = Period.containing("month", timezone.localdate())
        assert stored(lists, "31", month) == 1
    finally:
        FORMULAS.pop("mustknow_lists")


def test_an_unregistered_formula_measures_nothing():
    gone = IndicatorFactory(formula="tasks_done")
    gone.formula = "module_removed"
    assert compute_indicator(gone, org("31"), JUNE, TODAY) is None
    assert indicator_records(gone, org("31"), JUNE, TODAY) is None


def test_drill_down_records_match_the_number():
    done = IndicatorFactory(formula="tasks_done")
    TaskFactory(lead_organisation=org("310101"), status="done", percent=100)
    TaskFactory(lead_organisation=org("310101002"))
    TaskFactory(lead_organisation=org("310104"))
    records = indicator_records(done, org("310101"), JUNE, TODAY)
    assert records.count() == 2 and compute_indicator(done, org("310101"), JUNE, TODAY) == 50
    assert records.model.__name__ == "Task"


def test_computed_values_leave_no_audit_entry_but_the_change_does(django_capture_on_commit_callbacks):
    from django.contrib.contenttypes.models import ContentType

    from fazhi.audit.models import AuditEntry
    from fazhi.supervision.models import Task

    IndicatorFactory()
    with django_capture_on_commit_callbacks(execute=True):
        task = TaskFactory(lead_organisation=org("310101"))
    assert IndicatorValue.objects.count() == 6  # Huangpu and the city × 3 periods
    entries = AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(IndicatorValue))
    assert not entries.exists()
    assert AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(Task), object_id=str(task.pk))
