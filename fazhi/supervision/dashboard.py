"""The leaders' dashboard: how far the plan has come in one organisation's subtree, as of one period.

:func:`build_dashboard` is the one place the figures are computed; the console page, its Excel download, the API
and the annual report all read its :class:`Dashboard`. The figures follow the indicators' definitions
(``fazhi.supervision.indicators``): they count the **work tasks** — tasks led within the organisation's subtree,
not delegated further (a delegated task's progress is its children's; counting both would count twice), started
by the day the period is judged on (its last day, or today while it runs). Overdue and stalled are judged on that
day as the sweep defines them; statuses and percentages are today's (the platform keeps no status history).

Every table comes from a few GROUP BY queries whatever the number of tasks and reports: by measure (folded into
chapters in Python, 30 groups) and by lead organisation (folded into the children of the chosen organisation).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.indicators.models import Indicator, IndicatorKind, IndicatorValue, PeriodKind
from fazhi.indicators.registry import FORMULAS, Period
from fazhi.indicators.values import compute_indicator, queue_values
from fazhi.orgs.choices import OrganisationKind
from fazhi.orgs.models import Organisation
from fazhi.supervision.choices import ReportStatus, TaskStatus
from fazhi.supervision.models import Chapter, Measure, Plan, ProgressReport, Task, overdue_q, stalled_q
from fazhi.supervision.scorecard import Row, is_pending, latest_period_with_data, scorecard

#: How many periods of each kind an indicator trend shows, ending with the chosen period.
TREND_LENGTH = {PeriodKind.MONTH: 12, PeriodKind.QUARTER: 8, PeriodKind.YEAR: 5}
#: At most this many overdue / stalled tasks are listed (their counts are always complete).
TASK_LIST_LIMIT = 50
#: Organisations a dashboard can be opened for: the administrative divisions.
DIVISIONS = (OrganisationKind.CITY, OrganisationKind.DISTRICT, OrganisationKind.STREET)


@dataclass
class Progress:
    """Work tasks of one group (a chapter, a measure, an organisation) and how they stand."""

    key: str  # chapter or measure number, organisation code
    label: str
    tasks: int = 0
    done: int = 0
    overdue: int = 0
    stalled: int = 0
    percent_sum: int = 0  # the sum of the tasks' percentages, so that groups fold exactly

    @property
    def mean_percent(self) -> Decimal | None:
        """The tasks' average percentage complete (None without tasks)."""
        if not self.tasks:
            return None
        return (Decimal(self.percent_sum) / self.tasks).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def on_schedule(self) -> int:
        """Under way on schedule: not done, neither overdue nor stalled. Done, on schedule, overdue and stalled
        split the tasks (a done task is never overdue or stalled), as the ``tasks_on_schedule`` indicator counts."""
        return self.tasks - self.done - self.overdue - self.stalled

    @property
    def unfinished(self) -> int:
        return self.tasks - self.done

    def add(self, other: Progress | dict[str, Any]) -> None:
        get = other.get if isinstance(other, dict) else lambda name: getattr(other, name)
        for name in ("tasks", "done", "overdue", "stalled", "percent_sum"):
            setattr(self, name, getattr(self, name) + (get(name) or 0))

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "mean_percent": self.mean_percent, "on_schedule": self.on_schedule}


@dataclass
class TaskLine:
    """One overdue or stalled task, for the lists."""

    pk: int
    title: str
    measure: str
    lead_organisation: str
    deadline: dt.date
    percent: int
    status: str
    last_accepted: dt.datetime | None  # the latest accepted report by the judging day

    @property
    def url(self) -> str:
        from django.urls import reverse

        return reverse("supervision_console:task", kwargs={"pk": self.pk})


@dataclass
class Trend:
    """One indicator's values for the organisation over the last periods (None: no value stored)."""

    code: str
    name: str
    unit: str
    target: Decimal
    periods: list[str]
    values: list[Decimal | None]
    pending: bool = False  # the chosen period's value is not stored yet: being computed in the background


