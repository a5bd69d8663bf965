"""Crash test: ``kill -9`` of the web server and the worker in the middle of a law import, a submission burst and the
overdue sweep, then restart and count.

What must hold after each crash (and is checked):

- law import: no half-written document — every stored version has exactly the articles its ``laws.import`` audit
  entry recorded — and the next run imports the rest and then finds nothing to do;
- submission burst (POST /api/v1/tickets/ from several threads, gunicorn killed mid-burst): every acknowledged
  submission (a 201 with its id) is a row; rows committed whose answer the client never got are counted apart;
- sweep (``fazhi casework sweep`` killed mid-run over overdue tickets): after a rerun every overdue ticket is
  alerted, and how many were alerted twice is counted;
- the audit trail: ``fazhi audit seal`` then ``fazhi audit verify`` (against an anchor written before the crashes).

Uses a throwaway SQLite database in a temporary directory, or PostgreSQL when ``DATABASE_URL`` is given (the database
must exist and be empty). Prints its figures; exit 1 when a check fails.

    .venv/bin/python scripts/crash_test.py [--tickets 400] [--threads 8]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PORT = 0  # a free port, chosen at start
STARTED: list[subprocess.Popen] = []  # everything this script started, killed at the end whatever happens
LAW_DIRS = ("宪法", "民法典", "行政法")  # 135 documents: long enough to be killed in the middle

PREPARE = """
import io, json
from rest_framework.authtoken.models import Token
from fazhi.accounts.models import User
from fazhi.core.setup import REFERENCE_LOADERS
from fazhi.platform.demo import create_demo_accounts
for loader in REFERENCE_LOADERS:
    if loader.name in ("organisations", "time limits", "hotline categories"):
        loader.load(io.StringIO())
create_demo_accounts()
tokens = []
for n in range(20):
    user, _ = User.objects.get_or_create(username=f"crash_citizen_{n}", defaults={"display_name": f"市民{n}"})
    tokens.append(Token.objects.get_or_create(user=user)[0].key)
print(json.dumps(tokens))
"""

LAW_CHECK = """
import json, re
from fazhi.audit.models import AuditEntry
from fazhi.laws.models import Version
recorded = {}
for message in AuditEntry.objects.filter(action="laws.import").order_by("id").values_list("message", flat=True):
    path, _, rest = message.rpartition(": ")
    recorded[path] = int(rest.split()[0])
half = [v.path for v in Version.objects.all() if v.articles.count() != recorded.get(v.path)]
print(json.dumps({"versions": Version.objects.count(), "half_written": half}))
"""

SWEEP_SETUP = """
import datetime as dt
from django.utils import timezone
from django.db.models import Max
from fazhi.hotline.models import Ticket
from fazhi.notifications.models import Notification
overdue = Ticket.objects.filter(closed_at__isnull=True).update(due_at=timezone.now() - dt.timedelta(hours=1),
                                                               overdue_alerted_at=None)
print(overdue, Notification.objects.aggregate(last=Max("pk"))["last"] or 0)
"""

SWEEP_CHECK = """
import json
from collections import Counter
from fazhi.hotline.models import Ticket
from fazhi.notifications.models import Notification
open_ = Ticket.objects.filter(closed_at__isnull=True)
numbers = list(open_.values_list("tracking_number", flat=True))
alerts = Counter()
for title, recipient in Notification.objects.filter(pk__gt=FIRST).values_list("title", "recipient_id"):
    for number in numbers:
        if number in title:
            alerts[(number, recipient)] += 1
print(json.dumps({"overdue": len(numbers), "not_alerted": open_.filter(overdue_alerted_at__isnull=True).count(),
                  "alerted_twice": len({n for (n, _r), c in alerts.items() if c > 1})}))
