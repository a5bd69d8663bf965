"""Plan supervision at city scale: the dashboard and the scorecard over HTTP, indicator updates, server memory.

Builds a synthetic city in a scratch database — the real 16 districts and 234 streets, 30 measures × 5 city tasks
delegated to every district (≈ 2,500 tasks), monthly progress reports for five years and, all told, one million
records of the models that feed formula indicators — serves it with gunicorn on a loopback port and reports,
each beside a baseline measured in the same run:

- the dashboard page (city and district, stored and past periods), its JSON API and the scorecard, p50/p95 over
  HTTP, beside the organisation-directory endpoint (the platform's own request overhead); target p95 ≤ 1 s;
- the scorecard and dashboards for a period never stored (with the in-process task backend computed inside the
  request; with ``TASKS_BACKEND=django_tasks_db.DatabaseBackend`` answered at once as "being computed");
- one record change (a progress report accepted through the API): the whole request, and from the commit to the
  affected indicator values stored (the server's log line, wall and CPU), beside the full recompute of every
  current value; target ≤ 100 ms;
- resident memory (RSS) of the gunicorn master and workers after the run.

Every figure comes with the gunicorn workers' CPU time per request and the load average (the machine is shared).

The database: SQLite under ``var/bench/supervision/`` by default; PostgreSQL when ``DATABASE_URL`` is given (use a
database of its own: ``--fresh`` drops and recreates it). The data is built once and reused (``--fresh`` rebuilds).

    .venv/bin/python bench/supervision.py [--fresh] [--records 1000000] [--build-only] [--rounds 20]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fazhi_bench_supervision .venv/bin/python bench/supervision.py

**Record generators are pluggable**: one per model that a registered formula reads (``Formula.sources``), in
``GENERATORS``; the million is shared between the generators of the source models present. A module adding a
formula over its records (12345 tickets, suggestions, survey responses) adds its generator with ``@generator``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchstats import pct

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "bench" / "supervision"
BIN = Path(sys.executable).parent
PORT = 8766
TITLE_PREFIX = "[bench] "
MONTHS = 60  # five years of monthly reports, ending this month
TASKS_PER_MEASURE = 5


def bench_env() -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "fazhi.settings.base",
        "FAZHI_VAR_DIR": str(OUT / "var"),
        "DATABASE_URL": os.environ.get("DATABASE_URL") or f"sqlite:///{OUT / 'fazhi.sqlite3'}",
        "THROTTLE_ANON": "100000/min",
        "THROTTLE_USER": "100000/min",
    }


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def cpu_ms(pids: list[int]) -> float:
    """User + system CPU time of these processes so far (ms)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total * 1000 / ticks


def load() -> str:
    return f"{os.getloadavg()[0]:.1f}"


def children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def fresh_database() -> None:
    url = bench_env()["DATABASE_URL"]
    if url.startswith("sqlite"):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{OUT / 'fazhi.sqlite3'}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    name = url.rsplit("/", 1)[1].split("?")[0]
    if not re.fullmatch(r"[A-Za-z0-9_]+", name) or name in ("postgres", "template0", "template1"):
        raise SystemExit(f"refusing to drop database {name!r}: give the benchmark a database of its own")
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


# --- the synthetic city ----------------------------------------------------------------------------------------


@dataclass
class World:
    """What the generators build on: the leaf tasks (each with its lead organisation loaded) and the months."""

    today: dt.date
    tasks: list[Any] = field(default_factory=list)  # work tasks: the district tasks, not delegated further
    quiet: set[int] = field(default_factory=set)  # tasks whose reports stop three months ago (stalled)
    rng: random.Random = field(default_factory=lambda: random.Random(2025))

    def months(self) -> list[dt.date]:
        first = self.today.replace(day=1)
        out = []
        for back in range(MONTHS - 1, -1, -1):
            year, month = divmod(first.year * 12 + first.month - 1 - back, 12)
            out.append(dt.date(year, month + 1, 1))
        return out


@dataclass(frozen=True)
class Generator:
    label: str  # the model a formula reads ("supervision.ProgressReport")
    generate: Callable[[World, int], int]  # (world, how many) → how many were made


GENERATORS: dict[str, Generator] = {}


