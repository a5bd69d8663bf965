"""Statutory clocks: how fast a deadline is computed, and how long recomputing every open deadline takes.

    .venv/bin/python bench/clocks.py [--matters 1000000] [--skip-db]

1. In process, no database: ``fazhi.workflow.clocks.deadline`` for a working-day clock (工作日, the holiday table with
   调休) and a calendar-day clock (the last day moved past a statutory holiday), 200,000 calls each, against the
   baseline of adding a ``timedelta`` (what a deadline cost before clocks). Target ≤ 0.05 ms per working-day deadline.
2. PostgreSQL (database ``fazhi_clocks_bench`` on 127.0.0.1:5432, made afresh): ``--matters`` open suggestions with
   running clocks (bulk-loaded with COPY: four clocks, start times spread over 120 days, a tenth on the fast track,
   some extended), then ``recompute_deadlines()`` as after a holiday-table update — once with every deadline stale
   (all rewritten) and once with none stale (all read, nothing written) — against the baseline of one
   ``UPDATE … SET due_at = due_at`` over the same rows. Target ≤ 60 s for one million open matters.

The bulk-loaded rows bypass the services and the audit trail (they are a backdrop, not a workflow).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

from benchstats import pct

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "clocks"
PG_URL = "postgres://postgres@127.0.0.1:5432/fazhi_clocks_bench"
sys.path.insert(0, str(ROOT))


def timed(call, args_list) -> list[float]:
    out = []
    for args in args_list:
        start = time.perf_counter()
        call(*args)
        out.append((time.perf_counter() - start) * 1000)
    return out


def in_process(n: int) -> None:
    from django.utils import timezone

    from fazhi.workflow.calendar import calendar
    from fazhi.workflow.clocks import Clock, Duration, Provision, Unit, deadline

    calendar()  # built once per process (reported below), not per call
    built = time.perf_counter()
    calendar.cache_clear()
    calendar()
    build_ms = (time.perf_counter() - built) * 1000
    working = Clock("bench.wd", "decide", Duration(7, Unit.WORKING_DAYS), basis=Provision("上海市社会信用条例", 36))
    calendar_days = Clock("bench.cd", "decide", Duration(7), basis=Provision("法律援助法", 43))
    rng = random.Random(5)
    base = timezone.make_aware(dt.datetime(2025, 1, 1, 9))
    starts = [(base + dt.timedelta(hours=rng.randrange(2 * 365 * 24)),) for _ in range(n)]
    w = timed(lambda s: deadline(working, s), starts)
    c = timed(lambda s: deadline(calendar_days, s), starts)
    b = timed(lambda s: s + dt.timedelta(days=7), starts)
    print(f"calendar table built once per process in {build_ms:.0f} ms")
    print(f"{'deadline, per call (ms)':44} {'p50':>8} {'p95':>8} {'mean':>8}")
    for label, values in (
        ("working days (target p95 ≤ 0.05)", w),
        ("calendar days, holiday-aware", c),
        ("baseline: start + timedelta(days=7)", b),
    ):
        print(f"{label:44} {pct(values, 50):8.4f} {pct(values, 95):8.4f} {statistics.fmean(values):8.4f}")


def fresh_database() -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS fazhi_clocks_bench WITH (FORCE)")
        conn.execute("CREATE DATABASE fazhi_clocks_bench")


def load_matters(count: int) -> float:
    from django.db import connection
    from django.utils import timezone

    from fazhi.suggestions.models import Suggestion
    from fazhi.workflow.clocks import CLOCKS

    keys = ["suggestions.accept", "suggestions.route", "suggestions.answer", "suggestions.close"]
    status = {"suggestions.accept": "registered", "suggestions.route": "accepted", "suggestions.answer": "routed",
              "suggestions.close": "replied"}  # fmt: skip
    fields = [f for f in Suggestion._meta.concrete_fields if f.column != "id"]
    columns = [f.column for f in fields]
    now = timezone.now()
    rng = random.Random(7)
    start = time.perf_counter()
    batch = 50_000
    with connection.cursor() as cursor:
        for offset in range(0, count, batch):
            rows = []
            for i in range(offset, min(count, offset + batch)):
                key = keys[rng.randrange(4)]
                started = now - dt.timedelta(minutes=rng.randrange(120 * 24 * 60))
                emergency = rng.random() < 0.1
                amount = CLOCKS[key].emergency.amount if emergency else CLOCKS[key].duration.amount
                values = {
                    "created_at": started, "updated_at": started, "tracking_number": f"JYB{i:012d}",
                    "clock": key, "clock_started_at": started, "clock_started_on": timezone.localdate(started),
                    "clock_amount": amount,
                    "clock_extra": rng.choice((0, 0, 0, 5)), "due_at": started, "is_emergency": emergency,
                    "status": status[key], "theme": "基准建议", "facts": "事实", "proposal": "建议",
                    "fingerprint": f"{i:064x}", "moderation": "rejected",
                }  # fmt: skip
                row = []
                for f in fields:
                    if f.column in values:
                        row.append(values[f.column])
                    elif f.has_default():
                        row.append(f.get_default())
                    else:
                        row.append(None if f.null else "")
                rows.append(row)
            with cursor.cursor.copy(f"COPY suggestions_suggestion ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        cursor.execute("ANALYZE suggestions_suggestion")
    return time.perf_counter() - start


def database(count: int) -> None:
    from django.core.management import call_command
    from django.db import connection

    from fazhi.workflow.services import recompute_deadlines

    fresh_database()
    call_command("migrate", interactive=False, verbosity=0)
    print(f"loaded {count:,} open suggestions with running clocks in {load_matters(count):.0f} s")
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE suggestions_suggestion SET due_at = due_at WHERE clock <> ''")
    baseline = time.perf_counter() - start
    start = time.perf_counter()
    stale = recompute_deadlines()
    all_stale = time.perf_counter() - start
    start = time.perf_counter()
    none_stale = recompute_deadlines()
    unchanged = time.perf_counter() - start
    # The usual case: a newer table covers next year; only deadlines counted past the known years can change.
    with connection.cursor() as cursor:
        cursor.execute("UPDATE suggestions_suggestion SET due_at = due_at - interval '1 day' WHERE deadline_estimated")
    start = time.perf_counter()
    estimated = recompute_deadlines(only_estimated=True)
    only_estimated = time.perf_counter() - start
    label = "suggestions.suggestion"
    print(f"{'recompute every open deadline (s)':44} {'seconds':>8}  rows read / changed")
    for name, seconds, report in (
        ("all stale (every row rewritten)", all_stale, stale),
        ("none stale (read, nothing written)", unchanged, none_stale),
        ("after a new year's table: estimated ones", only_estimated, estimated),
    ):
        print(f"{name:44} {seconds:8.1f}  {report.get(label + ' read', 0):,} / {report.get(label + ' changed', 0):,}")
    print(f"{'baseline: UPDATE … SET due_at = due_at':44} {baseline:8.1f}  (every row written once, nothing computed)")
    print("target: ≤ 60 s for one million open matters")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--matters", type=int, default=1_000_000)
    parser.add_argument("--calls", type=int, default=200_000)
    parser.add_argument("--skip-db", action="store_true")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "fazhi.settings.base",
            "FAZHI_VAR_DIR": str(OUT / "var"),
            "DATABASE_URL": PG_URL,
            "DEBUG": "false",
            "LOG_LEVEL": "WARNING",
        }
    )
    import django

    django.setup()
    in_process(args.calls)
    if not args.skip_db:
        database(args.matters)


if __name__ == "__main__":
    main()