@dataclass
class Dashboard:
    """Everything the dashboard shows for ``organisation`` in ``period`` (see the module docstring)."""

    organisation: Organisation
    period: Period
    as_of: dt.date  # the day the period is judged on
    total: Progress
    by_chapter: list[Progress]
    by_measure: list[Progress]
    #: The chosen organisation's subtree split by its child divisions (districts of the city, streets of a
    #: district); ``breakdown_label`` names them. The organisation's own row holds the tasks its bodies lead.
    by_organisation: list[Progress]
    breakdown_label: str
    overdue: list[TaskLine]
    stalled: list[TaskLine]
    trends: list[Trend]
    scorecard_indicators: list[Indicator]
    scorecard_rows: list[Row]
    generated_at: dt.datetime = field(default_factory=timezone.now)

    @property
    def pending(self) -> bool:
        """Some indicator value of the period is not stored yet and is being computed in the background."""
        return any(t.pending for t in self.trends) or is_pending(self.scorecard_rows)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready (Decimals and dates stay as they are: DRF and DjangoJSONEncoder write them)."""
        return {
            "organisation": {"code": self.organisation.code, "name": self.organisation.name},
            "period": {"key": str(self.period), "kind": self.period.kind, "start": self.period.start},
            "as_of": self.as_of,
            "total": self.total.as_dict(),
            "by_chapter": [p.as_dict() for p in self.by_chapter],
            "by_measure": [p.as_dict() for p in self.by_measure],
            "breakdown_label": self.breakdown_label,
            "by_organisation": [p.as_dict() for p in self.by_organisation],
            "overdue": [_line_dict(t) for t in self.overdue],
            "stalled": [_line_dict(t) for t in self.stalled],
            "trends": [asdict(t) for t in self.trends],
            "scorecard": [
                {
                    "rank": row.rank,
                    "organisation": {"code": row.organisation.code, "name": row.organisation.name},
                    "score": row.score,
                    "values": {cell.indicator.code: cell.value for cell in row.cells},
                }
                for row in self.scorecard_rows
            ],
            "indicators": [
                {"code": i.code, "name": i.name, "unit": i.unit, "target": i.target, "weight": i.weight}
                for i in self.scorecard_indicators
            ],
            "generated_at": self.generated_at,
            "pending": self.pending,
        }


def _line_dict(line: TaskLine) -> dict[str, Any]:
    return {**asdict(line), "url": line.url}


# --- the queries ---------------------------------------------------------------------------------------------


def work_tasks(organisation: Organisation, as_of: dt.date) -> QuerySet:
    """Tasks led within the subtree, not delegated further, started by ``as_of`` (as the formulas count them)."""
    return Task.objects.filter(
        lead_organisation__path__startswith=organisation.path, children__isnull=True, start_date__lte=as_of
    )


ONE_DAY = dt.timedelta(days=1)


def _midnight(day: dt.date) -> dt.datetime:
    """The start of a local day: comparing the column with it (not its date) keeps SQL functions off every row."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def late_q(as_of: dt.date) -> tuple[Q, Q]:
    """(overdue, stalled) judged on ``as_of``: the definitions of ``supervision.models`` (one for the sweep, the
    indicators and this dashboard). The window's accepted reports are read once (one scan of the reports) and
    reused by every query of the dashboard."""
    return overdue_q(as_of), stalled_q(as_of, materialise=True)


def _aggregates(overdue: Q, stalled: Q) -> dict[str, Any]:
    return {
        "tasks": Count("pk"),
        "done": Count("pk", filter=Q(status=TaskStatus.DONE)),
        "overdue": Count("pk", filter=overdue),
        "stalled": Count("pk", filter=stalled),
        "percent_sum": Sum("percent"),
    }