def generator(label: str) -> Callable:
    def decorator(func: Callable[[World, int], int]) -> Callable[[World, int], int]:
        GENERATORS[label] = Generator(label, func)
        return func

    return decorator


def bulk_insert(model: Any, objects: list[Any]) -> None:
    """Insert through the plain manager: a synthetic load is not a change anyone made, so it leaves no audit entry
    (the audited ``bulk_create`` with the audit suppressed still composed each record's snapshot: 3× slower)."""
    model._base_manager.bulk_create(objects, batch_size=2000)


def build_tasks(world: World) -> None:
    """30 measures × 5 city tasks led by the city office, each delegated to the 16 districts."""
    from fazhi.orgs.models import Organisation
    from fazhi.supervision.choices import TaskStatus
    from fazhi.supervision.models import Measure, Plan, Task

    rng = world.rng
    office = Organisation.objects.get(code="31-YFZS")
    districts = list(Organisation.objects.filter(kind="district", is_active=True).order_by("path"))
    measures = list(Measure.objects.filter(plan=Plan.objects.main()).order_by("number"))
    start = world.months()[0]
    parents = []
    for measure in measures:
        for n in range(1, TASKS_PER_MEASURE + 1):
            deadline = dt.date(2025, 12, 31) if rng.random() < 0.4 else dt.date(world.today.year, 12, 31)
            parents.append(
                Task(
                    measure=measure,
                    title=f"{TITLE_PREFIX}{measure.number}.{n} {measure.title[:60]}",
                    lead_organisation=office,
                    start_date=start + dt.timedelta(days=rng.randrange(0, 180)),
                    deadline=deadline,
                    status=TaskStatus.IN_PROGRESS,
                )
            )
    bulk_insert(Task, parents)
    leaves = []
    for parent in parents:
        for district in districts:
            done = rng.random() < 0.35
            percent = 100 if done else rng.randrange(5, 96)
            leaves.append(
                Task(
                    measure=parent.measure,
                    title=parent.title,
                    lead_organisation=district,
                    start_date=parent.start_date,
                    deadline=parent.deadline,
                    parent=parent,
                    status=TaskStatus.DONE if done else TaskStatus.IN_PROGRESS,
                    percent=percent,
                )
            )
    bulk_insert(Task, leaves)
    world.tasks = leaves
    world.quiet = {t.pk for t in leaves if t.status != TaskStatus.DONE and rng.random() < 0.1}


@generator("supervision.ProgressReport")
def progress_reports(world: World, count: int) -> int:
    """Reports on every work task, every month since it started: the last of a month accepted, the others returned;
    this month's are still waiting for review. A tenth of the unfinished tasks went quiet three months ago."""
    from django.utils import timezone

    from fazhi.supervision.choices import ReportStatus
    from fazhi.supervision.models import ProgressReport

    months = world.months()
    slots = [(task, month) for task in world.tasks for month in months if month >= task.start_date.replace(day=1)]
    slots = [(t, m) for t, m in slots if not (t.pk in world.quiet and m > months[-4])]
    per_slot, extra = divmod(count, len(slots))
    rng, made, batch = world.rng, 0, []
    this_month = months[-1]
    for index, (task, month) in enumerate(slots):
        n = per_slot + (1 if index < extra else 0)
        share = (months.index(month) + 1) / len(months)
        for k in range(n):
            last = k == n - 1
            if month == this_month:
                status, reviewed = ReportStatus.SUBMITTED, None
            else:
                status = ReportStatus.ACCEPTED if last else ReportStatus.RETURNED
                day = min(28, 2 + k * 3 + rng.randrange(0, 3))
                reviewed = timezone.make_aware(dt.datetime(month.year, month.month, day, 10, rng.randrange(60)))
            batch.append(
                ProgressReport(
                    task=task,
                    organisation=task.lead_organisation,
                    text=f"{month:%Y年%m月}工作进展 {k + 1}",
                    percent=min(task.percent, round(task.percent * share)),
                    status=status,
                    reviewed_at=reviewed,
                    review_comment="" if status != ReportStatus.RETURNED else "请补充材料",
                )
            )
        if len(batch) >= 20000:
            bulk_insert(ProgressReport, batch)
            made, batch = made + len(batch), []
    bulk_insert(ProgressReport, batch)
    return made + len(batch)


