"""12345 hotline on the whole platform: submissions under load, 我的办件 for a heavy user, duplicate detection.

Sets up its own installation (PostgreSQL database ``fazhi_hotline_bench`` on 127.0.0.1:5432 by default, or SQLite
with ``--sqlite``), serves it with gunicorn on a loopback port, and reports figures beside a baseline measured in
the same run:

- submissions: POST /api/v1/tickets/ paced at ``--rate`` per minute (default 1,000) for ``--seconds``, from many
  citizen accounts, while two clients keep reading staff work queues (/api/v1/matters/queue/) — p50/p95 vs. the
  plain organisation-directory endpoint (the platform's own request overhead). Target p95 ≤ 200 ms;
- 我的办件: GET /my/matters/ for a citizen with 500 tickets vs. one with none (target p95 ≤ 200 ms);
- duplicate detection: ``duplicate_candidates`` in-process for new tickets against ``--tickets`` existing ones
  (default one million, bulk-loaded with realistic texts; a planted near-duplicate must come first) vs. fetching
  one ticket by primary key (target ≤ 50 ms per new ticket).

    .venv/bin/python bench/hotline.py [--sqlite] [--tickets 1000000] [--seconds 60] [--rate 1000]

The bulk-loaded tickets bypass the services and the audit trail (they are a backdrop, not a workflow).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from benchstats import fmt

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "hotline"
BIN = Path(sys.executable).parent
PORT = 8771
RUN = time.strftime("%H%M%S")  # in every submitted text: a rerun is not refused as a repeat of the last run
PG_URL = "postgres://postgres@127.0.0.1:5432/fazhi_hotline_bench"
sys.path.insert(0, str(ROOT))

PLACES = [
    "南京东路",
    "淮海中路",
    "西藏南路",
    "复兴东路",
    "人民路",
    "中华路",
    "河南南路",
    "延安东路",
    "金陵东路",
    "福州路",
]
PROBLEMS = [
    "{place}{n}号门口垃圾桶满溢,好几天没人清运,气味很大",
    "{place}{n}号附近工地夜间施工,噪声扰民,影响休息",
    "{place}{n}弄小区电梯经常故障,物业一直不修",
    "{place}{n}号路口红绿灯损坏,车辆行人通行危险",
    "{place}{n}号楼下饭店油烟直排,居民窗户都是油",
    "{place}{n}号共享单车乱停乱放,占用人行道",
    "{place}{n}号人行道井盖松动,走上去晃动,有安全隐患",
    "{place}{n}弄公司拖欠员工三个月工资不发",
    "{place}{n}号商户占道经营,堆放杂物影响通行",
    "{place}{n}号路灯不亮已经一周,晚上很黑",
]
CATEGORIES = ["city-appearance", "noise", "property", "traffic", "ecology", "city-appearance", "traffic", "labour",
              "city-appearance", "city-appearance"]  # fmt: skip


def env(sqlite: bool) -> dict[str, str]:
    database = f"sqlite:///{OUT / 'fazhi.sqlite3'}" if sqlite else PG_URL
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "fazhi.settings.base",
        "FAZHI_VAR_DIR": str(OUT / "var"),
        "DATABASE_URL": database,
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "THROTTLE_ANON": "1000000/min",
        "THROTTLE_USER": "1000000/min",
        "CASEWORK_RATE_PER_USER": "100000/h",
        "CASEWORK_RATE_PER_ADDRESS": "1000000/h",
        "LOG_LEVEL": "WARNING",
    }


def server_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by the gunicorn master and its workers: the server's own cost,
    which other work on a shared machine does not inflate the way it inflates wall-clock times."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(stat.parent.name) == pid or int(fields[1]) == pid:  # fields[1]: the parent's pid
            total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return total


def load() -> str:
    return "load " + " / ".join(f"{v:.1f}" for v in os.getloadavg())


def submission_queries() -> tuple[int, int]:
    """Statements of one submission through the service (the API adds the token, category and street look-ups):
    the business transaction, and the seal of its audit entries that runs after its commit."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from fazhi.accounts.models import User
    from fazhi.hotline.models import ServiceCategory
    from fazhi.hotline.services import ticket_submit
    from fazhi.orgs.models import Organisation

    user = User.objects.get(username="bench_citizen_0")
    street = Organisation.objects.get(code="310101002")
    category = ServiceCategory.objects.get(code="noise")
    with CaptureQueriesContext(connection) as captured:
        ticket_submit(description=f"计数用 {RUN} 深夜施工噪声", category=category, address="南京东路1号", street=street,
                      submitter=user)  # fmt: skip
    sql = [q["sql"] for q in captured.captured_queries]
    seal = next((i for i, q in enumerate(sql) if "audit_audithead" in q), len(sql))
    return seal, len(sql) - seal


