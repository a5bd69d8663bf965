"""Published enforcement decisions at scale: public search, entity history, CSV download and import.

Sets up its own installation on PostgreSQL (database ``fazhi_publicity_bench`` on 127.0.0.1:5432 by default, or
``--database URL``), bulk-loads ``--decisions`` published decisions over ``--entities`` entities (COPY, indexes
built afterwards), serves it with gunicorn on a loopback port and reports, beside a baseline measured in the same
run:

- public search over HTTP, a mix of criteria (part of a company's name, a credit code, district + kind + year,
  violation + district, body + month, legal basis + year), each page with its four facets: p50 / p95 vs. the same
  queries in SQL with index scans switched off (sequential scans: what the page would cost without its indexes).
  Target p95 ≤ 150 ms;
- per-entity history over HTTP: p50 / p95 vs. its query without indexes. Target ≤ 100 ms;
- CSV download of 100,000 rows (a district and the date range that gives that many): time and the peak RSS of the
  gunicorn worker that served it vs. building the same CSV in memory in this process. Target ≤ 200 MB;
- import of 100,000 decisions through ``fazhi publicity import`` (the real importer: rules, audit entries), then the
  same file again (idempotent: nothing changes) vs. ``publish_decision`` row by row on 2,000 rows, extrapolated.
  Target ≤ 2 minutes.

    .venv/bin/python bench/publicity.py [--decisions 2000000] [--entities 200000] [--reuse-database]

The bulk-loaded decisions bypass the services and the audit trail (a backdrop for the measures, generated with
valid credit codes and ID numbers that belong to nobody); the imported ones go through everything.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import io
import os
import random
import resource
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

from benchdb import NAME_FORMS, NAME_TRADES, NAME_WORDS, create_database, migrate_with_reference, pg_dsn
from benchstats import fmt

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "publicity"
BIN = Path(sys.executable).parent
PORT = 8773
PG_URL = "postgres://postgres@127.0.0.1:5432/fazhi_publicity_bench"
sys.path.insert(0, str(ROOT))

# (violation, citation of the penalty article, penalty types, fine range)
CASES = (
    ("经营超过保质期的食品", "食品安全法第一百二十四条", "fine,confiscation", (50000, 100000)),
    ("发布虚假广告，欺骗、误导消费者", "广告法第五十五条", "fine", (200000, 400000)),
    ("销售的商品中掺杂、掺假，以假充真", "消费者权益保护法第五十六条", "fine,confiscation", (20000, 60000)),
    ("未取得食品经营许可从事食品经营活动", "食品安全法第一百二十二条", "fine,confiscation", (50000, 80000)),
    ("未按规定查验供货者许可证", "食品安全法第一百二十六条", "fine", (5000, 9000)),
    ("单位未将生活垃圾分别投放至相应收集容器", "上海市生活垃圾管理条例第五十七条", "fine", (5000, 50000)),
    ("管理责任人未按要求设置生活垃圾收集容器", "上海市生活垃圾管理条例第五十八条", "fine", (5000, 50000)),
    ("擅自从事湿垃圾经营性收集、运输", "上海市生活垃圾管理条例第五十九条", "fine,confiscation", (10000, 100000)),
    ("未按规定办理建筑垃圾处置手续", "上海市市容环境卫生管理条例第四十四条", "fine", (5000, 30000)),
    ("擅自占用道路从事经营活动", "上海市市容环境卫生管理条例第二十四条", "fine", (3000, 20000)),
)
DECISION_KINDS = ["penalty"] * 85 + ["permit"] * 10 + ["coercion"] * 3 + ["levy"] * 2


def env(database: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "fazhi.settings.base",
        "FAZHI_VAR_DIR": str(OUT / "var"),
        "DATABASE_URL": database,
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "THROTTLE_ANON": "1000000/min",
        "THROTTLE_USER": "1000000/min",
        "LOG_LEVEL": "WARNING",
    }


def prepare() -> None:
    migrate_with_reference("organisations", "time limits")
    from django.core.management import call_command

    from fazhi.laws.testing import load_sample_corpus

    call_command("collectstatic", interactive=False, verbosity=0)
    load_sample_corpus()  # the articles the decisions cite resolve


# --- generation ----------------------------------------------------------------------------------------------


class Entities:
    """``count`` entities: 70% organisations (name, credit code), 30% natural persons (ID number encrypted once)."""

    def __init__(self, count: int, rng: random.Random):
        from fazhi.core.pii import blind_index, encrypt
        from fazhi.publicity.demo import id_number, person_name, uscc
        from fazhi.publicity.models import mask_person_name
        from fazhi.publicity.services import entity_key

        self.rows: list[tuple[str, str, str, str, str, str, str]] = []
        areas = ["310101", "310104", "310105", "310106", "310107", "310109", "310110", "310112", "310113", "310115"]
        for n in range(count):
            area = areas[n % len(areas)]
            if rng.random() < 0.7:
                name = f"上海{rng.choice(NAME_WORDS)}{rng.choice(NAME_TRADES)}{rng.choice(NAME_FORMS)}"
                if rng.random() < 0.5:
                    name = name.replace("上海", f"上海{rng.choice(NAME_WORDS)}", 1)
                code = uscc(rng, area)
                key = entity_key("organisation", credit_code=code, id_number="", name=name)
                self.rows.append(("organisation", name, name, code, "", "", key))
            else:
                name, number = person_name(rng), id_number(rng, area)
                key = entity_key("person", credit_code="", id_number=number, name=name)
                self.rows.append(
                    ("person", name, mask_person_name(name), "", encrypt(number), blind_index(number), key)
                )


def bodies() -> list[tuple[int, int, str]]:
    """(body id, district id, code): each district's market regulation and city management bureaus."""
    from fazhi.orgs.models import Organisation

    districts = {o.code: o.pk for o in Organisation.objects.filter(kind="district")}
    found = []
    for org in Organisation.objects.filter(kind="body", code__regex=r"^31\d{4}-(SCJG|CGZF)$"):
        district = districts.get(org.code.split("-")[0])
        if district:
            found.append((org.pk, district, org.code))
    return found