def ensure_history(today: dt.date) -> str:
    """Last year's values of the city and the districts, as the daily sweep stored them while the year ran —
    unless they are there already. Returns what it did and how long it took (wall / CPU)."""
    from fazhi.indicators.models import IndicatorValue
    from fazhi.indicators.registry import Period
    from fazhi.indicators.values import recompute
    from fazhi.orgs.models import Organisation

    last_year = Period("year", dt.date(today.year - 1, 1, 1))
    organisations = list(Organisation.objects.filter(code="31") | Organisation.objects.filter(kind="district"))
    stored = IndicatorValue.objects.filter(period_kind=last_year.kind, period_start=last_year.start)
    if stored.filter(organisation__in=organisations).exists():
        return "stored before"
    wall, cpu = time.perf_counter(), time.process_time()
    count = recompute(organisations, today, periods=[last_year])
    return f"{count} stored in {time.perf_counter() - wall:.1f} s ({time.process_time() - cpu:.1f} s CPU)"


def analyse() -> None:
    """What autovacuum does to a table that has grown, done at once after the bulk load: without planner statistics
    and the visibility map, PostgreSQL's counts scan the heap (≈ 2× slower) until autovacuum gets round to it."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def build(records: int) -> dict[str, Any]:
    """The synthetic city, unless it is already there. Returns what was built and how long it took."""
    from django.core.management import call_command
    from django.utils import timezone

    from fazhi.core.setup import REFERENCE_LOADERS
    from fazhi.indicators.registry import FORMULAS
    from fazhi.platform.demo import create_demo_accounts
    from fazhi.supervision.models import ProgressReport, Task

    call_command("migrate", interactive=False, verbosity=0)
    if Task.objects.filter(title__startswith=TITLE_PREFIX).exists():
        return {"reused": True, "tasks": Task.objects.count(), "reports": ProgressReport.objects.count()}
    started = time.perf_counter()
    for loader in REFERENCE_LOADERS:
        if loader.name != "laws":  # the law corpus plays no part here (bench/law_platform.py measures it)
            loader.load(io.StringIO())
    create_demo_accounts()
    world = World(today=timezone.localdate())
    build_tasks(world)
    sources = {label for formula in FORMULAS.values() for label in formula.sources} or {"supervision.ProgressReport"}
    present = [GENERATORS[label] for label in sorted(sources) if label in GENERATORS]
    made: dict[str, int] = {}
    for index, gen in enumerate(present):
        share = records // len(present) + (1 if index < records % len(present) else 0)
        made[gen.label] = gen.generate(world, share)
    analyse()
    return {
        "reused": False,
        "seconds": time.perf_counter() - started,
        "tasks": Task.objects.count(),
        "records": made,
        "without_generator": sorted(sources - set(GENERATORS)),
    }


# --- measuring ---------------------------------------------------------------------------------------------------


def http_times(session: Any, path: str, rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        response = session.get(f"http://127.0.0.1:{PORT}{path}", timeout=120)
        times.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{path}: HTTP {response.status_code}")
    return times


def log_in(username: str) -> Any:
    import requests

    from fazhi.platform.demo import DEMO_PASSWORD

    session = requests.Session()
    url = f"http://127.0.0.1:{PORT}/accounts/login/"
    form = session.get(url, timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    session.post(
        url,
        data={"csrfmiddlewaretoken": token, "username": username, "password": DEMO_PASSWORD},
        headers={"Referer": url},
        timeout=30,
    )
    return session


RECOMPUTED = re.compile(r"indicator values recomputed after a commit: (\d+) in ([\d.]+) ms \(([\d.]+) ms CPU\)")


def record_changes(rounds: int, server_log: Path) -> dict[str, Any]:
    """Accept waiting reports through the API, one at a time; each time check that the district's and the city's
    accepted-reports value for this month went up by one. Returns the request times, the server's own figure from
    the commit to the values stored (wall and CPU, from its log line) and how many values moved."""
    import requests
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    from fazhi.accounts.models import User
    from fazhi.indicators.models import Indicator, IndicatorValue
    from fazhi.indicators.registry import Period
    from fazhi.orgs.models import Organisation
    from fazhi.supervision.models import ProgressReport

    token, _created = Token.objects.get_or_create(user=User.objects.get(username="office"))
    headers = {"Authorization": f"Token {token.key}"}
    month = Period.containing("month", timezone.localdate())
    counter = Indicator.objects.filter(formula="reports_accepted").first()
    city = Organisation.objects.get(code="31")

    def value(organisation: Any) -> Any:
        stored = IndicatorValue.objects.filter(
            indicator=counter, organisation=organisation, period_kind="month", period_start=month.start
        ).first()
        return stored.value if stored else None

    waiting = list(
        ProgressReport.objects.filter(status="submitted", task__title__startswith=TITLE_PREFIX)
        .select_related("task__lead_organisation")
        .order_by("pk")[:rounds]
    )
    result: dict[str, Any] = {"http": [], "wall": [], "cpu": [], "values": [], "moved": 0}
    for report in waiting:
        district = report.task.lead_organisation
        before = (value(district), value(city))
        seen = server_log.stat().st_size
        start = time.perf_counter()
        response = requests.post(
            f"http://127.0.0.1:{PORT}/api/v1/progress-reports/{report.pk}/steps/accept/",
            json={"comment": "同意"},
            headers=headers,
            timeout=120,
        )
        result["http"].append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"review: HTTP {response.status_code} {response.text[:200]}")
        with server_log.open("rb") as handle:
            handle.seek(seen)
            for match in RECOMPUTED.finditer(handle.read().decode("utf-8", "replace")):
                result["values"].append(int(match[1]))
                result["wall"].append(float(match[2]))
                result["cpu"].append(float(match[3]))
        after = (value(district), value(city))
        if counter is not None and all(b is not None and a == b + 1 for a, b in zip(after, before, strict=True)):
            result["moved"] += 1
    return result


def forget(period_text: str) -> None:
    """Delete the stored values of a period (all organisations): the next page asks for a period never stored."""
    from fazhi.indicators.models import IndicatorValue
    from fazhi.indicators.registry import Period

    period = Period.parse(period_text)
    IndicatorValue._base_manager.filter(period_kind=period.kind, period_start=period.start).delete()


def full_recompute() -> tuple[float, float]:
    """Every current value recomputed (the sweep's work): wall and CPU time (ms)."""
    from fazhi.supervision.indicators import recompute_all

    wall, cpu = time.perf_counter(), time.process_time()
    count = recompute_all()
    figures = (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000
    print(f"full recompute: {count} values in {figures[0]:.0f} ms ({figures[1]:.0f} ms CPU), load {load()}", flush=True)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--fresh", action="store_true", help="rebuild the synthetic city from an empty database")
    parser.add_argument("--records", type=int, default=1_000_000, help="records feeding formula indicators")
    parser.add_argument("--build-only", action="store_true", help="build (or reuse) the city, store history, stop")
    parser.add_argument("--rounds", type=int, default=20, help="requests per measured page")
    parser.add_argument("--changes", type=int, default=20, help="record changes measured")
    parser.add_argument(
        "--no-full-recompute",
        action="store_true",
        help="skip the baseline full recompute (it also stores the current values: without it only last year's "
        "pages, whose values the build stored, are measured)",
    )
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    if args.fresh:
        fresh_database()
    os.environ.update(bench_env())
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    built = build(args.records)
    from django.conf import settings

    backend = settings.TASKS["default"]["BACKEND"].rsplit(".", 1)[1]
    print(f"database: {connection.vendor}; task backend: {backend}; data: {built}", flush=True)
    print(f"last year's values: {ensure_history(timezone.localdate())}", flush=True)
    if args.build_only:
        return
    baseline_recompute = None if args.no_full_recompute else full_recompute()  # stores the current values too
    today = timezone.localdate()
    year, month, quarter = str(today.year), f"{today:%Y-%m}", f"{today.year}-Q{(today.month - 1) // 3 + 1}"
    rows: list[tuple[str, str, str, str, str, str]] = []

    server_log = OUT / "gunicorn.log"
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "fazhi.wsgi", "-w", "2", "-b", f"127.0.0.1:{PORT}", "--preload", "--timeout", "300"],
        env=bench_env(),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=server_log.open("wb"),
    )
    try:
        import requests

        for _ in range(120):
            try:
                requests.get(f"http://127.0.0.1:{PORT}/api/v1/organisations/", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        workers = children(server.pid)
        leader = log_in("leader")
        base = http_times(leader, "/api/v1/organisations/?kind=district", args.rounds)
        baseline = f"{statistics.median(base):.0f} / {pct(base, 95):.0f}"
        dashboard, scorecard = "/console/supervision/dashboard/", "/console/supervision/scorecard/"
        pages = [
            ("dashboard city, this year", f"{dashboard}?organisation=31&period={year}"),
            ("dashboard city, this month", f"{dashboard}?organisation=31&period={month}"),
            ("dashboard Huangpu by street, quarter", f"{dashboard}?organisation=310101&period={quarter}"),
            ("dashboard city, last year", f"{dashboard}?organisation=31&period={today.year - 1}"),
            ("dashboard API (JSON), city, this year", f"/api/v1/supervision-dashboard/?organisation=31&period={year}"),
            ("scorecard, this month", f"{scorecard}?period={month}"),
            ("scorecard, last year", f"{scorecard}?period={today.year - 1}"),
            ("scorecard Huangpu's streets, this month", f"{scorecard}?period={month}&district=310101"),
        ]
        if args.no_full_recompute:
            pages = [page for page in pages if "last year" in page[0]]
        for name, path in pages:
            http_times(leader, path, 2)  # warm both workers
            cpu = cpu_ms(workers)
            times = http_times(leader, path, args.rounds)
            figures = f"{statistics.median(times):.0f} / {pct(times, 95):.0f}"
            cpu_each = (cpu_ms(workers) - cpu) / len(times)
            rows.append((f"{name} p50 / p95 (ms)", figures, f"{cpu_each:.0f}", load(), baseline, "p95 ≤ 1000"))
        # A period never stored: each round forgets the period's values first. With the in-process task backend
        # (the bench's, and development's) the page computes them inside the request; with the database backend
        # (production) it answers at once, says the values are being computed, and the worker stores them.
        never = f"{today.year - 1}-Q4"
        for name, path in (
            (f"scorecard, {never} never stored", f"{scorecard}?period={never}"),
            (f"dashboard city, {never} never stored", f"{dashboard}?organisation=31&period={never}"),
            (f"dashboard Huangpu, {never} never stored", f"{dashboard}?organisation=310101&period={never}"),
        ):
            times, cpu_total = [], 0.0
            for _round in range(max(3, args.rounds // 4)):
                forget(never)
                cpu = cpu_ms(workers)
                times += http_times(leader, path, 1)
                cpu_total += cpu_ms(workers) - cpu
            figures = f"{statistics.median(times):.0f} / {pct(times, 95):.0f}"
            rows.append(
                (f"{name} p50 / p95 (ms)", figures, f"{cpu_total / len(times):.0f}", load(), baseline, "p95 ≤ 1000")
            )
        changes = record_changes(args.changes, server_log)
        http, wall, cpu = changes["http"], changes["wall"], changes["cpu"]
        rows.append(
            (
                "report accepted, whole API request p50 / p95 (ms)",
                f"{statistics.median(http):.0f} / {pct(http, 95):.0f}",
                "—",
                load(),
                f"{baseline_recompute[0]:.0f} (full)" if baseline_recompute is not None else "—",
                "report",
            )
        )
        if wall:
            rows.append(
                (
                    f"commit → {statistics.median(changes['values']):.0f} values stored, p50 / p95 (ms)",
                    f"{statistics.median(wall):.0f} / {pct(wall, 95):.0f}",
                    f"{statistics.median(cpu):.0f} / {pct(cpu, 95):.0f}",
                    load(),
                    "—",
                    "≤ 100",
                )
            )
        rows.append(
            ("indicator values moved (district and city)", f"{changes['moved']} / {len(http)}", "—", load(), "—", "all")
        )
        memory = " / ".join(f"{rss_mb(p):.0f}" for p in [server.pid, *workers])
        rows.append(("RSS master / workers (MB)", memory, "—", load(), "—", "report"))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'fazhi':>14}  {'CPU ms':>9}  {'load':>5}  {'baseline':>14}  target")
    for name, ours, cpu_text, load_text, baseline_text, target in rows:
        print(f"{name:<{width}}  {ours:>14}  {cpu_text:>9}  {load_text:>5}  {baseline_text:>14}  {target}")
    print("CPU ms: the gunicorn workers' CPU per request (for the commit → stored row: the recompute's own CPU).")


if __name__ == "__main__":
    main()
