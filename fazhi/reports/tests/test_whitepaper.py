"""The white paper: a year of demo data in, a PDF that opens, has every chapter and whose Chinese text extracts."""

from __future__ import annotations

import io
import re
import time

import pytest
from django.core.management import CommandError, call_command

from fazhi.casework.models import MatterEvent
from fazhi.core.testing import pdf_text
from fazhi.enforcement.demo import create_demo_enforcement
from fazhi.enforcement.demo_reports import create_demo_reports
from fazhi.hotline.catalogue import load_catalogue
from fazhi.hotline.demo import create_demo_tickets
from fazhi.hotline.models import Ticket
from fazhi.indicators.models import IndicatorKind
from fazhi.notifications.models import Notification
from fazhi.penalties.demo import create_demo_cases
from fazhi.reports.demo import create_demo_year
from fazhi.reports.interpretations_demo import create_demo_interpretations
from fazhi.reports.models import Selection
from fazhi.reports.whitepaper import collect, render_html, render_pdf
from fazhi.suggestions.demo import create_demo_suggestions
from fazhi.suggestions.models import Conversion, Evaluation, Suggestion
from fazhi.supervision.indicator_defaults import load_default_indicators
from fazhi.supervision.models import Chapter, Measure, ProgressReport, TaskMilestone
from fazhi.surveys.demo import create_demo_year_surveys
from fazhi.surveys.models import Response, Survey

pytestmark = pytest.mark.django_db


#: The demo loaders of the year, in the order `fazhi setup --demo` runs them (INSTALLED_APPS order).
def create_demo_enforcement_year(year: int) -> dict[str, int]:
    """Powers, standards and lists (not dated), then the year's penalty cases and reports of violations."""
    return create_demo_enforcement() | create_demo_cases(year) | {"violation_reports": create_demo_reports()}


DEMO_YEAR_LOADERS = (
    create_demo_interpretations,
    create_demo_enforcement_year,
    create_demo_year_surveys,
    create_demo_tickets,
    create_demo_suggestions,
    create_demo_year,
)


@pytest.fixture
def demo_year(demo_users):
    load_default_indicators()
    load_catalogue()
    started = time.perf_counter()
    counts: dict = {}
    for loader in DEMO_YEAR_LOADERS:
        counts |= loader(2025)
    counts["seconds"] = time.perf_counter() - started
    return counts


def test_demo_year_is_plausible_and_idempotent(demo_year):
    assert demo_year["tasks"] > 100 and demo_year["reports"] > 150 and demo_year["selections"] == 7
    accepted = ProgressReport.objects.filter(status="accepted")
    assert accepted.filter(reviewed_at__year=2025).count() == accepted.count()  # dated into the demo year
    assert ProgressReport.objects.filter(status="returned").exists()
    paper = collect(2025)
    assert 0 < paper.total.progress.overdue < paper.total.progress.done
    assert len({month for month, n in enumerate(paper.months) if n}) >= 8  # reports through the year
    assert TaskMilestone.objects.filter(reached_at__year=2025).exists()
    assert TaskMilestone.objects.filter(reached_at__isnull=True).exists()  # the stalled tasks miss theirs
    assert create_demo_year(2025) == {"tasks": 0, "reports": 0, "selections": 0}