class Report(list):
    """The result rows, each also printed as soon as it is measured (a later failure does not lose it)."""

    def append(self, row: tuple[str, str, str, str]) -> None:
        super().append(row)
        print(f"{row[0]}: {row[1]} | baseline {row[2]} | target {row[3]}", flush=True)


def create_pg_database() -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS fazhi_hotline_bench WITH (FORCE)")  # every run from scratch
        conn.execute("CREATE DATABASE fazhi_hotline_bench")


def prepare(args: argparse.Namespace) -> dict[str, object]:
    """Migrate, load the reference data the hotline needs, create the accounts and tokens (in this process)."""
    os.environ.update(env(args.sqlite))
    import django

    django.setup()
    from django.core.management import call_command

    from fazhi.core.setup import REFERENCE_LOADERS

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    for loader in REFERENCE_LOADERS:
        if loader.name in ("organisations", "time limits", "hotline categories"):
            loader.load(io.StringIO())
    from rest_framework.authtoken.models import Token

    from fazhi.accounts.models import User
    from fazhi.platform.demo import create_demo_accounts

    create_demo_accounts()
    citizens = []
    for n in range(args.citizens):
        user, _created = User.objects.get_or_create(
            username=f"bench_citizen_{n}", defaults={"display_name": f"市民{n}"}
        )
        citizens.append(Token.objects.get_or_create(user=user)[0].key)
    staff = [Token.objects.get_or_create(user=User.objects.get(username=u))[0].key for u in ("hp_justice", "office")]
    return {"citizens": citizens, "staff": staff}


