"""The annual white paper (白皮书, plan measure (三十)): one year's supervision of the plan as HTML and PDF.

:func:`collect` gathers the year from the records the platform holds (the plan, its tasks and accepted progress
reports, the indicators and the district scorecard, the satisfaction surveys when that module is installed, the
typical cases and good practices staff selected); :func:`render_html` puts it into one Django template
(``reports/whitepaper.html``, printable, ``@page`` rules with page numbers); :func:`render_pdf` sets that HTML with
WeasyPrint and Debian's Noto CJK fonts. The report is written in Chinese whatever the caller's language.

**Decision (figures).** Progress is the leaders' dashboard's (``build_dashboard`` for the city and the year): work
tasks (not delegated further) started by the year's last day, overdue and stalled judged on that day, statuses
today's (the platform keeps no status history). The report adds only what the dashboard does not count: progress
reports accepted in the year (per measure and per month) and the city's indicator values per quarter.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.db.models.functions import ExtractMonth
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from fazhi.core.pdf import FONT_STACK, html_to_pdf
from fazhi.indicators.models import Indicator, IndicatorValue, PeriodKind
from fazhi.indicators.registry import Period
from fazhi.indicators.values import compute_indicator
from fazhi.orgs.models import Organisation
from fazhi.reports import charts
from fazhi.reports.choices import SelectionKind
from fazhi.reports.models import Selection, check_year
from fazhi.supervision.choices import ReportStatus
from fazhi.supervision.dashboard import Dashboard, Progress, build_dashboard
from fazhi.supervision.models import Chapter, Plan, ProgressReport
from fazhi.supervision.scorecard import achievement

REPORT_LANGUAGE = "zh-hans"
SCORECARD_COLUMNS = 6


@dataclass
class Line:
    """One row of a progress table: the dashboard's figures for a group, and the reports accepted in the year."""

    label: str
    progress: Progress
    reports_accepted: int = 0

    @property
    def open_on_schedule(self) -> int:
        """Not done, neither overdue nor stalled."""
        return self.progress.on_schedule

    @property
    def done_share(self) -> int | None:
        p = self.progress
        return round(100 * p.done / p.tasks) if p.tasks else None


@dataclass
class ChapterSection:
    chapter: Chapter
    total: Line
    measures: list[Line]
    measure_objects: list[Any]  # the chapter's Measure records (their text, for chapters without tasks)
    overdue: list[Any]  # dashboard TaskLines of the chapter's overdue tasks
    chart: str = ""


@dataclass
class IndicatorRow:
    indicator: Indicator
    value: Decimal | None
    achievement: int | None  # % of the target reached, capped at 100
    quarters: list[Decimal | None]


@dataclass
class WhitePaper:
    year: int
    plan: Plan
    generated_at: dt.datetime
    as_of: dt.date
    dashboard: Dashboard
    chapters: list[ChapterSection]
    total: Line
    districts: list[Line]
    months: list[int]  # accepted progress reports per month
    indicators: list[IndicatorRow]
    scorecard: list[Any]
    surveys: list[Any] | None  # fazhi.surveys.services.SurveySummary; None: the module is not installed
    cases: list[Selection]
    practices: list[Selection]
    charts: dict[str, str] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def chapter_totals(self) -> list[Line]:
        return [section.total for section in self.chapters]

    @property
    def scorecard_table(self) -> dict[str, Any]:
        """The scorecard's columns that have a value for some district (at most the six weightiest): a page is
        narrower than the console."""
        if not self.scorecard:
            return {"indicators": [], "rows": []}
        cells = self.scorecard[0].cells
        used = [i for i, cell in enumerate(cells) if any(row.cells[i].value is not None for row in self.scorecard)]
        used = sorted(sorted(used, key=lambda i: -cells[i].indicator.weight)[:SCORECARD_COLUMNS])
        return {
            "indicators": [cells[i].indicator for i in used],
            "rows": [(row, [row.cells[i] for i in used]) for row in self.scorecard],
        }