def test_demo_year_of_citizen_matters_and_surveys(demo_year):
    assert (
        40 <= demo_year["tickets"] <= 80 and demo_year["reopened"] and demo_year["merged"] and demo_year["late_replies"]
    )
    assert (
        10 <= demo_year["suggestions"] <= 30
        and demo_year["conversions"]
        and demo_year["evaluations"]
        and demo_year["late_answers"]
    )
    assert demo_year["surveys"] == 2 and demo_year["responses"] >= 60
    # Handled to the end, through the services, in the demo year (the tracking numbers name its days).
    assert set(Ticket.objects.values_list("status", flat=True)) == {"closed", "merged"}
    assert set(Suggestion.objects.values_list("status", flat=True)) == {"closed", "declined"}
    for model in (Ticket, Suggestion):
        assert not model.objects.exclude(created_at__year=2025).exists()
        assert not model.objects.exclude(closed_at__year=2025).exists()
        assert not model.objects.exclude(tracking_number__regex=r"^[A-Z]{2}2025").exists()
    assert Ticket.objects.filter(replied_on_time=False).exists() and Ticket.objects.filter(rating__lte=3).exists()
    assert Ticket.objects.filter(reopen_count__gt=0, status="closed").exists()
    assert Suggestion.objects.filter(replied_on_time=False).exists()
    assert not Conversion.objects.exclude(created_at__year=2025).exists()
    assert not Evaluation.objects.exclude(created_at__year=2025).exists()
    assert not MatterEvent.objects.exclude(at__year=2025).exists()  # the histories read as that year's
    assert Notification.objects.filter(title__contains="GD2025").exists()  # renumbered in the messages too
    assert not Notification.objects.filter(title__regex=r"(GD|JY)20(2[6-9])").exists()
    surveys = Survey.objects.filter(title__startswith="2025年度")
    assert set(surveys.values_list("status", flat=True)) == {"closed"}
    assert {s.closes_on.isoformat() for s in surveys} == {"2025-12-31"}
    assert not Response.objects.exclude(created_at__year=2025).exists()
    # A second run adds nothing.
    before = (Ticket.objects.count(), Suggestion.objects.count(), Response.objects.count())
    for loader in DEMO_YEAR_LOADERS[:-1]:
        assert not any(loader(2025).values())
    assert (Ticket.objects.count(), Suggestion.objects.count(), Response.objects.count()) == before


def test_every_formula_indicator_of_the_demo_year_has_a_value(demo_year):
    paper = collect(2025)
    values = {row.indicator.code: row.value for row in paper.indicators}
    formulas = [row for row in paper.indicators if row.indicator.kind == IndicatorKind.FORMULA]
    assert formulas and all(row.value is not None for row in formulas), [r.indicator.code for r in formulas]
    assert 70 <= values["hotline_on_time"] < 100 and 3.5 <= values["hotline_satisfaction"] <= 5
    assert 60 <= values["suggestions_answered_on_time"] < 100 and values["suggestions_converted"] >= 3
    assert 3.5 <= values["suggestions_rating"] <= 5 and 0 < values["milestones_on_time"] < 100
    assert 60 <= values["survey_satisfaction"] < 100 and 60 <= values["expert_satisfaction"] <= 100
    assert values["interpretations_published"] >= 2  # the sample corpus holds three of the four laws
    # The satisfaction chapter: the population survey first, then the experts', each with results and a chart.
    assert [s.audience for s in paper.surveys] == ["population", "expert"]
    for survey in paper.surveys:
        assert survey.response_count >= 10 and survey.chart
        assert all(q.satisfied_share is not None for q in survey.questions if q.satisfaction)
    html = render_html(2025)
    assert "本年度未开展满意度调查" not in html and "2025年度上海市法治社会建设群众满意度测评" in html


def test_pdf_opens_with_every_chapter_and_extractable_chinese(demo_year, tmp_path):
    started = time.perf_counter()
    content = render_pdf(2025)
    seconds = time.perf_counter() - started
    reader, text = pdf_text(content)
    assert len(reader.pages) >= 15
    flat = text.replace(" ", "").replace("\n", "")
    assert "法治社会" in flat
    for chapter in Chapter.objects.all():
        assert f"{chapter.label}、{chapter.title}" in flat, chapter
    assert Measure.objects.get(number=4).title in flat  # 维护宪法权威
    for selection in Selection.objects.filter(year=2025, kind="practice"):
        assert selection.title.replace(" ", "") in flat
    assert "典型案例" in flat and "附录" in flat
    print(f"white paper: {len(reader.pages)} pages, {len(content) // 1024} KiB, {seconds:.1f} s")