"""


class Installation:
    def __init__(self, root: Path, database_url: str | None):
        self.root = root
        self.sqlite = database_url is None
        self.db = root / "fazhi.sqlite3"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "fazhi.settings.base",
            "FAZHI_VAR_DIR": str(root / "var"),
            "DATABASE_URL": database_url or f"sqlite:///{self.db}",
            "DEBUG": "false",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "THROTTLE_ANON": "1000000/min",
            "THROTTLE_USER": "1000000/min",
            "CASEWORK_RATE_PER_USER": "100000/h",
            "CASEWORK_RATE_PER_ADDRESS": "1000000/h",
            "LOG_LEVEL": "WARNING",
        }

    def fazhi(self, *args: str, check: bool = True) -> str:
        result = subprocess.run([str(BIN / "fazhi"), *args], capture_output=True, text=True, env=self.env)
        if check and result.returncode != 0:
            raise SystemExit(f"fazhi {' '.join(args)} failed:\n{result.stderr[-3000:]}")
        return result.stdout + result.stderr

    def shell(self, code: str) -> str:
        return self.fazhi("shell", "--no-imports", "-c", code).strip().splitlines()[-1]

    def start(self, *args: str, log: str) -> subprocess.Popen:
        process = subprocess.Popen(
            list(args), env=self.env, cwd=ROOT, stdout=subprocess.DEVNULL,
            stderr=(self.root / log).open("a"), start_new_session=True,
        )  # fmt: skip
        STARTED.append(process)
        return process

    def count(self, sql: str) -> int:
        if self.sqlite:
            with sqlite3.connect(f"file:{self.db}?mode=ro", uri=True, timeout=30) as db:
                return int(db.execute(sql).fetchone()[0])
        import psycopg

        with psycopg.connect(self.env["DATABASE_URL"]) as conn:
            row = conn.execute(sql).fetchone()
            return int(row[0]) if row else 0


def kill9(process: subprocess.Popen) -> None:
    """SIGKILL the process and everything it started (its session), as the OOM killer or a power cut would."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def law_import(inst: Installation, figures: dict, failures: list) -> None:
    corpus = inst.root / "laws"
    for name in LAW_DIRS:
        shutil.copytree(ROOT / "data" / "laws" / name, corpus / name)
    documents = sum(1 for p in corpus.rglob("*.md"))
    kills = []
    for fraction in (0.3, 0.7):  # twice: once early, once late in the run
        process = inst.start(str(BIN / "fazhi"), "import", "laws", str(corpus), "-v0", log="import.log")
        target = int(documents * fraction)
        deadline = time.time() + 600
        while process.poll() is None and time.time() < deadline:
            if inst.count("SELECT COUNT(*) FROM laws_version") >= target:
                break
            time.sleep(0.2)
        before = inst.count("SELECT COUNT(*) FROM laws_version")
        kill9(process)
        kills.append(before)
    state = json.loads(inst.shell(LAW_CHECK))
    figures["law import: Markdown files in the subset"] = documents
    figures["law import: versions stored when killed (two kills)"] = kills
    figures["law import: half-written documents after the kills"] = len(state["half_written"])
    if state["half_written"]:
        failures.append(f"half-written documents: {state['half_written'][:5]}")
    started = time.perf_counter()
    out = inst.fazhi("import", "laws", str(corpus), "-v0")
    figures["law import: rerun after the crash"] = (
        f"{out.strip().splitlines()[0]} ({time.perf_counter() - started:.0f} s)"
    )
    again = inst.fazhi("import", "laws", str(corpus), "-v0").strip().splitlines()[0]
    figures["law import: third run"] = again
    state = json.loads(inst.shell(LAW_CHECK))
    if state["half_written"]:
        failures.append(f"half-written documents after the rerun: {state['half_written'][:5]}")
    if "created 0, updated 0" not in again:
        failures.append(f"the third import run still found work: {again}")
    figures["law import: versions after the rerun"] = state["versions"]


def post(path: str, data: dict, token: str) -> tuple[int, dict]:
    req = urllib.request.Request(
        f"http://127.0.0.1:{PORT}{path}", data=json.dumps(data).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Token {token}"},
    )  # fmt: skip
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as exc:
        return exc.code, {}


def serve(inst: Installation) -> subprocess.Popen:
    web = inst.start(
        str(BIN / "gunicorn"), "fazhi.wsgi", "-w", "2", "--threads", "4", "-b", f"127.0.0.1:{PORT}", log="web.log"
    )
    for _ in range(300):
        if web.poll() is not None:
            break
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/api/v1/organisations/", timeout=2).read()
            return web
        except Exception:
            time.sleep(0.2)
    kill9(web)
    raise SystemExit("the web server did not start (see web.log)")