def _accepted_in(plan: Plan, year: int) -> Any:
    return ProgressReport.objects.filter(task__measure__plan=plan, status=ReportStatus.ACCEPTED, reviewed_at__year=year)


def _reports_by_measure(plan: Plan, year: int) -> dict[int, int]:
    return dict(_accepted_in(plan, year).values_list("task__measure__number").annotate(n=Count("pk")).order_by())


def _monthly_reports(plan: Plan, year: int) -> list[int]:
    months = _accepted_in(plan, year).annotate(month=ExtractMonth("reviewed_at"))
    by_month = Counter(dict(months.values_list("month").annotate(n=Count("pk")).order_by()))
    return [by_month.get(month, 0) for month in range(1, 13)]


def _indicators(year: int, city: Organisation, today: dt.date) -> list[IndicatorRow]:
    """The city's value of each indicator for the year and its quarters: stored, else computed by its formula."""
    rows = []
    year_period = Period(PeriodKind.YEAR, dt.date(year, 1, 1))
    quarters = [Period(PeriodKind.QUARTER, dt.date(year, month, 1)) for month in (1, 4, 7, 10)]
    stored = {
        (v.indicator_id, v.period_kind, v.period_start): v.value
        for v in IndicatorValue.objects.filter(organisation=city, period_start__year=year)
    }
    for indicator in Indicator.objects.prefetch_related("measures").order_by("code"):

        def value_for(period: Period, indicator: Indicator = indicator) -> Decimal | None:
            if period.start > today:
                return None  # a quarter still to come
            key = (indicator.pk, period.kind, period.start)
            return stored[key] if key in stored else compute_indicator(indicator, city, period, today)

        value = value_for(year_period)
        score = achievement(indicator, value)
        rows.append(
            IndicatorRow(
                indicator=indicator,
                value=value,
                achievement=round(100 * score) if score is not None else None,
                quarters=[value_for(q) for q in quarters],
            )
        )
    return rows


def _surveys(year: int) -> list[Any] | None:
    """``fazhi.surveys.services.year_summary(year)``, or None when the surveys module is not installed."""
    if not apps.is_installed("fazhi.surveys"):
        return None
    from fazhi.surveys.choices import Audience
    from fazhi.surveys.services import year_summary

    # What the public says first, then the experts' assessment (stable: the service's order within each).
    order = {Audience.POPULATION: 0, Audience.SERVICE: 1, Audience.EXPERT: 2}
    return sorted(year_summary(year), key=lambda summary: order.get(summary.audience, 3))


def collect(year: int, *, today: dt.date | None = None) -> WhitePaper:
    """Everything the white paper shows for one year. Raises ValidationError for a year out of range."""
    year = check_year(year)
    today = today or timezone.localdate()
    timings: dict[str, float] = {}
    started = time.perf_counter()
    plan = Plan.objects.main()
    if plan is None:
        raise ValidationError(_("No plan is loaded: run `fazhi setup` first."))
    period = Period(PeriodKind.YEAR, dt.date(year, 1, 1))
    city = Organisation.objects.filter(parent__isnull=True).order_by("path").first()
    if city is None:
        raise ValidationError(_("No organisations are loaded: run `fazhi setup` first."))
    dashboard = build_dashboard(organisation=city, period=period, today=today)
    timings["dashboard"] = time.perf_counter() - started
    reports = _reports_by_measure(plan, year)
    measures = {m.number: m for m in plan.measures.all()}
    by_number = {int(p.key): p for p in dashboard.by_measure}
    chapter_rows = {int(p.key): p for p in dashboard.by_chapter}
    chapters = []
    for chapter in plan.chapters.all():
        mine = [m for m in sorted(measures.values(), key=lambda m: m.number) if m.chapter_id == chapter.pk]
        lines = [Line(f"{m.label}{m.title}", by_number[m.number], reports.get(m.number, 0)) for m in mine]
        total = Line(str(chapter), chapter_rows[chapter.number], sum(line.reports_accepted for line in lines))
        labels = {line.label for line in lines}
        overdue = [task for task in dashboard.overdue if task.measure in labels]
        chapters.append(ChapterSection(chapter, total, lines, mine, overdue))
    started = time.perf_counter()
    selections = list(Selection.objects.filter(year=year).select_related("case", "organisation", "measure", "task"))
    paper = WhitePaper(
        year=year,
        plan=plan,
        generated_at=timezone.localtime(),
        as_of=dashboard.as_of,
        dashboard=dashboard,
        chapters=chapters,
        total=Line(str(city), dashboard.total, sum(reports.values())),
        districts=[Line(p.label, p) for p in dashboard.by_organisation],
        months=_monthly_reports(plan, year),
        indicators=_indicators(year, city, today),
        scorecard=[row for row in dashboard.scorecard_rows if row.score is not None],
        surveys=_surveys(year),
        cases=[s for s in selections if s.kind == SelectionKind.CASE and s.case_id],
        practices=[s for s in selections if s.kind == SelectionKind.PRACTICE],
        timings=timings,
    )
    timings["indicators, surveys, selections"] = time.perf_counter() - started
    started = time.perf_counter()
    paper.charts = _charts(paper)
    timings["charts"] = time.perf_counter() - started
    return paper


