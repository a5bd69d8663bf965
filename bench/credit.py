"""The credit platform at scale (issue #14, "Performance"): the measures check, its batch, public search by name,
a report PDF and the import of records, each beside a baseline measured in the same run.

Sets up its own installation on PostgreSQL (database ``fazhi_credit_bench`` on 127.0.0.1:5432 by default, or
``--database URL``; the database is dropped and made again unless ``--reuse-database``), COPYs ``--subjects``
subjects (85 % organisations, 15 % natural persons, their ID numbers encrypted with a blind index as the platform
stores them) and ten times as many records (indexes dropped during the COPY and rebuilt), spread over the subjects
with a skew (a few subjects have dozens of records, most a handful, some none), plus list entries and broken
commitments, then measures:

- **the check for one subject** (``fazhi.credit.measures.check``, matter ``permit``, logged as in production):
  p50 / p95 over ``--checks`` random subjects. Target p95 ≤ 20 ms. Baseline: a naive check that loads every record of
  the subject with its item and judges them in Python (what a check without the query's filters would cost);
- **the batch of 100,000** (``check_batch`` + the CSV result file, every check logged): seconds. Target ≤ 10 s.
  Baseline: the single check in a loop over 1,000 subjects, extrapolated to the batch size;
- **public search by name** over Django's test client against ``credit:search?q=``: p50 / p95. Target ≤ 100 ms;
- **a report PDF** (专用信用报告) through ``fazhi.credit.reports.issue_report``: p50 / p95. Target ≤ 2 s;
- **import of records**: measured by ``bench/credit_exchange.py`` (1M ≤ 5 min), which builds its own files.

    .venv/bin/python bench/credit.py --quick              # 20,000 subjects, 200,000 records (~2 minutes)
    .venv/bin/python bench/credit.py                      # 1,000,000 subjects, 10,000,000 records
    .venv/bin/python bench/credit.py --reuse-database     # measure again without generating

The generated subjects and records bypass the services and the audit trail (a backdrop for the measures, with
valid codes and ID numbers that belong to nobody); the checks go through everything.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from pathlib import Path

from benchdb import NAME_FORMS, NAME_TRADES, NAME_WORDS, create_database, migrate_with_reference, pg_dsn
from benchstats import fmt, pct

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "credit"
PG_URL = "postgres://postgres@127.0.0.1:5432/fazhi_credit_bench"
sys.path.insert(0, str(ROOT))


AREAS = ("310101", "310104", "310105", "310106", "310107", "310109", "310110", "310112", "310113", "310115")
#: (catalogue item code, category, share of the records)
ITEMS = (
    ("B-XZCF", "penalty", 45),
    ("B-QS", "tax_arrears", 8),
    ("B-SX", "refused_judgment", 4),
    ("B-JC", "basic", 28),
    ("B-RY", "honour", 15),
)


def env(database: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "fazhi.settings.base",
        "FAZHI_VAR_DIR": str(OUT / "var"),
        "DATABASE_URL": database,
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "THROTTLE_ANON": "1000000/min",
        "THROTTLE_USER": "1000000/min",
        "LOG_LEVEL": "WARNING",
    }


def prepare() -> None:
    migrate_with_reference("organisations", "time limits")
    from fazhi.platform.demo import create_demo_accounts

    create_demo_accounts()


def make_subjects(count: int, rng: random.Random) -> list[tuple[str, str, str, str, str, str, str]]:
    """(kind, name, credit code, encrypted ID number, blind index, key, check) — unique keys."""
    from fazhi.core.pii import blind_index, encrypt
    from fazhi.publicity.demo import id_number, person_name, uscc

    rows, seen = [], set()
    token = encrypt("110101199003070000")  # one token for every person: encryption is not what is measured
    while len(rows) < count:
        area = AREAS[len(rows) % len(AREAS)]
        if rng.random() < 0.85:
            code = uscc(rng, area)
            key = "c" + code
            if key in seen:
                continue
            name = f"上海{rng.choice(NAME_WORDS)}{rng.choice(NAME_TRADES)}{rng.choice(NAME_FORMS)}"
            if rng.random() < 0.6:
                name = name.replace("上海", f"上海{rng.choice(NAME_WORDS)}{rng.choice(NAME_WORDS)}", 1)
            rows.append(("organisation", name, code, "", "", key, "valid"))
        else:
            number = id_number(rng, area)
            index = blind_index(number)
            key = "p" + index[:32]
            if key in seen:
                continue
            rows.append(("person", person_name(rng), "", token, index, key, "valid"))
        seen.add(key)
    return rows


def reference_rows() -> dict[str, object]:
    """The catalogue, two published lists and the measures of the run (through the ORM: a handful of rows)."""
    from django.utils import timezone

    from fazhi.credit.models import Catalogue, CatalogueItem, ListDefinition, Measure
    from fazhi.orgs.models import Organisation

    catalogue, _ = Catalogue.objects.get_or_create(
        version="BENCH", defaults={"title": "基准目录", "status": "published", "published_at": timezone.now()}
    )
    items = {}
    for code, category, _share in ITEMS:
        items[code], _ = CatalogueItem.objects.get_or_create(
            catalogue=catalogue,
            code=code,
            defaults={
                "name": f"基准信息项 {code}",
                "category": category,
                "legal_basis": "上海市社会信用条例第九条",
                "disclosure": "public",
            },
        )
    centre = Organisation.objects.get(code="31-SCJG")
    lists = {}
    for kind, name in (("serious", "严重失信主体名单"), ("abnormal", "经营异常名录")):
        lists[kind], _ = ListDefinition.objects.get_or_create(
            kind=kind,
            name=name,
            defaults={
                "body": centre,
                "entry_conditions": "依法认定",
                "exit_conditions": "期满且已履行",
                "remedies": "行政复议、行政诉讼",
                "legal_basis": "上海市社会信用条例第二十五条",
                "published": True,
            },
        )
    specs = (
        (
            "BM-XK-1",
            "incentive",
            "permit",
            "no_failing",
            None,
            "",
            "优先办理、简化程序",
            "上海市社会信用条例第二十九条",
        ),
        (
            "BM-XK-2",
            "sanction",
            "permit",
            "failing_category",
            None,
            "penalty",
            "重点审查",
            "上海市社会信用条例第三十条",
        ),
        (
            "BM-XK-3",
            "sanction",
            "permit",
            "failing_category",
            None,
            "tax_arrears",
            "限制便利",
            "上海市社会信用条例第三十条",
        ),
        (
            "BM-XK-4",
            "sanction",
            "permit",
            "listed",
            lists["serious"],
            "",
            "限制进入市场",
            "上海市社会信用条例第三十一条",
        ),
        (
            "BM-XK-5",
            "sanction",
            "permit",
            "broken_commitment",
            None,
            "",
            "不适用告知承诺",
            "上海市社会信用条例第三十条",
        ),
        (
            "BM-XK-6",
            "sanction",
            "permit",
            "failing_category",
            None,
            "",
            "列为重点监管对象",
            "上海市社会信用条例第三十条",
        ),
    )
    for code, kind, matter, target, listing, category, means, basis in specs:
        Measure.objects.get_or_create(
            code=code,
            defaults={
                "kind": kind,
                "matter": matter,
                "target": target,
                "target_list": listing,
                "target_category": category,
                "means": means,
                "body": centre,
                "legal_basis": basis,
                "published_at": timezone.now() - dt.timedelta(days=1),
            },
        )
    return {"items": items, "lists": lists, "provider": centre}


def generate(subject_count: int, url: str) -> float:
    import psycopg
    from django.db import connection

    started = time.perf_counter()
    rng = random.Random(2026)
    subjects = make_subjects(subject_count, rng)
    print(f"  {len(subjects):,} subjects made in {time.perf_counter() - started:.0f} s", flush=True)
    refs = reference_rows()
    items = refs["items"]
    lists = refs["lists"]
    provider = refs["provider"]
    item_choices = [items[code].pk for code, _c, share in ITEMS for _ in range(share)]  # type: ignore[index]
    connection.close()
    now = dt.datetime.now(dt.UTC)
    today = dt.date.today()
    with psycopg.connect(pg_dsn(url)) as conn:
        with conn.cursor().copy(
            "COPY credit_subject (created_at, updated_at, kind, name, credit_code, id_number, id_index, key, "
            "code_check) FROM STDIN"
        ) as copy:
            for kind, name, code, token, index, key, check in subjects:
                copy.write_row((now, now, kind, name, code, token, index, key, check))
        conn.commit()
        ids = [row[0] for row in conn.execute("SELECT id FROM credit_subject ORDER BY id").fetchall()]
        print(f"  subjects copied ({time.perf_counter() - started:.0f} s)", flush=True)
        table = "credit_creditrecord"
        indexes = conn.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname NOT IN "
            "(SELECT conname FROM pg_constraint)",
            [table],
        ).fetchall()
        for name, _definition in indexes:
            conn.execute(f'DROP INDEX "{name}"')
        conn.execute(f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS credit_unique_record_source")
        weights = [rng.paretovariate(1.2) for _ in ids]
        count = 10 * len(ids)
        picks = rng.choices(ids, weights=weights, k=count)
        columns = (
            "created_at, updated_at, subject_id, item_id, provider_id, source_system, source_ref, title, summary, "
            "legal_basis, decided_on, act_ended_on, queryable_until, public_until, status, hidden, under_objection, "
            "severe, status_reason"
        )
        with conn.cursor().copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for n, subject in enumerate(picks):
                decided = today - dt.timedelta(days=rng.randrange(7 * 365))
                ended = decided + dt.timedelta(days=rng.randrange(60))
                until = ended + dt.timedelta(days=5 * 365)
                status = "active" if until >= today and rng.random() < 0.93 else "expired"
                copy.write_row(
                    (
                        now,
                        now,
                        subject,
                        rng.choice(item_choices),
                        provider.pk,  # type: ignore[attr-defined]
                        "bench",
                        f"B{n:09d}",
                        "行政处罚决定",
                        "未按规定履行义务",
                        "中华人民共和国食品安全法第一百二十六条",
                        decided,
                        ended,
                        until,
                        decided + dt.timedelta(days=3 * 365),
                        status,
                        rng.random() < 0.03,
                        False,
                        False,
                        "",
                    )
                )
                if n and n % 2_000_000 == 0:
                    print(f"  {n:,} records copied ({time.perf_counter() - started:.0f} s)", flush=True)
        conn.commit()
        print(f"  records copied, building indexes ({time.perf_counter() - started:.0f} s)", flush=True)
        conn.execute("SET maintenance_work_mem = '256MB'")
        conn.execute(
            f"ALTER TABLE {table} ADD CONSTRAINT credit_unique_record_source UNIQUE (source_system, source_ref)"
        )
        for _name, definition in indexes:
            conn.execute(definition)
        with conn.cursor().copy(
            "COPY credit_listentry (created_at, updated_at, listing_id, subject_id, reason, entered_on, exit_reason) "
            "FROM STDIN"
        ) as copy:
            for subject in rng.sample(ids, len(ids) // 100):
                listing = lists["serious" if rng.random() < 0.3 else "abnormal"]  # type: ignore[index]
                copy.write_row((now, now, listing.pk, subject, "依法列入", today - dt.timedelta(days=30), ""))
        with conn.cursor().copy(
            "COPY credit_commitment (created_at, updated_at, subject_id, body_id, matter, content, made_on, kept, "
            "assessed_on) FROM STDIN"
        ) as copy:
            for subject in rng.sample(ids, len(ids) // 200):
                made = today - dt.timedelta(days=400)
                copy.write_row((now, now, subject, provider.pk, "告知承诺", "符合条件", made, False, made))  # type: ignore[attr-defined]
        for name in ("credit_subject", table, "credit_listentry", "credit_commitment"):
            conn.execute(f"ANALYZE {name}")
        conn.commit()
    return time.perf_counter() - started


# --- measures ------------------------------------------------------------------------------------------------


def naive_check(subject: object) -> list[str]:
    """The baseline: every record of the subject with its item, judged in Python."""
    from fazhi.credit.choices import FAILING_CATEGORIES
    from fazhi.credit.models import CreditRecord, ListEntry, Measure

    today = dt.date.today()
    failing = {
        r.item.category
        for r in CreditRecord.objects.filter(subject=subject).select_related("item")
        if r.status == "active"
        and not r.hidden
        and r.queryable_until >= today
        and r.item.category in FAILING_CATEGORIES
    }
    listed = {e.listing_id for e in ListEntry.objects.filter(subject=subject) if e.exited_on is None}
    applied = []
    for m in Measure.objects.filter(matter="permit", published_at__isnull=False):
        if (
            m.target == "failing_category" and (m.target_category in failing or (not m.target_category and failing))
        ) or (m.target == "listed" and m.target_list_id in listed):
            applied.append(m.code)
    return applied


def measure_checks(args: argparse.Namespace, rows: list[tuple[str, str, str]]) -> None:
    from django.contrib.auth import get_user_model

    from fazhi.credit import measures
    from fazhi.credit.models import Subject

    officer = get_user_model().objects.get(username="credit_officer")
    rng = random.Random(7)
    sample_ids = [r[0] for r in rng.sample(rows, min(args.checks, len(rows)))]
    subjects = list(Subject.objects.filter(pk__in=sample_ids))
    for subject in subjects[:10]:  # warm up: grants, measures, connection
        measures.check(subject, "permit", user=officer, purpose="基准预热")
    ours, naive, ours_cpu = [], [], []
    for subject in subjects:
        start, cpu = time.perf_counter(), time.process_time()
        measures.check(subject, "permit", user=officer, purpose="基准：行政许可审查")
        ours.append((time.perf_counter() - start) * 1000)
        ours_cpu.append((time.process_time() - cpu) * 1000)
        start = time.perf_counter()
        naive_check(subject)
        naive.append((time.perf_counter() - start) * 1000)
    REPORT.append(
        ("check, one subject, p50 / p95 (ms)", fmt(ours), fmt(naive) + " (naive)", "p95 ≤ 20", pct(ours, 95) <= 20)
    )
    # the same checks with CREDIT_CHECK_LOG_SYNCHRONOUS_COMMIT = False: what the durable commit (fsync) costs here
    from django.conf import settings

    settings.CREDIT_CHECK_LOG_SYNCHRONOUS_COMMIT = False
    relaxed = []
    for subject in subjects:
        start = time.perf_counter()
        measures.check(subject, "permit", user=officer, purpose="基准：行政许可审查")
        relaxed.append((time.perf_counter() - start) * 1000)
    settings.CREDIT_CHECK_LOG_SYNCHRONOUS_COMMIT = True
    REPORT.append(("  the same, CREDIT_CHECK_LOG_SYNCHRONOUS_COMMIT = False (ms)", fmt(relaxed), "", "", None))
    REPORT.append(("  CPU time of this process per check (ms)", fmt(ours_cpu), "", "", None))

    size = min(args.batch, len(rows))
    identifiers = [r[1] for r in rng.sample(rows, size)]
    start = time.perf_counter()
    measures.check_batch(identifiers, "permit", user=officer, purpose="基准：批量核查（首次）")
    cold = time.perf_counter() - start
    start, cpu = time.perf_counter(), time.process_time()
    result = measures.check_batch(identifiers, "permit", user=officer, purpose="基准：批量核查")
    checked, checked_cpu = time.perf_counter() - start, time.process_time() - cpu
    data = measures.write_csv(result)
    total, total_cpu = time.perf_counter() - start, time.process_time() - cpu
    loop = subjects[: min(1000, len(subjects))]
    start = time.perf_counter()
    for subject in loop:
        measures.check(subject, "permit", user=officer, purpose="基准：逐个核查")
    per_subject = (time.perf_counter() - start) / max(len(loop), 1)
    scaled = total * 100_000 / size
    REPORT.append(
        (
            f"batch of {size:,} (check {checked:.1f} s, first run {cold:.1f} s; + CSV {total - checked:.1f} s, "
            f"{len(data) / 1e6:.1f} MB), s",
            f"{total:.1f}"
            + (f" (→ {scaled:.1f} per 100,000)" if size != 100_000 else "")
            + f"; CPU of this process {total_cpu:.1f} (check {checked_cpu:.1f})",
            f"{per_subject * size:.1f} (single check × {size:,})",
            "100,000 ≤ 10 s",
            scaled <= 10,
        )
    )
    print(f"  batch lines: {result.counts}", flush=True)


def measure_search(rows: list[tuple[str, str, str]]) -> None:
    from django.test import Client
    from django.urls import reverse

    url = reverse("credit:search")
    client = Client()
    rng = random.Random(5)
    names = [r[2] for r in rng.sample(rows, 60) if r[2]]
    queries = [name[2:6] for name in names[:40]] + [name for name in names[40:]]
    for q in queries[:5]:
        client.get(url, {"q": q})
    times = []
    for q in queries:
        start = time.perf_counter()
        response = client.get(url, {"q": q})
        times.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            REPORT.append(("public search by name", f"HTTP {response.status_code}", "", "p95 ≤ 100", False))
            return
    REPORT.append(
        ("public search by name (test client), p50 / p95 (ms)", fmt(times), "", "p95 ≤ 100", pct(times, 95) <= 100)
    )


def measure_report(rows: list[tuple[str, str, str]]) -> None:
    from django.contrib.auth import get_user_model

    from fazhi.credit.models import Subject
    from fazhi.credit.reports import issue_report

    officer = get_user_model().objects.get(username="credit_officer")
    subject = Subject.objects.get(pk=rows[0][0])
    times = []
    for _ in range(5):
        start = time.perf_counter()
        issue_report(
            subject=subject,
            kind="special",
            period_from=dt.date.today() - dt.timedelta(days=3 * 365),
            period_to=dt.date.today(),
            user=officer,
            purpose="基准",
        )
        times.append(time.perf_counter() - start)
    REPORT.append(("report PDF, p50 / p95 (s)", fmt(times), "", "≤ 2 s", pct(times, 95) <= 2))


def measure_import() -> None:
    """The import of the exchange format has its own benchmark (it builds its own files and database)."""
    REPORT.append(("import of records", "see bench/credit_exchange.py", "", "1M ≤ 5 min", None))


REPORT: list[tuple[str, str, str, str, bool | None]] = []


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", default=PG_URL, help="PostgreSQL URL (the database is dropped and re-made)")
    parser.add_argument("--subjects", type=int, default=1_000_000)
    parser.add_argument("--quick", action="store_true", help="20,000 subjects, 200,000 records")
    parser.add_argument("--checks", type=int, default=300, help="single checks timed")
    parser.add_argument("--batch", type=int, default=100_000)
    parser.add_argument("--reuse-database", action="store_true", help="keep the last run's generated data")
    args = parser.parse_args()
    if args.quick:
        args.subjects = 20_000
    OUT.mkdir(parents=True, exist_ok=True)
    os.environ.update(env(args.database))
    if not args.reuse_database:
        create_database(args.database)
    prepare()
    if not args.reuse_database:
        seconds = generate(args.subjects, args.database)
        print(f"generated {args.subjects:,} subjects and {10 * args.subjects:,} records in {seconds:.0f} s", flush=True)
    from fazhi.credit.models import Subject

    rows = [
        (pk, code, name)
        for pk, code, name in Subject.objects.filter(kind="organisation").values_list("pk", "credit_code", "name")
    ]
    measure_checks(args, rows)
    measure_search(rows)
    measure_report(rows)
    measure_import()
    print()
    print("| measure | ours | baseline | target | met |")
    print("| --- | --- | --- | --- | --- |")
    for label, ours, baseline, target, met in REPORT:
        print(f"| {label} | {ours} | {baseline} | {target} | {'—' if met is None else '✓' if met else '✗'} |")


if __name__ == "__main__":
    main()
