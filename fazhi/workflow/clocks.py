"""Clocks: how long a step of a matter may take, as data that names the provision setting it.

A clock is declared once, in the module's ``workflow.py``::

    Clock(
        "legal_aid.decide",
        _("decide on the application"),
        Duration(7, Unit.DAYS),
        basis=Provision("法律援助法", 43),
        competing=(Rule(Provision("上海市法律援助若干规定", 22), Duration(10, Unit.WORKING_DAYS),
                        why=_("A national law prevails over a local regulation (立法法 第九十九条).")),),
    )

``basis`` is the article that sets the limit; a clock without one is a **policy** target (the law says only 及时,
or sets no number) and is labelled so wherever it is shown. ``competing`` records a rule that gives another limit
and why it does not apply. The city office may change a clock's amount in the console (``ClockSetting``): a
policy amount freely, a statutory one only downwards (never past what its article allows).

A step of a workflow starts, stops, pauses, resumes or extends the matter's clock (see ``declaration.Step``);
the matter stores which clock runs, when it started, the units added by pauses and extensions, and the deadline
that results — so staff queues sort by the true deadline with one indexed column.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from dateutil.relativedelta import relativedelta
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from fazhi.workflow.calendar import calendar


class Unit(StrEnum):
    DAYS = "days"  # 日: calendar days, the last one moved past a statutory holiday
    WORKING_DAYS = "working_days"  # 工作日
    HOURS = "hours"
    #: 月: to the same day of the month (民法典 第二百零二条; the month's last day when it has none), moved past a
    #: statutory holiday like a day period (e.g. 行政强制法 第五十三条 三个月).
    MONTHS = "months"

    @property
    def label(self) -> str:
        return str(
            {
                Unit.DAYS: _("days"),
                Unit.WORKING_DAYS: _("working days"),
                Unit.HOURS: _("hours"),
                Unit.MONTHS: _("months"),
            }[self]
        )


@dataclass(frozen=True)
class Duration:
    amount: int
    unit: Unit = Unit.DAYS

    def __str__(self) -> str:
        if self.unit == Unit.WORKING_DAYS:
            return ngettext("%(n)d working day", "%(n)d working days", self.amount) % {"n": self.amount}
        if self.unit == Unit.HOURS:
            return ngettext("%(n)d hour", "%(n)d hours", self.amount) % {"n": self.amount}
        if self.unit == Unit.MONTHS:
            return ngettext("%(n)d month", "%(n)d months", self.amount) % {"n": self.amount}
        return ngettext("%(n)d day", "%(n)d days", self.amount) % {"n": self.amount}


@dataclass(frozen=True)
class Provision:
    """An article of a law in the library, by the title the resolver knows and the article's number."""

    law: str
    article: int
    paragraph: int | None = None

    @property
    def citation(self) -> str:
        """``上海市人民建议征集若干规定第十一条``: the text the law library's resolver resolves."""
        text = f"{self.law}第{_chinese_number(self.article)}条"
        if self.paragraph:
            text += f"第{_chinese_number(self.paragraph)}款"
        return text

    def __str__(self) -> str:
        return f"《{self.law}》{self.citation[len(self.law) :]}"


@dataclass(frozen=True)
class Rule:
    """Another provision that sets a different limit for the same step, and why it does not apply."""

    provision: Provision
    duration: Duration
    why: Any


@dataclass(frozen=True)
class Clock:
    key: str  # "<app>.<what>", unique across the platform; stored on the matter
    label: Any  # what must happen before it runs out: "accept or decline the suggestion"
    duration: Duration
    basis: Provision | None = None  # None: a policy target
    #: Why the value is policy (the law says only 及时, or requires time limits without numbers); shown with it.
    policy_note: Any = ""
    #: The article that asks for the time limit without giving its number (shown as "policy under …").
    policy_under: Provision | None = None
    #: A shorter limit for emergencies (e.g. 第十四条 of the suggestions rules), in the same unit.
    emergency: Duration | None = None
    emergency_basis: Provision | None = None
    #: How far the clock may be extended (same unit), with the provision that allows it; 0: no extension.
    max_extension: int = 0
    extension_basis: Provision | None = None
    competing: tuple[Rule, ...] = ()
    #: Provisions that make time not count (hearings, appraisals, supplementing materials).
    pause_basis: tuple[Provision, ...] = field(default=())

    def __post_init__(self) -> None:
        if self.emergency is not None and self.emergency.unit != self.duration.unit:
            raise ValueError(f"clock {self.key}: the emergency limit must use the clock's unit")
        if self.basis is None and not (self.policy_note or self.policy_under):
            raise ValueError(f"clock {self.key}: a policy clock says why (policy_note or policy_under)")

    @property
    def statutory(self) -> bool:
        return self.basis is not None

    def provisions(self) -> list[Provision]:
        """Every provision the clock names, for resolving and for "cited by" lists."""
        named = [self.basis, self.policy_under, self.emergency_basis, self.extension_basis, *self.pause_basis]
        return [p for p in named if p is not None] + [r.provision for r in self.competing]