def _charts(paper: WhitePaper) -> dict[str, str]:
    status_series = [
        (_("done"), lambda line: line.progress.done, charts.DONE),
        (_("under way, on schedule"), lambda line: line.open_on_schedule, charts.PROGRESS),
        (_("stalled"), lambda line: line.progress.stalled, charts.PLANNED),
        (_("Overdue"), lambda line: line.progress.overdue, charts.OVERDUE),
    ]

    def split(rows: list[Line]) -> list[tuple[str, list[int], str]]:
        return [(label, [value(line) for line in rows], colour) for label, value, colour in status_series]

    result = {}
    with_tasks = [c for c in paper.chapters if c.total.progress.tasks]
    if with_tasks:
        result["chapters"] = charts.stacked_shares(
            [c.total.label for c in with_tasks], split([c.total for c in with_tasks])
        )
    districts = [line for line in paper.districts if line.progress.tasks]
    if districts:
        result["districts"] = charts.stacked_shares([d.label for d in districts], split(districts))
    for section in paper.chapters:
        rows = [line for line in section.measures if line.progress.tasks]
        if len(rows) >= 2:
            section.chart = charts.stacked_shares([line.label[:18] for line in rows], split(rows), width=6.0)
    if any(paper.months):
        result["months"] = charts.monthly_bars(
            [_("Month %(month)s") % {"month": m} for m in range(1, 13)], paper.months, ylabel=_("reports accepted")
        )
    # A trend needs two quarters at least (a survey held once a year is a single point: its table row says it).
    percent_rows = [
        r for r in paper.indicators if r.indicator.unit == "%" and sum(v is not None for v in r.quarters) >= 2
    ]
    if percent_rows:
        result["indicators"] = charts.lines(
            ["Q1", "Q2", "Q3", "Q4"],
            [(r.indicator.name, r.quarters) for r in percent_rows],
            percent=True,
        )
    if paper.scorecard:
        result["scorecard"] = charts.ranked_bars(
            [row.organisation.short_name or row.organisation.name for row in paper.scorecard],
            [float(row.score) for row in paper.scorecard],
        )
    for survey in paper.surveys or []:
        scales = [q for q in survey.questions if q.satisfied_share is not None]
        if scales:
            survey.chart = charts.ranked_bars(
                [q.text if len(q.text) <= 20 else q.text[:19] + "…" for q in scales],
                [float(q.satisfied_share) for q in scales],
                value_format="%.0f%%",
            )
    return result


def render_html(year: int, *, today: dt.date | None = None) -> str:
    """The white paper as one self-contained, printable HTML document (inline SVG charts, no scripts)."""
    with translation.override(REPORT_LANGUAGE):
        paper = collect(year, today=today)
        return render_to_string("reports/whitepaper.html", {"paper": paper, "fonts": FONT_STACK})


def render_pdf(year: int, *, today: dt.date | None = None) -> bytes:
    """The white paper as PDF."""
    return html_to_pdf(render_html(year, today=today))