def add_months(day: dt.date, months: int) -> dt.date:
    from fazhi.publicity.rules import add_months as months_after

    return months_after(day, months)


def generate(count: int, entity_count: int, url: str) -> float:
    """COPY ``count`` decisions (and one basis each) with the table's indexes dropped, then rebuild them."""
    import psycopg
    import psycopg.sql
    from django.db import connection

    from fazhi.laws.refs import resolve_article

    rng = random.Random(2026)
    started = time.perf_counter()
    entities = Entities(entity_count, rng).rows
    print(f"  entities made in {time.perf_counter() - started:.0f} s", flush=True)
    targets = bodies()
    basis_of = {}
    for violation, citation, _types, _fines in CASES:
        try:
            ref = resolve_article(citation)
            basis_of[violation] = (ref.work.pk, ref.number, citation)
        except Exception:  # not in the sample corpus: kept as written, as the service does
            basis_of[violation] = (None, None, citation)
    connection.close()
    today = dt.date.today()
    table = "publicity_publisheddecision"
    with psycopg.connect(pg_dsn(url)) as conn:
        indexes = conn.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname NOT IN "
            "(SELECT conname FROM pg_constraint)",
            [table],
        ).fetchall()
        for name, _definition in indexes:
            conn.execute(f'DROP INDEX "{name}"')
        conn.execute(f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS publicity_unique_source")
        columns = (
            "created_at, updated_at, body_id, district_id, kind, source_system, source_ref, party_kind, party_name, "
            "public_name, party_credit_code, party_id_number, party_id_index, entity_key, violation, legal_bases, "
            "content, penalty_types, fine_amount, procedure, decision_date, published_at, publish_due, "
            "published_on_time, period_ends, status, withdrawal_reason, correction_note"
        )
        # entities with a skewed number of decisions: a few have dozens, most a handful
        weights = [rng.paretovariate(1.5) for _ in entities]
        with conn.cursor().copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            picks = rng.choices(range(len(entities)), weights=weights, k=count)
            for n, index in enumerate(picks):
                kind_, name, public, code, token, index_, key = entities[index]
                violation, citation, types, (low, high) = CASES[n % len(CASES)]
                body, district, _code = targets[rng.randrange(len(targets))]
                decided = today - dt.timedelta(days=rng.randrange(3 * 365))
                published = decided + dt.timedelta(days=rng.randrange(1, 25))
                published = min(published, today)
                fine = rng.randrange(low, high + 1, 100)
                months = 3 if types == "fine" and fine <= 10000 else 36
                moment = dt.datetime.combine(published, dt.time(9), tzinfo=dt.UTC)
                copy.write_row(
                    (
                        moment,
                        moment,
                        body,
                        district,
                        rng.choice(DECISION_KINDS),
                        "bench",
                        f"B{n:08d}",
                        kind_,
                        name,
                        public,
                        code,
                        token,
                        index_,
                        key,
                        violation,
                        citation,
                        f"罚款人民币{fine}元",
                        types,
                        fine,
                        "general",
                        decided,
                        moment,
                        decided + dt.timedelta(days=28),
                        True,
                        add_months(published, months),
                        "published",
                        "",
                        "",
                    )
                )
                if n and n % 500_000 == 0:
                    print(f"  {n:,} rows copied ({time.perf_counter() - started:.0f} s)", flush=True)
        conn.execute(f"UPDATE {table} SET status = 'expired', expired_at = now() WHERE period_ends < CURRENT_DATE")
        values = psycopg.sql.SQL(", ").join(
            psycopg.sql.SQL("({}, {}::bigint, {}::int, {})").format(*map(psycopg.sql.Literal, (v, w, num, c)))
            for v, (w, num, c) in basis_of.items()
        )
        conn.execute(
            psycopg.sql.SQL(
                "INSERT INTO publicity_decisionbasis (decision_id, work_id, number, citation) "
                "SELECT d.id, b.work_id, b.number, b.citation FROM {} d "
                "JOIN (VALUES {}) AS b(violation, work_id, number, citation) ON b.violation = d.violation"
            ).format(psycopg.sql.Identifier(table), values)
        )
        conn.commit()  # the deferred foreign-key checks run here, before the table is altered
        print(f"  copied, building indexes ({time.perf_counter() - started:.0f} s)", flush=True)
        conn.execute("SET maintenance_work_mem = '256MB'")
        conn.execute(f"ALTER TABLE {table} ADD CONSTRAINT publicity_unique_source UNIQUE (source_system, source_ref)")
        for _name, definition in indexes:
            conn.execute(definition)
        conn.execute(f"ANALYZE {table}")
        conn.execute("ANALYZE publicity_decisionbasis")
        conn.commit()
    return time.perf_counter() - started


# --- HTTP -----------------------------------------------------------------------------------------------------


def get(path: str, timeout: float = 120) -> tuple[float, bytes]:
    start = time.perf_counter()
    with urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}", timeout=timeout) as response:
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"{path}: {response.status}")
    return (time.perf_counter() - start) * 1000, body