def _task_lines(tasks: QuerySet, as_of: dt.date) -> list[TaskLine]:
    rows = list(
        tasks.order_by("deadline", "pk").values(
            "pk",
            "title",
            "measure__label",
            "measure__title",
            "lead_organisation__name",
            "deadline",
            "percent",
            "status",
        )[:TASK_LIST_LIMIT]
    )
    last_accepted = dict(  # for the listed tasks only (the filter inside the aggregate: the task index is used)
        ProgressReport.objects.filter(task__in=[r["pk"] for r in rows], reviewed_at__lt=_midnight(as_of + ONE_DAY))
        .values("task")
        .annotate(last=Max("reviewed_at", filter=Q(status=ReportStatus.ACCEPTED)))
        .values_list("task", "last")
        .order_by()
    )
    return [
        TaskLine(
            pk=r["pk"],
            title=r["title"],
            measure=f"{r['measure__label']}{r['measure__title']}",
            lead_organisation=r["lead_organisation__name"],
            deadline=r["deadline"],
            percent=r["percent"],
            status=r["status"],
            last_accepted=last_accepted.get(r["pk"]),
        )
        for r in rows
    ]


def _children(organisation: Organisation) -> list[Organisation]:
    """The divisions directly under the organisation (bodies are counted with the organisation itself)."""
    return list(
        Organisation.objects.filter(parent=organisation, kind__in=DIVISIONS, is_active=True).only(
            "code", "name", "path", "kind"
        )
    )


def _breakdown(
    organisation: Organisation, children: list[Organisation], rows: list[dict[str, Any]]
) -> tuple[list[Progress], str]:
    own = Progress(organisation.code, organisation.name)
    groups = {child.path: Progress(child.code, child.name) for child in children}
    for row in rows:  # one row per lead organisation: a few hundred at most
        path = row["lead_organisation__path"]
        prefix = path[: path.find("/", len(organisation.path)) + 1]
        groups.get(prefix, own).add(row)
    kinds = {child.kind for child in children} if children else set()
    label = OrganisationKind(kinds.pop()).label if len(kinds) == 1 else OrganisationKind.STREET.label
    result = list(groups.values())
    return ([own] if own.tasks else []) + result, str(label)


def _trends(organisation: Organisation, period: Period, today: dt.date, wait: bool = True) -> list[Trend]:
    """Stored values over the last periods. The chosen period's value, when not stored yet, is computed — or with
    ``wait=False`` computed in the background (the trend is then ``pending``)."""
    periods = [period]
    for _step in range(TREND_LENGTH[period.kind] - 1):
        periods.insert(0, Period.containing(period.kind, periods[0].start - dt.timedelta(days=1)))
    indicators = list(Indicator.objects.prefetch_related("measures").order_by("code"))

    def stored_values() -> dict[tuple[int, dt.date], Decimal | None]:
        return {
            (indicator, start): value
            for indicator, start, value in IndicatorValue.objects.filter(
                organisation=organisation,
                period_kind=period.kind,
                period_start__gte=periods[0].start,
                period_start__lte=period.start,
            ).values_list("indicator", "period_start", "value")
        }

    stored = stored_values()
    computable = {i.pk for i in indicators if i.kind == IndicatorKind.FORMULA and i.formula in FORMULAS}
    missing = {pk for pk in computable if (pk, period.start) not in stored}
    if missing and not wait:
        queue_values(period, [organisation])
        stored = stored_values()  # an in-process task backend has stored them already
        missing = {pk for pk in missing if (pk, period.start) not in stored}
    trends = []
    for indicator in indicators:
        values = [stored.get((indicator.pk, p.start)) for p in periods]
        pending = not wait and indicator.pk in missing
        if wait and (indicator.pk, period.start) not in stored:
            values[-1] = compute_indicator(indicator, organisation, period, today)
        trends.append(
            Trend(
                indicator.code,
                indicator.name,
                indicator.unit,
                indicator.target,
                [str(p) for p in periods],
                values,
                pending,
            )
        )
    return trends