def test_html_is_one_printable_document(demo_year):
    html = render_html(2025)
    assert html.startswith("<!doctype html>") and "<script" not in html
    assert "@page" in html and "counter(page)" in html and "Noto Serif CJK SC" in html
    assert html.count("<svg") >= 5  # charts drawn on the server
    assert 'lang="zh-Hans"' in html


def test_year_without_activity_still_reads(demo_users):
    html = render_html(2022)
    assert "本年度未开展满意度调查" in html  # the report is in Chinese whatever the caller speaks
    assert "一、总体要求" in html


def test_command_writes_pdf_and_html(demo_users, tmp_path):
    out = io.StringIO()
    call_command("report_whitepaper", "--year", "2024", "--out", str(tmp_path / "wp.html"), stdout=out)
    assert (tmp_path / "wp.html").read_text().startswith("<!doctype html>")
    call_command(
        "report_whitepaper", "--year", "2024", "--out", str(tmp_path / "wp.bin"), "--format", "pdf", stdout=out
    )
    assert (tmp_path / "wp.bin").read_bytes().startswith(b"%PDF")
    assert "written to" in out.getvalue()


@pytest.mark.parametrize("year", ["2019", "3000", "20x5", ""])
def test_command_refuses_a_year_out_of_range(demo_users, tmp_path, year):
    with pytest.raises(CommandError, match="2021"):
        call_command("report_whitepaper", "--year", year, "--out", str(tmp_path / "wp.pdf"))
    assert not (tmp_path / "wp.pdf").exists()


def test_command_refuses_an_unwritable_path(demo_users, tmp_path):
    # The messages are in the installation's language; each names the path it refuses.
    with pytest.raises(CommandError, match=re.escape(str(tmp_path / "missing"))):
        call_command("report_whitepaper", "--year", "2025", "--out", str(tmp_path / "missing" / "wp.pdf"))
    with pytest.raises(CommandError, match=re.escape(str(tmp_path))):
        call_command("report_whitepaper", "--year", "2025", "--out", str(tmp_path))
    with pytest.raises(CommandError, match=re.escape("fazhi-whitepaper.html")):  # unwritable even for root
        call_command("report_whitepaper", "--year", "2025", "--out", "/proc/fazhi-whitepaper.html")
    assert not list(tmp_path.iterdir())


def test_fazhi_cli_exits_non_zero_on_bad_input(tmp_path):
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "fazhi.cli", "report", "whitepaper", "--year", "1999", "--out", str(tmp_path / "x.pdf")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "2021" in result.stderr


def test_statements_follow_the_data_date_and_quarters_carry_their_unit(demo_users):
    """Issue #20: the foreword said 截至2025年底 … 逾期10项 while task states were as of generation. It now states the
    data date, and that statuses are those recorded when the report was generated, with that date."""
    import datetime as dt
    from decimal import Decimal

    from django.utils import timezone

    from fazhi.indicators.models import Indicator, IndicatorValue
    from fazhi.orgs.models import Organisation
    from fazhi.testing.factories import TaskFactory

    TaskFactory(start_date=dt.date(2025, 1, 1), deadline=dt.date(2025, 6, 30), percent=10)  # overdue by year end
    share = Indicator.objects.create(code="share", name="办结率", target=Decimal(90), unit="%", formula="tasks_done")
    IndicatorValue.objects.create(
        indicator=share,
        organisation=Organisation.objects.get(code="31"),
        period_kind="quarter",
        period_start=dt.date(2025, 4, 1),
        value=Decimal("62.5"),
        computed_at=timezone.now(),
    )
    html = render_html(2025)
    generated = timezone.localdate().isoformat()
    foreword = re.search(r'id="foreword-figures">(.*?)</p>', html, re.S).group(1)
    assert "2025-12-31" in foreword and generated in foreword and "年底" not in foreword
    data_date = re.search(r'id="data-date">(.*?)</p>', html, re.S).group(1)
    assert "2025-12-31" in data_date and generated in data_date
    assert "62.5%</td>" in html  # a quarter's value with its unit