def search_queries(rng: random.Random, n: int, url: str) -> list[tuple[str, dict[str, str], str]]:
    """(label, criteria, the SQL of the page's result count) for ``n`` searches of each kind, from the data."""
    import psycopg

    with psycopg.connect(pg_dsn(url)) as conn:
        names = [r[0] for r in conn.execute(
            "SELECT public_name FROM publicity_publisheddecision WHERE party_kind = 'organisation' "
            "AND status = 'published' ORDER BY random() LIMIT %s", [n]
        )]  # fmt: skip
        codes = [r[0] for r in conn.execute(
            "SELECT party_credit_code FROM publicity_publisheddecision WHERE party_kind = 'organisation' "
            "AND status = 'published' ORDER BY random() LIMIT %s", [n]
        )]  # fmt: skip
        districts = [r[0] for r in conn.execute("SELECT code FROM orgs_organisation WHERE kind = 'district'")]
        body_codes = [r[0] for r in conn.execute(
            "SELECT DISTINCT o.code FROM publicity_publisheddecision d JOIN orgs_organisation o ON o.id = d.body_id"
        )]  # fmt: skip
    year = dt.date.today().year - 1
    out: list[tuple[str, dict[str, str], str]] = []
    for i in range(n):
        name = names[i % len(names)]
        fragment = name[2:6] if len(name) > 6 else name
        month = dt.date(year, rng.randrange(1, 13), 1)
        out += [
            ("name", {"q": fragment}, ""),
            ("credit code", {"q": codes[i % len(codes)]}, ""),
            ("district + kind + year", {"district": rng.choice(districts), "kind": "penalty", "year": str(year)}, ""),
            ("violation + district", {"violation": rng.choice(CASES)[0][:6], "district": rng.choice(districts)}, ""),
            (
                "body + month",
                {
                    "body": rng.choice(body_codes),
                    "date_from": month.isoformat(),
                    "date_to": (month + dt.timedelta(days=30)).isoformat(),
                },
                "",
            ),
            ("legal basis + year", {"basis": rng.choice(CASES)[1], "year": str(year)}, ""),
        ]
    rng.shuffle(out)
    return out