def build_dashboard(
    *,
    organisation: Organisation,
    period: Period,
    user: Any = None,
    today: dt.date | None = None,
    wait: bool = True,
) -> Dashboard:
    """The dashboard of ``organisation``'s subtree for ``period``.

    ``user`` narrows the scorecard to the organisations whose indicator values the user may read; without a user
    (the annual report, commands) nothing is narrowed — the caller has already decided what may be shown.
    ``wait=False`` (the pages and the API): indicator values of the period not stored yet are computed in the
    background instead of while the person waits, and shown as pending (``Dashboard.pending``).
    """
    today = today or timezone.localdate()
    as_of = period.as_of(today)
    tasks = work_tasks(organisation, as_of)
    overdue_q, stalled_q = late_q(as_of)
    aggregates = _aggregates(overdue_q, stalled_q)

    plan = Plan.objects.main()
    measures = list(
        Measure.objects.filter(plan=plan).order_by("number").values("pk", "number", "label", "title", "chapter")
    )
    chapters = list(Chapter.objects.filter(plan=plan).order_by("number").values("pk", "number", "label", "title"))
    measure_chapter = {m["pk"]: m["chapter"] for m in measures}
    by_measure = {m["pk"]: Progress(str(m["number"]), f"{m['label']}{m['title']}") for m in measures}
    by_chapter = {c["pk"]: Progress(str(c["number"]), f"{c['label']}、{c['title']}") for c in chapters}
    total = Progress(organisation.code, organisation.name)
    for row in tasks.values("measure").annotate(**aggregates).order_by():
        total.add(row)
        if row["measure"] in by_measure:  # tasks of another plan count in the total only
            by_measure[row["measure"]].add(row)
            by_chapter[measure_chapter[row["measure"]]].add(row)

    children = _children(organisation)
    per_lead = list(tasks.values("lead_organisation__path").annotate(**aggregates).order_by())
    by_organisation, breakdown_label = _breakdown(organisation, children, per_lead)

    districts = Organisation.objects.filter(pk__in=[c.pk for c in children])  # the scorecard ranks these
    if user is not None:
        districts = districts & Organisation.objects.where(user, "indicators.view_indicatorvalue")
    indicators, rows = scorecard(period, districts, today, wait=wait) if children else ([], [])
    if not indicators:
        rows = []
    return Dashboard(
        organisation=organisation,
        period=period,
        as_of=as_of,
        total=total,
        by_chapter=list(by_chapter.values()),
        by_measure=list(by_measure.values()),
        by_organisation=by_organisation,
        breakdown_label=breakdown_label,
        overdue=_task_lines(tasks.filter(overdue_q), as_of),
        stalled=_task_lines(tasks.filter(stalled_q), as_of),
        trends=_trends(organisation, period, today, wait),
        scorecard_indicators=indicators,
        scorecard_rows=rows,
    )


# --- who may open which dashboard ----------------------------------------------------------------------------


def dashboard_organisations(user: Any) -> QuerySet:
    """The divisions whose dashboard the user may open: where they read both tasks and indicator values."""
    return (
        Organisation.objects.where(user, "supervision.view_task")
        .filter(kind__in=DIVISIONS, is_active=True)
        .filter(pk__in=Organisation.objects.where(user, "indicators.view_indicatorvalue").values("pk"))
    )


def default_organisation(user: Any) -> Organisation | None:
    """The widest division the user may open: the city for city-wide roles, the district for district staff."""
    return dashboard_organisations(user).order_by("depth", "path").first()


def resolve_filters(user: Any, organisation: str | None, period: str | None) -> tuple[Organisation, Period]:
    """The dashboard's filters from request input; ValidationError (per field) with a message for the person.
    Without a period: the latest year with data for the organisation (``scorecard.latest_period_with_data``).

    An organisation outside the user's reach is refused like an unknown one, so its existence does not leak.
    """
    errors: dict[str, str] = {}
    chosen = default_organisation(user)
    code = (organisation or "").strip()[:32]
    if code:
        chosen = dashboard_organisations(user).filter(code=code).first()
        if chosen is None:
            errors["organisation"] = _(
                "Unknown organisation %(code)s, or not a district, street or city within your reach."
            ) % {"code": code}
    elif chosen is None:
        errors["organisation"] = _("There is no organisation whose dashboard you may open.")
    chosen_period = None
    if period and period.strip():
        try:
            chosen_period = Period.parse(period[:16])
        except ValueError:  # including years outside the plan's era (Period.parse)
            errors["period"] = _("Give the period as 2025-06 (month), 2025-Q2 (quarter) or 2025 (year).")
    if errors:
        raise ValidationError(errors)
    assert chosen is not None  # else an error was raised
    if chosen_period is None:  # not the current year, where little is measured yet: the latest year with data
        chosen_period = latest_period_with_data(PeriodKind.YEAR, [chosen])
    return chosen, chosen_period


