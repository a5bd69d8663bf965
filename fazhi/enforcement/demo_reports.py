"""Demo reports of violations and ratings for 黄浦区 and 徐汇区's 城管执法局 in the demo year (idempotent, through the
services, then dated into the year by ``Backdating``): per district one report answered on time and rated, one
anonymous report answered late, one transferred to the other district and answered there, one rated badly.
The texts are invented."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from fazhi.casework.demo import Backdating, demo_residents, demo_staff_for, demo_time
from fazhi.casework.models import MatterEvent
from fazhi.core.context import acting
from fazhi.enforcement.demo import DEMO_YEAR, DISTRICTS
from fazhi.enforcement.models import ContactRating, EnforcementReport
from fazhi.enforcement.reports import ANSWER, report_answer, report_rate, report_submit, report_transfer
from fazhi.orgs.models import Organisation
from fazhi.workflow.clocks import deadline

STAFF = ("hp_justice", "xh_justice", "office")
#: (what, place, submitted day, [(step, day offset, text)], rating or None, anonymous)
REPORTS: tuple[tuple[str, str, dt.date, list[tuple[str, int, str]], int | None, bool], ...] = (
    (
        "餐馆把桌椅摆到人行道上经营，影响通行",
        "人行道",
        dt.date(DEMO_YEAR, 4, 8),
        [("answer", 3, "已到场核查，责令当场改正，店家已收回桌椅。")],
        5,
        False,
    ),
    (
        "夜间施工噪声扰民，晚上十一点后仍在作业",
        "工地",
        dt.date(DEMO_YEAR, 6, 16),
        [("answer", 9, "已核查，对施工单位立案调查。")],
        None,
        True,
    ),
    (
        "小区门口流动摊贩占道经营",
        "小区门口",
        dt.date(DEMO_YEAR, 9, 1),
        [("transfer", 2, "地点不在本区辖区内。"), ("answer", 6, "已到场核查，摊贩已离开，纳入巡查。")],
        4,
        False,
    ),
    (
        "沿街商铺乱贴小广告",
        "沿街商铺",
        dt.date(DEMO_YEAR, 11, 3),
        [("answer", 4, "已核查，未发现所述情况。")],
        2,
        False,
    ),
)


def create_demo_reports(stdout: Any = None) -> int:
    bodies = list(Organisation.objects.filter(code__in=[f"{d}-CGZF" for d in DISTRICTS]).order_by("code"))
    if (
        len(bodies) != 2
        or EnforcementReport.objects.filter(organisation__in=bodies, created_at__year=DEMO_YEAR).exists()
    ):
        return 0
    if not bodies[0].enforcement_matters.exists():
        return 0
    residents = demo_residents()
    clock = Backdating()
    made = 0
    with transaction.atomic(), acting(source="cli", action="demo.enforcement_reports"):
        for index, body in enumerate(bodies):
            other = bodies[1 - index]
            for n, (what, place, day, steps, score, anonymous) in enumerate(REPORTS):
                reporter = residents[(index * len(REPORTS) + n) % len(residents)]
                submitted = demo_time(day, 9)
                with clock.at(submitted, EnforcementReport, MatterEvent):
                    report = report_submit(
                        user=None if anonymous else reporter,
                        what=what,
                        place=f"{body.parent.name if body.parent else ''}{place}",
                        body=body,
                        district=body.parent,
                        contact_phone=f"1391234{index}{n:03d}" if anonymous else "",
                        consent=anonymous,
                    )
                clock.renumber(report, day)
                received = submitted
                moved: dict[str, Any] = {"clock_started_at": submitted, "clock_started_on": day}
                for step, offset, text in steps:
                    when = demo_time(day + dt.timedelta(days=offset), 16)
                    holder = report.organisation or body
                    staff = demo_staff_for(holder, STAFF)
                    with clock.at(when, MatterEvent, ContactRating):
                        if step == "transfer":
                            report_transfer(report=report, user=staff, to=other, reason=text)
                            moved.update(transferred_at=when, transferred_on_time=True)
                            received = when
                        else:
                            due, _estimated = deadline(ANSWER, received)
                            report_answer(report=report, user=staff, result=text)
                            moved.update(answered_at=when, answered_on_time=when <= due, closed_at=when)
                            moved.update(clock_started_at=None, clock_started_on=None, due_at=None)
                    report.refresh_from_db()
                if score is not None:
                    with clock.at(moved.get("answered_at", submitted), ContactRating):
                        report_rate(report=report, user=reporter, score=score)
                clock.move(report, **moved)
                made += 1
        clock.apply()
    if stdout is not None:
        stdout.write(f"enforcement: {made} demo reports of violations")
    return made
