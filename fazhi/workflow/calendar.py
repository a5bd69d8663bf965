"""Working days (工作日) as the State Council's public-holiday schedule makes them, including make-up working
days (调休), from the maintained ``chinesecalendar`` package.

The package knows the years the State Council has announced. A date past them is counted as Monday to Friday,
and the answer says so (``WorkingDays.estimated``) so that no deadline is silently wrong: the clock shows the
warning and ``fazhi workflow recompute`` corrects every open deadline once a newer package is installed.

Counting follows 民法典 第二百零一条 (the day the period starts is not counted) and 第二百零三条 (a period whose
last day is a statutory holiday ends on the first day after it; the last day ends at 24:00).
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import chinese_calendar

#: Dates after the last announced year are counted as weekdays up to this year (far beyond any open clock).
_HORIZON_YEARS = 15


@dataclass(frozen=True, slots=True)
class WorkingDays:
    """A date found by counting working days, and whether the count left the announced schedule."""

    day: dt.date
    estimated: bool  # True: some day counted lies past the years the holiday schedule covers


class Calendar:
    """Working days as a sorted table of ordinals: adding N working days is one binary search and one index."""

    def __init__(self) -> None:
        first_year, last_year = _known_years()
        self.first = dt.date(first_year, 1, 1)
        self.last_known = dt.date(last_year, 12, 31)
        end = dt.date(last_year + _HORIZON_YEARS, 12, 31)
        holidays, make_up = chinese_calendar.constants.holidays, chinese_calendar.constants.workdays
        ordinals: list[int] = []
        for ordinal in range(self.first.toordinal(), end.toordinal() + 1):
            day = dt.date.fromordinal(ordinal)
            # chinese_calendar.is_workday without its per-call range checks: weekdays that are not public holidays,
            # and the weekend days made working days (调休); past the known years, Monday to Friday.
            if (day.weekday() < 5 and day not in holidays) or day in make_up:
                ordinals.append(ordinal)
        self._workdays = ordinals
        self._last_known_ordinal = self.last_known.toordinal()
        # Named public holidays (春节, 国庆节 …) as opposed to ordinary weekends, for 第二百零三条.
        self._holidays = frozenset(d.toordinal() for d, name in chinese_calendar.constants.holidays.items() if name)

    def covers(self, day: dt.date) -> bool:
        """Whether ``day`` lies within the years of the announced schedule."""
        return self.first <= day <= self.last_known

    def is_working_day(self, day: dt.date) -> bool:
        i = bisect.bisect_left(self._workdays, day.toordinal())
        return i < len(self._workdays) and self._workdays[i] == day.toordinal()

    def add_working_days(self, start: dt.date, count: int) -> WorkingDays:
        """The ``count``-th working day after ``start`` (``start`` itself never counts, 第二百零一条)."""
        if count < 0:
            raise ValueError("count must not be negative")
        self._check_range(start)
        if count == 0:
            return WorkingDays(start, start > self.last_known)
        i = bisect.bisect_right(self._workdays, start.toordinal()) + count - 1
        if i >= len(self._workdays):
            raise ValueError(f"{start} + {count} working days lies past the calendar's horizon")
        ordinal = self._workdays[i]
        return WorkingDays(dt.date.fromordinal(ordinal), ordinal > self._last_known_ordinal)

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 when ``end`` ≤ ``start``)."""
        if end <= start:
            return 0
        return bisect.bisect_right(self._workdays, end.toordinal()) - bisect.bisect_right(
            self._workdays, start.toordinal()
        )

    def end_of_calendar_period(self, start: dt.date, days: int) -> WorkingDays:
        """The last day of a period of ``days`` calendar days from ``start``: start + days, moved to the next
        working day when it falls on a statutory holiday (第二百零三条第一款). Weekends that are not part of a holiday
        stay (as the courts count them); a holiday is a day off that the schedule names."""
        self._check_range(start)
        ordinal = start.toordinal() + days
        while ordinal in self._holidays:
            ordinal += 1
        return WorkingDays(dt.date.fromordinal(ordinal), ordinal > self._last_known_ordinal)

    def _check_range(self, day: dt.date) -> None:
        if day < self.first:
            raise ValueError(f"{day} lies before the holiday schedule ({self.first.year})")


def _known_years() -> tuple[int, int]:
    known = chinese_calendar.constants.holidays
    return min(known).year, max(max(known), max(chinese_calendar.constants.workdays)).year


@lru_cache(maxsize=1)
def calendar() -> Calendar:
    """The process's calendar, built once (about 0.1 s)."""
    return Calendar()