def heavy_citizen(count: int) -> tuple[str, str]:
    """Session cookies for a citizen with ``count`` tickets (made through the service) and for one with none."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from fazhi.accounts.models import User
    from fazhi.hotline.models import ServiceCategory, Ticket
    from fazhi.hotline.services import ticket_submit
    from fazhi.orgs.models import Organisation

    heavy, _c = User.objects.get_or_create(username="bench_heavy", defaults={"display_name": "常客"})
    empty, _c = User.objects.get_or_create(username="bench_empty", defaults={"display_name": "新人"})
    street = Organisation.objects.get(code="310101002")
    category = ServiceCategory.objects.get(code="city-appearance")
    for n in range(Ticket.objects.filter(submitter=heavy).count(), count):
        ticket_submit(
            description=f"第{n}次反映:" + PROBLEMS[n % len(PROBLEMS)].format(place=PLACES[n % 10], n=n),
            category=category,
            address=f"南京东路{n}号",
            street=street,
            submitter=heavy,
        )

    def cookie(user: User) -> str:
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "fazhi.accounts.backends.PlatformBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        return session.session_key

    return cookie(heavy), cookie(empty)


def request(path: str, *, data: dict | None = None, token: str = "", session: str = "", timeout: float = 30) -> float:
    headers = {"Content-Type": "application/json"} if data is not None else {}
    if token:
        headers["Authorization"] = f"Token {token}"
    if session:
        headers["Cookie"] = f"sessionid={session}"
    body = json.dumps(data).encode() if data is not None else None
    req = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", data=body, headers=headers)
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as exc:
        status = exc.code
        exc.read()
    elapsed = (time.perf_counter() - start) * 1000
    if status >= 400:
        raise RuntimeError(f"{path}: HTTP {status}")
    return elapsed


def submissions_under_load(tokens: dict, rate: int, seconds: int) -> tuple[list[float], list[float], int]:
    """Paced submissions from many accounts while two staff clients read their queues."""
    total = rate * seconds // 60
    interval = 60 / rate
    stop = threading.Event()
    queue_times: list[float] = []
    errors = [0]

    def read_queues(token: str) -> None:
        while not stop.is_set():
            try:
                queue_times.append(request("/api/v1/matters/queue/", token=token))
            except Exception:
                errors[0] += 1

    def submit(i: int, start: float) -> float | None:
        delay = start + i * interval - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        n = random.randrange(10_000)
        data = {
            "category": CATEGORIES[i % 10],
            "description": f"{PROBLEMS[i % 10].format(place=PLACES[n % 10], n=n)}(第{RUN}-{i}件)",
            "address": f"{PLACES[n % 10]}{n}号",
            "street": "310101002",
        }
        try:
            return request("/api/v1/tickets/", data=data, token=tokens["citizens"][i % len(tokens["citizens"])])
        except Exception:
            errors[0] += 1
            return None

    readers = [threading.Thread(target=read_queues, args=(t,), daemon=True) for t in tokens["staff"]]
    for reader in readers:
        reader.start()
    with ThreadPoolExecutor(max_workers=32) as pool:
        start = time.perf_counter() + 0.5
        times = [t for t in pool.map(lambda i: submit(i, start), range(total)) if t is not None]
    stop.set()
    for reader in readers:
        reader.join(timeout=30)
    return times, queue_times, errors[0]


def bulk_tickets(count: int, sqlite: bool) -> float:
    """Load ``count`` tickets directly (spread over 60 days, all of Huangpu's streets and the catalogue)."""
    import datetime as dt

    from django.db import connection
    from django.utils import timezone

    from fazhi.casework.similarity import signature
    from fazhi.hotline.models import ServiceCategory, Ticket
    from fazhi.hotline.services import text_hash
    from fazhi.orgs.models import Organisation

    existing = Ticket.objects.count()
    if existing >= count:
        return 0.0
    start = time.perf_counter()
    streets = list(Organisation.objects.filter(kind="street", path__startswith="/31/").values_list("pk", flat=True))
    categories = dict(ServiceCategory.objects.values_list("code", "pk"))
    texts = []
    for template, code in zip(PROBLEMS, CATEGORIES, strict=True):
        for place in PLACES:
            for n in range(0, 200, 7):
                text = template.format(place=place, n=n)
                texts.append((text, categories[code], signature(text), text_hash(text)))
    now = timezone.now()
    rng = random.Random(7)
    columns = [
        "created_at",
        "updated_at",
        "tracking_number",
        "organisation_id",
        "due_at",
        "is_emergency",
        "description",
        "category_id",
        "status",
        "channel",
        "address",
        "street_id",
        "lat",
        "long",
        "contact_name",
        "contact_phone",
        "flagged_words",
        "signature",
        "text_hash",
        "reply",
        "rating_comment",
        "reopen_count",
        "media_url",
        "clock",
        "clock_started_at",
        "clock_started_on",
        "clock_amount",
        "clock_extra",
        "clock_extended",
        "deadline_estimated",
    ]
    batch = 50_000
    with connection.cursor() as cursor:
        for offset in range(existing, count, batch):
            rows = []
            for i in range(offset, min(count, offset + batch)):
                text, category, sig, digest = texts[rng.randrange(len(texts))]
                street = streets[rng.randrange(len(streets))]
                created = now - dt.timedelta(seconds=rng.randrange(60 * 86400))
                rows.append(
                    (created, created, f"GDB{i:09d}", street, created + dt.timedelta(days=5), False, text, category,
                     "dispatched", "phone", "某路某号", street, None, None, "", "", "", sig, digest, "", "", 0, "",
                     "hotline.handle", created, timezone.localdate(created), 5, 0, 0, False)
                )  # fmt: skip
            if sqlite:
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(f"INSERT INTO hotline_ticket ({', '.join(columns)}) VALUES ({marks})", rows)
            else:
                with cursor.cursor.copy(f"COPY hotline_ticket ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            connection.commit() if not connection.get_autocommit() else None
        if not sqlite:
            cursor.execute("ANALYZE hotline_ticket")
    return time.perf_counter() - start


def duplicate_detection(probes: int) -> tuple[list[float], list[float], int]:
    from django.utils import timezone

    from fazhi.hotline.models import Ticket
    from fazhi.hotline.services import duplicate_candidates

    rng = random.Random(11)
    rows = list(
        Ticket.objects.filter(created_at__gte=timezone.now() - timezone.timedelta(days=20))
        .order_by("?" if probes < 50 else "pk")
        .values("pk", "description", "category_id", "street_id")[: probes * 50 : 50]
    )
    times, base, found = [], [], 0
    max_pk = Ticket.objects.order_by("-pk").values_list("pk", flat=True).first()
    for row in rows[:probes]:
        # A reporter describing the same problem in other words.
        text = row["description"].replace(",", "。").replace("好几天", "几天") + ",请尽快处理"
        start = time.perf_counter()
        result = duplicate_candidates(description=text, category_id=row["category_id"], street_id=row["street_id"])
        times.append((time.perf_counter() - start) * 1000)
        found += bool(result) and result[0][1] >= 0.6
        start = time.perf_counter()
        Ticket.objects.filter(pk=rng.randrange(1, max_pk)).first()
        base.append((time.perf_counter() - start) * 1000)
    return times, base, found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sqlite", action="store_true", help="SQLite instead of PostgreSQL")
    parser.add_argument("--tickets", type=int, default=1_000_000, help="existing tickets for duplicate detection")
    parser.add_argument("--seconds", type=int, default=60, help="duration of the submission load")
    parser.add_argument("--rate", type=int, default=1000, help="submissions per minute")
    parser.add_argument("--citizens", type=int, default=100, help="accounts submitting")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker (1: sync workers)")
    parser.add_argument(
        "--reuse-database", action="store_true", help="keep the last run's database (and its bulk-loaded tickets)"
    )
    parser.add_argument("--skip-http", action="store_true", help="only duplicate detection")
    parser.add_argument("--skip-duplicates", action="store_true", help="only the HTTP measures")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    if args.reuse_database:
        pass
    elif args.sqlite:
        (OUT / "fazhi.sqlite3").unlink(missing_ok=True)
    else:
        create_pg_database()
    tokens = prepare(args)
    heavy, empty = heavy_citizen(500)
    rows = Report()
    queries, seal_queries = submission_queries()

    if not args.skip_http:
        # jieba's dictionary is loaded once in the master and inherited by the forked workers, as a deployment should.
        config = OUT / "gunicorn.conf.py"
        config.write_text("def on_starting(server):\n    import jieba\n\n    jieba.initialize()\n")
        worker_class = f"-k gthread --threads {args.threads}" if args.threads > 1 else "-k sync"
        command = f"fazhi.wsgi -c {config} -w {args.workers} {worker_class} -b 127.0.0.1:{PORT} --preload"
        server = subprocess.Popen(
            [str(BIN / "gunicorn"), *command.split()],
            env=env(args.sqlite),
            stdout=subprocess.DEVNULL,
            stderr=(OUT / "gunicorn.log").open("w"),
        )
        try:
            for _ in range(120):
                try:
                    request("/api/v1/organisations/?kind=district")
                    break
                except OSError:
                    time.sleep(0.5)
            warm = [
                {"category": "other", "description": f"预热 {RUN}-{n} 号", "address": "某路"}
                for n in range(8 * args.workers)
            ]
            with ThreadPoolExecutor(max_workers=args.workers) as pool:  # every worker's connection and caches
                list(
                    pool.map(
                        lambda d: request("/api/v1/tickets/", data=d, token=tokens["citizens"][0], timeout=120), warm
                    )
                )
            for _ in range(20):
                request("/api/v1/organisations/?kind=district")
                request("/my/matters/", session=heavy)
            cpu = server_cpu(server.pid)
            base = [request("/api/v1/organisations/?kind=district") for _ in range(200)]
            base_cpu = (server_cpu(server.pid) - cpu) * 1000 / len(base)
            load_before, cpu = load(), server_cpu(server.pid)
            times, queue_times, errors = submissions_under_load(tokens, args.rate, args.seconds)
            load_cpu = (server_cpu(server.pid) - cpu) * 1000
            rows.append(
                (
                    f"submissions at {args.rate}/min for {args.seconds} s, p50 / p95 (ms)",
                    fmt(times),
                    fmt(base),
                    "p95 ≤ 200",
                )
            )
            rows.append(
                (
                    "  accepted / errors; staff queue reads p50 / p95 (ms)",
                    f"{len(times)} / {errors}",
                    fmt(queue_times),
                    "—",
                )
            )
            rows.append(
                (
                    "  server CPU ms per request (submissions + queue reads) / directory",
                    f"{load_cpu / max(1, len(times) + len(queue_times)):.1f}",
                    f"{base_cpu:.1f}",
                    "—",
                )
            )
            rows.append(
                ("  queries per submission (service) / seal after commit", f"{queries} / {seal_queries}", "—", "—")
            )
            rows.append(("  load average before / after the run", load_before, load(), "—"))
            cpu = server_cpu(server.pid)
            mine = [request("/my/matters/", session=heavy) for _ in range(100)]
            mine_cpu = (server_cpu(server.pid) - cpu) * 1000 / len(mine)
            cpu = server_cpu(server.pid)
            none = [request("/my/matters/", session=empty) for _ in range(100)]
            none_cpu = (server_cpu(server.pid) - cpu) * 1000 / len(none)
            rows.append(("我的办件 with 500 matters p50 / p95 (ms)", fmt(mine), fmt(none), "p95 ≤ 200"))
            rows.append(("  server CPU ms per page; " + load(), f"{mine_cpu:.1f}", f"{none_cpu:.1f}", "—"))
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)

    if not args.skip_duplicates:
        loaded = bulk_tickets(args.tickets, args.sqlite)
        from fazhi.hotline.models import Ticket

        total = Ticket.objects.count()
        rows.append(("tickets in the database / bulk load (s)", f"{total:,}", f"{loaded:.0f}", "—"))
        cpu = time.process_time()
        detect, lookup, found = duplicate_detection(200)
        cpu = (time.process_time() - cpu) * 1000 / max(1, len(detect))
        rows.append((f"duplicate detection vs {total:,} tickets p50 / p95 (ms)", fmt(detect), fmt(lookup), "≤ 50"))
        rows.append(("  planted near-duplicates found first", f"{found} / {len(detect)}", "—", "—"))
        rows.append(("  bench process CPU ms per probe (with the baseline fetch); " + load(), f"{cpu:.1f}", "—", "—"))

    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'fazhi':>18}  {'baseline':>16}  target")
    for name, ours, baseline, target in rows:
        print(f"{name:<{width}}  {ours:>18}  {baseline:>16}  {target}")


if __name__ == "__main__":
    main()
