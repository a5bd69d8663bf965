"""Working days, deadlines as the Civil Code counts them, pauses, extensions and the city office's settings."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from fazhi.workflow.calendar import calendar
from fazhi.workflow.clocks import CLOCKS, Clock, Duration, Provision, Unit, deadline
from fazhi.workflow.engine import extend_clock, pause_clock, resume_clock, start_clock
from fazhi.workflow.models import ClockSetting
from fazhi.workflow.services import clock_setting_save

D = dt.date


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def test_working_days_follow_the_holiday_schedule_and_make_up_days():
    cal = calendar()
    assert cal.add_working_days(D(2026, 9, 30), 1).day == D(2026, 10, 8)  # 国庆 1–7 Oct 2026
    assert cal.is_working_day(D(2026, 9, 20))  # a Sunday made a working day (调休)
    assert not cal.is_working_day(D(2026, 10, 5))
    assert cal.add_working_days(D(2026, 9, 19), 1).day == D(2026, 9, 20)
    assert cal.working_days_between(D(2026, 9, 30), D(2026, 10, 8)) == 1


def test_past_the_announced_years_counts_weekdays_and_says_so():
    found = calendar().add_working_days(D(2026, 12, 28), 7)
    assert found.estimated and found.day.weekday() < 5
    assert not calendar().add_working_days(D(2026, 3, 2), 7).estimated


def test_a_calendar_period_ending_on_a_holiday_ends_the_day_after_it():
    # 民法典 第二百零三条: the last day 1 October (国庆) moves past the holiday; first day not counted (第二百零一条).
    assert calendar().end_of_calendar_period(D(2026, 9, 24), 7).day == D(2026, 10, 8)
    assert calendar().end_of_calendar_period(D(2026, 3, 2), 5).day == D(2026, 3, 7)  # an ordinary weekend stays


def test_deadline_ends_at_midnight_and_counts_working_days():
    clock = Clock("test.wd", "decide", Duration(1, Unit.WORKING_DAYS), basis=Provision("上海市社会信用条例", 36))
    due, estimated = deadline(clock, at(D(2026, 9, 30)))
    assert timezone.localtime(due).date() == D(2026, 10, 8) and timezone.localtime(due).hour == 23 and not estimated
    hours = Clock("test.h", "answer", Duration(24, Unit.HOURS), policy_note="policy")
    assert deadline(hours, at(D(2026, 3, 2)))[0] == at(D(2026, 3, 3))


def test_a_policy_clock_must_say_why():
    with pytest.raises(ValueError):
        Clock("test.bad", "x", Duration(3))


class Record:
    """Stands in for a ClockedModel row."""

    clock = ""
    clock_started_at = clock_started_on = clock_paused_at = due_at = clock_amount = None
    clock_extra = clock_extended = 0
    deadline_estimated = False
    is_emergency = False


@pytest.mark.django_db
def test_pause_does_not_count_and_extension_is_bounded(monkeypatch):
    clock = Clock(
        "test.petition",
        "handle",
        Duration(60),
        basis=Provision("信访工作条例", 34),
        max_extension=30,
        extension_basis=Provision("信访工作条例", 34),
    )
    monkeypatch.setitem(CLOCKS, clock.key, clock)
    record = Record()
    start_clock(record, clock, at(D(2026, 3, 2)))
    first = record.due_at
    pause_clock(record, at(D(2026, 3, 10)))
    assert record.due_at is None  # nothing is overdue while time does not count
    resume_clock(record, at(D(2026, 3, 20)))
    assert record.clock_extra == 10 and record.due_at > first
    with pytest.raises(ValidationError):
        extend_clock(record, 10, reason="")  # a reason is required
    extend_clock(record, 20, reason="情况复杂")
    with pytest.raises(ValidationError):
        extend_clock(record, 11, reason="再延")  # past the 30 days the article allows
    assert record.clock_extended == 20


@pytest.mark.django_db
def test_a_statutory_limit_can_only_be_shortened(demo_users):
    clock = Clock("test.statutory", "decide", Duration(7), basis=Provision("法律援助法", 43), emergency=Duration(3))
    office = demo_users["office"]
    with pytest.raises(ValidationError):
        clock_setting_save(clock=clock, amount=8, emergency_amount=None, reason="更宽松", user=office)
    with pytest.raises(ValidationError):
        clock_setting_save(clock=clock, amount=5, emergency_amount=6, reason="快速通道更慢", user=office)
    with pytest.raises(ValidationError):
        clock_setting_save(clock=clock, amount=5, emergency_amount=None, reason=" ", user=office)
    with pytest.raises(PermissionDenied):
        clock_setting_save(clock=clock, amount=5, emergency_amount=None, reason="提速", user=demo_users["hp_justice"])
    clock_setting_save(clock=clock, amount=5, emergency_amount=2, reason="提速", user=office)
    assert ClockSetting.amount_for(clock) == 5 and ClockSetting.amount_for(clock, emergency=True) == 2


@pytest.mark.django_db
def test_every_declared_clock_names_articles_the_library_resolves():
    """The sample corpus carries every law a clock names (fazhi/laws/testing.py); each provision resolves."""
    from fazhi.workflow.provisions import unresolved

    missing = [(c.key, p.citation) for c, p in unresolved() if not c.key.startswith("test.")]
    assert missing == []


def test_provision_citations_read_as_the_statute_writes_them():
    assert Provision("法律援助法", 43).citation == "法律援助法第四十三条"
    assert Provision("上海市人民建议征集若干规定", 11, 2).citation == "上海市人民建议征集若干规定第十一条第二款"
    assert Provision("民事诉讼法", 205).citation == "民事诉讼法第二百零五条"
    assert Provision("民法典", 110).citation == "民法典第一百一十条"


def test_a_period_in_months_ends_on_the_same_day_of_the_month_or_its_last_day():
    """民法典 第二百零二条: 到期月的对应日为期间的最后一日；没有对应日的，为月末日 (and 第二百零三条 past a holiday)."""
    from fazhi.workflow.clocks import units_between

    clock = Clock("test.months", "apply", Duration(3, Unit.MONTHS), basis=Provision("行政强制法", 53))
    at = lambda day: timezone.make_aware(dt.datetime.combine(day, dt.time(12)))  # noqa: E731
    assert deadline(clock, at(dt.date(2025, 3, 14)))[0].date() == dt.date(2025, 6, 14)
    assert deadline(clock, at(dt.date(2025, 11, 30)))[0].date() == dt.date(2026, 2, 28)  # no 30 February
    # 2025-07-01 + 3 months = 2025-10-01, the National Day holiday: the period ends on its first working day after
    assert deadline(clock, at(dt.date(2025, 7, 1)))[0].date() == dt.date(2025, 10, 9)
    assert units_between(Unit.MONTHS, at(dt.date(2025, 1, 10)), at(dt.date(2025, 3, 11))) == 3
    assert str(Duration(3, Unit.MONTHS)) and Unit.MONTHS.label
