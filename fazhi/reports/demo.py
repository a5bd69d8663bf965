"""A plausible year of supervision for the demo (``fazhi setup --demo``), so the white paper has something to say.

Everything goes through the supervision and reports services as the demo accounts, so the audit trail, the
notifications and the roll-ups are the real ones: the city office sets one task per measure of chapters 二–七 and
delegates it to four districts; each district reports its progress over the months and the office accepts (or
now and then returns) the reports; a few tasks are left behind their deadline. The office then selects typical
cases and good practices. The reports' dates are moved into the demo year afterwards
(:class:`fazhi.casework.demo.Backdating`: the demo's only shortcut), since the services stamp "now".

Idempotent: a year that already has the demo's tasks is left alone. Indicator recomputation after each change is
switched off while the demo is built (it recomputes the *current* periods, not the demo year's, hundreds of
times); the white paper computes the year's values from the records, and the next sweep stores the current ones.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from typing import Any
from unittest import mock

from django.db import transaction
from django.utils import timezone

from fazhi.accounts.models import User
from fazhi.casework.demo import Backdating
from fazhi.core.context import acting
from fazhi.laws.models import TypicalCase
from fazhi.orgs.choices import OrganisationKind
from fazhi.orgs.models import Organisation
from fazhi.reports.choices import SelectionKind
from fazhi.reports.models import Selection
from fazhi.reports.services import selection_save
from fazhi.supervision import services as supervision
from fazhi.supervision.models import Measure, Plan, Task

DEMO_YEAR = 2025
CITY_OFFICE = "31-YFZS"
TITLE = "{year}年度“{title}”重点任务"
DISTRICTS_PER_TASK = 3
MILESTONE = "完成阶段性工作任务"

PROGRESS_TEXTS = (
    "制定工作方案，明确责任分工和时间节点，召开专题推进会。",
    "完成阶段性工作，组织业务培训和专题宣传，收集基层意见建议。",
    "对照规划要求开展自查，整改发现的问题，形成工作台账。",
    "工作全面完成，总结经验做法并报送材料。",
)

PRACTICES = (
    (
        "“法治体检”进园区，助企纾困解难题",
        "310101",
        16,
        "组织律师、公证员、人民调解员组成服务团，走进商务楼宇和产业园区，为企业开展合同管理、劳动用工、"
        "知识产权等方面的“法治体检”，出具体检报告和风险提示。\n全年服务企业三百余家，化解涉企纠纷数十件，"
        "形成“发现问题—提示风险—跟踪整改”的闭环工作机制。",
    ),
    (
        "“一站式”矛盾纠纷调处化解中心",
        "310104",
        22,
        "整合人民调解、行政调解、司法调解和信访接待资源，在街道设立矛盾纠纷调处化解中心，实行“一窗受理、"
        "分类流转、限时办结”。\n群众反映的矛盾纠纷就地受理率明显提高，调解成功率保持在较高水平。",
    ),
    (
        "社区“法治带头人”培育计划",
        "310115",
        19,
        "在居村委会成员、楼组长和志愿者中选拔培育“法治带头人”“法律明白人”，开展分层分类培训，"
        "建立积分激励和动态管理机制。\n带头人参与社区议事协商和普法宣传，成为基层依法治理的骨干力量。",
    ),
    (
        "未成年人网络保护“清朗”行动",
        "310106",
        25,
        "联合网信、公安、教育、市场监管等部门开展专项行动，清理涉未成年人不良信息，"
        "进校园开展网络安全和个人信息保护教育。\n建立家校社协同的网络保护工作机制，受到家长和学校好评。",
    ),
)


def _users() -> dict[str, User]:
    return {u.username: u for u in User.objects.filter(username__in=("admin", "office", "hp_justice", "xh_justice"))}


def _reporter(users: dict[str, User], district: Organisation) -> User:
    # The demo has reviewers for Huangpu and Xuhui; the administrator reports for the other districts.
    return {"310101": users.get("hp_justice"), "310104": users.get("xh_justice")}.get(district.code) or users["admin"]


def create_demo_year(year: int = DEMO_YEAR, stdout: Any = None) -> dict[str, int]:
    """Create the demo year if it is not there yet; returns what was created (all zero on a second run)."""
    counts = {"tasks": 0, "reports": 0, "selections": 0}
    plan = Plan.objects.main()
    users = _users()
    office = Organisation.objects.filter(code=CITY_OFFICE).first()
    if plan is None or office is None or not {"admin", "office"} <= set(users):
        return counts  # no reference data or demo accounts: nothing to build on
    measures = list(Measure.objects.filter(plan=plan, chapter__number__gte=2).select_related("chapter"))
    if Task.objects.filter(lead_organisation=office, title=TITLE.format(year=year, title=measures[0].title)).exists():
        return counts
    started = time.perf_counter()
    rng = random.Random(year)  # the same demo every time
    districts = list(Organisation.objects.filter(kind=OrganisationKind.DISTRICT, is_active=True).order_by("code"))
    today = timezone.localdate()
    clock = Backdating()
    with mock.patch.object(supervision, "schedule_recompute"), transaction.atomic():
        with acting(user=users["office"], source="cli", action="demo.year"):
            for index, measure in enumerate(measures):
                start = dt.date(year, 1 + index % 3, 1)
                # Most tasks are due within the year; some run on into the next (the plan's last stretch).
                deadline = dt.date(year, rng.choice((6, 9, 10, 11, 12)), 30) if index % 3 else dt.date(year + 1, 6, 30)
                parent = supervision.task_create(
                    measure=measure,
                    title=TITLE.format(year=year, title=measure.title),
                    description=measure.text[:300],
                    lead_organisation=office,
                    start_date=start,
                    deadline=deadline,
                    user=users["office"],
                )
                chosen = rng.sample(districts, DISTRICTS_PER_TASK)
                if index % 4 == 0:  # Huangpu and Xuhui, whose reviewers are demo accounts, take part often
                    chosen = [d for d in districts if d.code in ("310101", "310104")] + chosen[:1]
                result = supervision.task_delegate(parent=parent, organisations=chosen, user=users["office"])
                counts["tasks"] += 1 + len(result.created)
                for child in result.created:
                    counts["reports"] += _report_year(child, users, rng, year, today, clock)
        clock.apply()
        counts["selections"] = _selections(year, users["office"], rng)
    if stdout is not None:
        stdout.write(
            f"demo year {year}: {counts['tasks']} tasks, {counts['reports']} progress reports, "
            f"{counts['selections']} white paper selections ({time.perf_counter() - started:.1f} s)"
        )
    return counts


def _report_year(
    task: Task,
    users: dict[str, User],
    rng: random.Random,
    year: int,
    today: dt.date,
    clock: Backdating,
) -> int:
    """A district's reports on its task through the year: rising percentages, mostly accepted."""
    reporter = _reporter(users, task.lead_organisation)
    reviewer = users["office"]
    fate = rng.random()
    if task.deadline.year == year:  # due this year: most are done, the rest fall behind (overdue)
        steps = [50, 100] if fate < 0.8 else [30, 60]
    else:  # running into next year: some done early, most under way, a few stalled
        steps = [40, 100] if fate < 0.2 else [30, 55] if fate < 0.85 else [15]
    # Reports spread from the month after the start to the deadline (done) or December (still under way).
    first = task.start_date.month + 1
    last = task.deadline.month if steps[-1] == 100 and task.deadline.year == year else 12
    if len(steps) == 1:
        last = first + 1  # stalled: one early report, then silence
    months = [first + (last - first) * (i + 1) // len(steps) for i in range(len(steps))]
    if task.pk % 2 == 0:  # every other task sets a milestone for its first stage
        _milestone(task, reporter, year, steps, months, clock)
    made = 0
    for step_index, (percent, month) in enumerate(zip(steps, months, strict=True)):
        with acting(user=reporter):
            report = supervision.report_submit(
                task=task,
                text=PROGRESS_TEXTS[min(step_index, len(PROGRESS_TEXTS) - 1) if percent < 100 else -1],
                percent=percent,
                user=reporter,
            )
        made += 1
        submitted = timezone.make_aware(dt.datetime(year, month, rng.randint(3, 18), 10, 0))
        if rng.random() < 0.1 and percent < 100:  # now and then a report is sent back for more detail
            with acting(user=reviewer):
                supervision.report_review(
                    report=report, decision="return", comment="请补充工作成效的具体数据。", user=reviewer
                )
            clock.move(report, created_at=submitted, reviewed_at=submitted + dt.timedelta(days=3))
            continue
        with acting(user=reviewer):
            supervision.report_review(report=report, decision="accept", comment="", user=reviewer)
        clock.move(report, created_at=submitted, reviewed_at=submitted + dt.timedelta(days=rng.randint(1, 6)))
    return made


def _milestone(task: Task, reporter: User, year: int, steps: list[int], months: list[int], clock: Backdating) -> None:
    """Due with the first report: reached by then as a rule, three weeks late by the tasks that fall behind, never
    by the stalled ones (the milestones indicator)."""
    stalled, behind = len(steps) == 1, steps == [30, 60]  # behind: due this year and falling behind
    # The stalled tasks promised their first stage for a few months after their only report.
    due = dt.date(year, min(months[0] + 3, 12) if stalled else months[0], 25)
    reached = None if stalled else due + dt.timedelta(days=21) if behind else due - dt.timedelta(days=9)
    if reached is not None and reached.year != year:
        reached = None
    with acting(user=reporter):
        milestone = supervision.milestone_add(task=task, title=MILESTONE, due_date=due, user=reporter)
        if reached is not None:
            supervision.milestone_reach(milestone=milestone, on=reached, user=reporter)
    created = timezone.make_aware(dt.datetime(year, task.start_date.month, task.start_date.day, 9, 0))
    updated = timezone.make_aware(dt.datetime(reached.year, reached.month, reached.day, 17, 0)) if reached else created
    clock.move(milestone, created_at=created, updated_at=updated)


def _selections(year: int, office_user: User, rng: random.Random) -> int:
    if Selection.objects.filter(year=year).exists():
        return 0
    made = 0
    with acting(user=office_user):
        cases = list(TypicalCase.objects.order_by("category", "pk"))
        picked = rng.sample(cases, min(3, len(cases)))
        for case in picked:
            selection_save(
                selection=Selection(
                    year=year,
                    kind=SelectionKind.CASE,
                    case=case,
                    summary="该案例释法说理充分，对同类纠纷的依法化解具有示范意义，入选本年度典型案例。",
                ),
                user=office_user,
            )
            made += 1
        for title, code, measure_number, summary in PRACTICES:
            organisation = Organisation.objects.filter(code=code).first()
            if organisation is None:
                continue
            measure = Measure.objects.filter(plan=Plan.objects.main(), number=measure_number).first()
            task = Task.objects.filter(measure=measure, lead_organisation=organisation).first()
            selection_save(
                selection=Selection(
                    year=year,
                    kind=SelectionKind.PRACTICE,
                    title=title,
                    organisation=organisation,
                    summary=summary,
                    measure=measure,
                    task=task,
                ),
                user=office_user,
            )
            made += 1
    return made