def organisation_choices(user: Any, chosen: Organisation | None) -> list[Organisation]:
    """For the filter: the user's widest divisions and one level below, and the chosen one's children."""
    allowed = dashboard_organisations(user)
    top = allowed.order_by("depth").values_list("depth", flat=True).first()
    if top is None:
        return []
    condition = Q(depth__lte=top + 1)
    if chosen is not None:
        condition |= Q(parent=chosen) | Q(pk=chosen.pk)
    return list(allowed.filter(condition).order_by("path").only("code", "name", "depth", "path"))


# --- Excel ---------------------------------------------------------------------------------------------------


def dashboard_workbook(dashboard: Dashboard) -> bytes:
    """The dashboard's tables, one sheet each (openpyxl). Tasks and values hold no personal data."""
    import io

    from openpyxl import Workbook

    def number(value: Any) -> Any:
        return float(value) if isinstance(value, Decimal) else value

    workbook = Workbook()
    progress_header = [
        _("Number"),
        _("Name"),
        _("Tasks"),
        _("Done"),
        _("Overdue"),
        _("Stalled"),
        _("Under way, on schedule"),
        _("Mean percent complete"),
    ]
    tables: list[tuple[str, list[Any], list[list[Any]]]] = [
        (
            _("Summary"),
            [_("Organisation"), _("Period"), _("Judged on"), *progress_header[2:]],
            [
                [
                    dashboard.organisation.name,
                    str(dashboard.period),
                    dashboard.as_of,
                    *[number(v) for v in _progress_cells(dashboard.total)[2:]],
                ]
            ],
        ),
        (_("By chapter"), progress_header, [_progress_cells(p) for p in dashboard.by_chapter]),
        (_("By measure"), progress_header, [_progress_cells(p) for p in dashboard.by_measure]),
        (
            _("By organisation"),
            [_("Code"), dashboard.breakdown_label, *progress_header[2:]],
            [_progress_cells(p) for p in dashboard.by_organisation],
        ),
    ]
    line_header = [
        _("Task"),
        _("Measure"),
        _("Lead organisation"),
        _("Deadline"),
        _("Percent complete"),
        _("Last accepted report"),
    ]
    for title, lines in ((_("Overdue tasks"), dashboard.overdue), (_("Stalled tasks"), dashboard.stalled)):
        rows = [
            [
                t.title,
                t.measure,
                t.lead_organisation,
                t.deadline,
                t.percent,
                timezone.localtime(t.last_accepted).date() if t.last_accepted else None,
            ]
            for t in lines
        ]
        tables.append((title, line_header, rows))
    periods = dashboard.trends[0].periods if dashboard.trends else []
    tables.append(
        (
            _("Indicator trends"),
            [_("Indicator"), _("Unit"), _("Target"), *periods],
            [[t.name, t.unit, t.target, *t.values] for t in dashboard.trends],
        )
    )
    tables.append(
        (
            _("Scorecard"),
            [_("Rank"), _("Organisation"), _("Score"), *[i.name for i in dashboard.scorecard_indicators]],
            [
                [row.rank, row.organisation.name, row.score, *[cell.value for cell in row.cells]]
                for row in dashboard.scorecard_rows
            ],
        )
    )
    workbook.remove(workbook.active)
    for title, header, rows in tables:
        sheet = workbook.create_sheet(str(title)[:31])
        sheet.append([str(h) for h in header])
        for row in rows:
            sheet.append([number(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _progress_cells(p: Progress) -> list[Any]:
    return [p.key, p.label, p.tasks, p.done, p.overdue, p.stalled, p.on_schedule, p.mean_percent]