def sql_baseline(url: str, queries: list[tuple[str, dict[str, str], str]]) -> list[float]:
    """The result count of each search in SQL with index and bitmap scans off: the cost without the indexes."""
    import psycopg

    from fazhi.publicity import search

    times = []
    with psycopg.connect(pg_dsn(url)) as conn:
        conn.execute("SET enable_indexscan = off")
        conn.execute("SET enable_bitmapscan = off")
        conn.execute("SET enable_indexonlyscan = off")
        for _label, criteria, _sql in queries:
            form = search.SearchForm(criteria)
            assert form.is_valid(), form.errors
            queryset = search.filtered({k: form.cleaned_data.get(k) for k in search.CRITERIA})
            sql, params = queryset.values("pk").query.sql_with_params()
            start = time.perf_counter()
            conn.execute(f"SELECT count(*) FROM ({sql}) AS q", params).fetchone()
            times.append((time.perf_counter() - start) * 1000)
    return times


def rss_of(pid: int) -> tuple[int, int]:
    """(VmRSS, VmHWM) of a process in kB."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(("VmRSS", "VmHWM")):
            values[line.split(":")[0]] = int(line.split()[1])
    return values.get("VmRSS", 0), values.get("VmHWM", 0)


def workers_of(master: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def csv_download(url: str, master: int) -> tuple[float, int, float, float, str]:
    """Download a district's decisions of the latest dates, 100,000 rows: (seconds, rows, peak RSS MB of the serving
    worker (sampled), its RSS before, the query)."""
    import psycopg

    with psycopg.connect(pg_dsn(url)) as conn:
        district, code = conn.execute(
            "SELECT d.district_id, o.code FROM publicity_publisheddecision d JOIN orgs_organisation o "
            "ON o.id = d.district_id WHERE d.status = 'published' GROUP BY 1, 2 ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()
        day = conn.execute(
            "SELECT decision_date FROM publicity_publisheddecision WHERE district_id = %s AND status = 'published' "
            "AND period_ends >= CURRENT_DATE ORDER BY decision_date DESC OFFSET 99999 LIMIT 1",
            [district],
        ).fetchone()
    criteria = {"district": code, "as": "csv"}
    if day is not None:  # else the district has fewer than 100,000: all of them (a small run)
        criteria["date_from"] = (day[0] + dt.timedelta(days=1)).isoformat()
    query = urllib.parse.urlencode(criteria)
    workers = workers_of(master)
    before = {pid: rss_of(pid)[0] for pid in workers}
    peak = dict(before)
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            for pid in workers:
                with contextlib.suppress(FileNotFoundError):
                    peak[pid] = max(peak[pid], rss_of(pid)[0])
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    start = time.perf_counter()
    with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/decisions/export/?{query}", timeout=600) as response:
        rows = -1  # the header
        for _line in io.TextIOWrapper(response, encoding="utf-8-sig"):
            rows += 1
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    grown = max(workers, key=lambda pid: peak[pid] - before[pid])
    return seconds, rows, peak[grown] / 1024, before[grown] / 1024, query


def csv_in_memory(query: str) -> tuple[float, float]:
    """Baseline: the same rows as model instances in a list and the CSV built in one string (MB grown, seconds)."""
    from fazhi.publicity import search

    params = dict(urllib.parse.parse_qsl(query))
    params.pop("as")
    form = search.SearchForm(params)
    assert form.is_valid()
    queryset = search.filtered({k: form.cleaned_data.get(k) for k in search.CRITERIA}).select_related(
        "body", "district"
    )
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    records = list(queryset)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for d in records:
        district = d.district.name if d.district else ""
        party = (d.public_name, d.party_credit_code)
        writer.writerow([d.source_ref, d.kind, d.body.name, district, *party, d.violation, d.legal_bases, d.content])
    text = buffer.getvalue()
    seconds = time.perf_counter() - start
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    del records, text
    return grown, seconds


def import_file(path: Path, rows: int, rng: random.Random) -> None:
    from fazhi.publicity.demo import id_number, person_name, uscc
    from fazhi.publicity.importer import COLUMNS

    codes = [c for _b, _d, c in bodies()]
    today = dt.date.today()
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=COLUMNS)
        writer.writeheader()
        for n in range(rows):
            violation, citation, types, (low, high) = CASES[n % len(CASES)]
            person = rng.random() < 0.3
            fine = rng.randrange(low, high + 1, 100)
            writer.writerow(
                {
                    "source_ref": f"沪导入〔2026〕{n:06d}号",
                    "body_code": rng.choice(codes),
                    "kind": "penalty",
                    "decision_date": (today - dt.timedelta(days=rng.randrange(1, 700))).isoformat(),
                    "party_kind": "person" if person else "organisation",
                    "party_name": person_name(rng)
                    if person
                    else f"上海{rng.choice(NAME_WORDS)}{rng.choice(NAME_TRADES)}有限公司",
                    "party_credit_code": "" if person else uscc(rng, "310101"),
                    "party_id_number": id_number(rng, "310104") if person else "",
                    "violation": violation,
                    "legal_bases": citation,
                    "content": f"罚款人民币{fine}元",
                    "penalty_types": types.replace(",", "、")
                    .replace("fine", "罚款")
                    .replace("confiscation", "没收违法所得"),
                    "fine_amount": str(fine),
                    "procedure": "general",
                    "published_on": "",
                }
            )


def run_import(path: Path, source: str, database: str) -> tuple[float, str]:
    start = time.perf_counter()
    result = subprocess.run(
        [str(BIN / "python"), "-m", "fazhi.cli", "publicity", "import", str(path), "--source", source, "--errors", "3"],
        env=env(database),
        capture_output=True,
        text=True,
        check=True,
    )
    return time.perf_counter() - start, result.stdout.strip().splitlines()[0]


def row_by_row(path: Path, count: int) -> float:
    """Baseline: ``publish_decision`` once per row (one transaction each), ``count`` rows, seconds per 100,000."""
    from fazhi.publicity.importer import row_data
    from fazhi.publicity.services import publish_decision

    with path.open(encoding="utf-8") as stream:
        rows = [row for _n, row in zip(range(count), csv.DictReader(stream), strict=False)]
    start = time.perf_counter()
    for row in rows:
        publish_decision(row_data(row, "bench-row-by-row"))
    return (time.perf_counter() - start) / len(rows) * 100_000


class Report(list):
    """The table's rows, each also printed as soon as it is measured (a long run shows its progress)."""

    def append(self, row: tuple[str, str, str, str]) -> None:
        print("  " + " | ".join(row), flush=True)
        super().append(row)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", default=PG_URL, help="PostgreSQL URL (the database is dropped and re-made)")
    parser.add_argument("--decisions", type=int, default=2_000_000)
    parser.add_argument("--entities", type=int, default=200_000)
    parser.add_argument("--searches", type=int, default=30, help="searches of each kind")
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--reuse-database", action="store_true", help="keep the last run's generated decisions")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    os.environ.update(env(args.database))
    if not args.reuse_database:
        create_database(args.database)
    prepare()
    from fazhi.publicity.models import PublishedDecision

    if not args.reuse_database:
        seconds = generate(args.decisions, args.entities, args.database)
        print(f"generated {args.decisions:,} decisions over {args.entities:,} entities in {seconds:.0f} s", flush=True)
    total = PublishedDecision.objects.count()
    public = PublishedDecision.objects.filter(status="published").count()
    rng = random.Random(13)
    queries = search_queries(rng, args.searches, args.database)
    entity_keys = list(
        PublishedDecision.objects.filter(status="published").order_by("?").values_list("entity_key", flat=True)[:100]
    )
    from django.db import connection

    connection.close()

    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "fazhi.wsgi",
            "-w",
            str(args.workers),
            "-k",
            "gthread",
            "--threads",
            "2",
            "-b",
            f"127.0.0.1:{PORT}",
            "--timeout",
            "600",
        ],
        env=env(args.database),
        stdout=subprocess.DEVNULL,
        stderr=(OUT / "gunicorn.log").open("w"),
    )
    report = Report()
    try:
        for _ in range(120):
            try:
                get("/decisions/")
                break
            except OSError:
                time.sleep(0.5)
        for _label, criteria, _sql in queries[:20]:  # warm every worker's connection and caches
            get("/decisions/?" + urllib.parse.urlencode(criteria))
        by_kind: dict[str, list[float]] = {}
        every: list[float] = []
        for label, criteria, _sql in queries:
            ms, _body = get("/decisions/?" + urllib.parse.urlencode(criteria))
            by_kind.setdefault(label, []).append(ms)
            every.append(ms)
        baseline = sql_baseline(args.database, queries)
        report.append(("public search over HTTP, all kinds, p50 / p95 (ms)", fmt(every), fmt(baseline), "p95 ≤ 150"))
        for label, times in by_kind.items():
            report.append((f"  {label}", fmt(times), "", ""))
        history = [get(f"/decisions/entities/{key}/")[0] for key in entity_keys]
        import psycopg

        with psycopg.connect(pg_dsn(args.database)) as conn:
            conn.execute("SET enable_indexscan = off")
            conn.execute("SET enable_bitmapscan = off")
            naive = []
            for key in entity_keys[:10]:
                start = time.perf_counter()
                conn.execute(
                    "SELECT * FROM publicity_publisheddecision WHERE entity_key = %s ORDER BY decision_date DESC", [key]
                ).fetchall()
                naive.append((time.perf_counter() - start) * 1000)
        report.append(("entity history over HTTP, p50 / p95 (ms)", fmt(history), fmt(naive), "≤ 100"))
        seconds, rows, peak, before, query = csv_download(args.database, server.pid)
        grown, naive_seconds = csv_in_memory(query)
        report.append(
            (
                f"CSV download of {rows:,} rows: s, peak worker RSS MB",
                f"{seconds:.1f} s, {peak:.0f} MB (+{peak - before:.0f} over the idle worker's {before:.0f})",
                f"in memory: {naive_seconds:.1f} s, +{grown:.0f} MB",
                "≤ 200 MB",
            )
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    path = OUT / "import.csv"
    import_file(path, args.import_rows, random.Random(99))
    first, summary = run_import(path, "bench-import", args.database)
    again, summary_again = run_import(path, "bench-import", args.database)
    per_100k = row_by_row(path, 2000)
    report.append(
        (
            f"import of {args.import_rows:,} decisions (s)",
            f"{first:.0f} ({summary}); again {again:.0f} ({summary_again})",
            f"row by row: {per_100k:.0f} per 100,000",
            "≤ 120",
        )
    )
    print(f"\n{total:,} decisions ({public:,} marked published) on PostgreSQL, gunicorn {args.workers} workers\n")
    print("| measure | ours | baseline | target |\n| --- | --- | --- | --- |")
    for row in report:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