def burst(inst: Installation, tokens: list[str], total: int, threads: int, figures: dict, failures: list) -> None:
    run = time.strftime("%H%M%S")
    web = serve(inst)
    worker = inst.start(str(BIN / "fazhi"), "worker", log="worker.log")
    acknowledged: list[int] = []
    refused = [0]
    lock = threading.Lock()

    def submit(i: int) -> None:
        data = {
            "category": "noise",
            "description": f"崩溃测试 {run}-{i}:南京东路{i}号夜间施工噪声扰民,影响休息",
            "address": f"南京东路{i}号",
            "street": "310101002",
        }
        try:
            status, body = post("/api/v1/tickets/", data, tokens[i % len(tokens)])
        except Exception:
            return  # the server died: no answer, not acknowledged
        with lock:
            if status == 201 and body.get("id"):
                acknowledged.append(int(body["id"]))
            else:
                refused[0] += 1

    done = threading.Event()

    def killer() -> None:
        while len(acknowledged) < total // 2 and not done.is_set():
            time.sleep(0.01)
        kill9(web)
        kill9(worker)

    killing = threading.Thread(target=killer)
    killing.start()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(submit, range(total)))
    done.set()
    killing.join()
    rows = {
        int(r)
        for r in inst.shell(
            "from fazhi.hotline.models import Ticket; "
            f"print(','.join(str(pk) for pk in Ticket.objects.filter(description__contains='{run}-').values_list("
            "'pk', flat=True)))"
        ).split(",")
        if r
    }
    lost = sorted(set(acknowledged) - rows)
    figures["burst: submissions sent / acknowledged (201) before and while the kill"] = f"{total} / {len(acknowledged)}"
    figures["burst: rows for them"] = len(rows)
    figures["burst: acknowledged but lost"] = len(lost)
    figures["burst: committed, answer lost in the kill"] = len(rows - set(acknowledged))
    figures["burst: refused (4xx/5xx) before the kill"] = refused[0]
    if lost:
        failures.append(f"acknowledged submissions lost: {lost[:10]}")
    # Restart: the platform takes submissions again.
    web = serve(inst)
    status, _body = post("/api/v1/tickets/", {"category": "noise", "description": f"崩溃测试 {run} 重启后:噪声扰民",
                                              "address": "南京东路1号", "street": "310101002"}, tokens[0])  # fmt: skip
    figures["burst: first submission after the restart"] = status
    if status != 201:
        failures.append(f"submission after the restart answered {status}")
    kill9(web)


def sweep(inst: Installation, figures: dict, failures: list) -> None:
    overdue, first = (int(n) for n in inst.shell(SWEEP_SETUP).split())
    process = inst.start(str(BIN / "fazhi"), "casework", "sweep", log="sweep.log")
    deadline = time.time() + 300
    while process.poll() is None and time.time() < deadline:
        if inst.count("SELECT COUNT(*) FROM hotline_ticket WHERE overdue_alerted_at IS NOT NULL") >= overdue // 2:
            break
        time.sleep(0.05)
    alerted_at_kill = inst.count("SELECT COUNT(*) FROM hotline_ticket WHERE overdue_alerted_at IS NOT NULL")
    kill9(process)
    inst.fazhi("casework", "sweep")
    state = json.loads(inst.shell(SWEEP_CHECK.replace("FIRST", str(first))))
    figures["sweep: overdue tickets / alerted when killed"] = f"{overdue} / {alerted_at_kill}"
    figures["sweep: not alerted after the rerun"] = state["not_alerted"]
    figures["sweep: alerted twice (alert sent, mark lost in the kill)"] = state["alerted_twice"]
    if state["not_alerted"]:
        failures.append(f"{state['not_alerted']} overdue tickets not alerted after the rerun")
    if state["alerted_twice"]:
        failures.append(f"{state['alerted_twice']} tickets alerted twice")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=400, help="submissions in the burst")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (logs, database)")
    args = parser.parse_args()
    global PORT
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        PORT = probe.getsockname()[1]
    root = Path(tempfile.mkdtemp(prefix="fazhi-crash-"))
    inst = Installation(root, os.environ.get("DATABASE_URL"))
    figures: dict[str, object] = {"database": "SQLite (temporary)" if inst.sqlite else "PostgreSQL (DATABASE_URL)"}
    failures: list[str] = []
    started = time.perf_counter()
    try:
        inst.fazhi("migrate", "--no-input", "-v0")
        tokens = json.loads(inst.shell(PREPARE))
        inst.fazhi("audit", "anchor")
        law_import(inst, figures, failures)
        burst(inst, tokens, args.tickets, args.threads, figures, failures)
        sweep(inst, figures, failures)
        figures["audit: sealed after the crashes"] = inst.fazhi("audit", "seal").strip().splitlines()[-1]
        inst.fazhi("audit", "anchor")
        verify = inst.fazhi("audit", "verify", check=False).strip().splitlines()[-1]
        figures["audit: verify"] = verify
        if "intact" not in verify or "BROKEN" in verify:
            failures.append(f"audit trail: {verify}")
    finally:
        for process in STARTED:
            kill9(process)
        figures["seconds"] = round(time.perf_counter() - started)
        for key, value in figures.items():
            print(f"{key}: {value}")
        if not args.keep and not failures:
            shutil.rmtree(root, ignore_errors=True)
        else:
            print(f"kept: {root}")
    if failures:
        print("FAILED:\n  " + "\n  ".join(failures))
        sys.exit(1)
    print("crash test passed")


if __name__ == "__main__":
    main()