def deadline(
    clock: Clock, started_at: dt.datetime, *, amount: int | None = None, extra: int = 0
) -> tuple[dt.datetime, bool]:
    """(deadline, estimated): when a clock started at ``started_at`` runs out, with ``amount`` (default: the
    declared one) plus ``extra`` units from pauses and extensions. Days end at 24:00 local time (民法典 第二百零三条
    第二款); ``estimated`` is True when working days were counted past the announced holiday schedule."""
    units = (clock.duration.amount if amount is None else amount) + extra
    unit = clock.duration.unit
    if unit == Unit.HOURS:
        return started_at + dt.timedelta(hours=units), False
    start_day = timezone.localdate(started_at)
    if unit == Unit.WORKING_DAYS:
        found = calendar().add_working_days(start_day, units)
    elif unit == Unit.MONTHS:
        found = calendar().end_of_calendar_period(start_day + relativedelta(months=units), 0)
    else:
        found = calendar().end_of_calendar_period(start_day, units)
    return end_of_day(found.day), found.estimated


def units_between(unit: Unit, start: dt.datetime, end: dt.datetime) -> int:
    """How many of the clock's units passed between a pause and its resumption (rounded up: a paused part-day
    counts whole, in the matter's favour)."""
    if end <= start:
        return 0
    if unit == Unit.HOURS:
        return math.ceil((end - start).total_seconds() / 3600)
    if unit == Unit.WORKING_DAYS:
        return calendar().working_days_between(timezone.localdate(start), timezone.localdate(end))
    if unit == Unit.MONTHS:  # a paused part-month counts whole
        months = relativedelta(timezone.localdate(end), timezone.localdate(start))
        return months.years * 12 + months.months + (1 if months.days else 0)
    return (timezone.localdate(end) - timezone.localdate(start)).days


def end_of_day(day: dt.date) -> dt.datetime:
    """24:00 of ``day`` in the platform's time zone (one second before, so the day is still ``day``)."""
    return dt.datetime.combine(day, _LAST_SECOND, tzinfo=timezone.get_current_timezone())


_LAST_SECOND = dt.time(23, 59, 59)


def effective_amount(clock: Clock, *, emergency: bool = False) -> int:
    """The amount in force: the city office's setting if one is stored, else the declaration."""
    from fazhi.workflow.models import ClockSetting

    return ClockSetting.amount_for(clock, emergency=emergency)


CLOCKS: dict[str, Clock] = {}


def register_clock(clock: Clock) -> Clock:
    existing = CLOCKS.get(clock.key)
    if existing is not None and existing != clock:
        raise ValueError(f"clock {clock.key} is declared twice")
    CLOCKS[clock.key] = clock
    return clock


def clock_named(key: str) -> Clock:
    return CLOCKS[key]


_DIGITS = "零一二三四五六七八九"


def _chinese_number(n: int) -> str:
    """1–999 in the form statutes use (十一, 二十, 一百零三)."""
    if not 0 < n < 1000:
        raise ValueError(n)
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = ""
    if hundreds:
        out += _DIGITS[hundreds] + "百"
        if rest and tens == 0:
            out += "零"
    if tens:
        out += ("" if tens == 1 and not hundreds else _DIGITS[tens]) + "十"
    if ones:
        out += _DIGITS[ones]
    return out


def describe(clock: Clock, *, amount: int | None = None) -> Promise | str:
    """ "5 days (policy)" / "7 days (法律援助法 第四十三条)"."""
    duration = Duration(clock.duration.amount if amount is None else amount, clock.duration.unit)
    return f"{duration} ({clock.basis})" if clock.basis else f"{duration} ({_('policy')})"
