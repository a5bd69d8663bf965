"""Law library on the whole platform: import time, search over HTTP, citation resolution, server memory.

Sets up its own installation under bench/out/platform (SQLite, the full corpus shipped in data/laws), serves it
with gunicorn on a loopback port, and reports figures beside a baseline measured in the same run:

- import: `fazhi setup` from an empty database (target ≤ 180 s), then a second run (nothing changed);
- search p50/p95 over HTTP (`/api/v1/law-search/`) vs. the plain organisation-directory endpoint — the
  baseline is the platform's own request overhead (target search p95 ≤ 80 ms);
- citation resolution p50/p95 in-process (target p95 ≤ 5 ms) vs. a bare dictionary lookup of the law name;
- resident memory (RSS) of each serving process after the run (target ≤ 600 MB).

    .venv/bin/python bench/law_platform.py [--fresh] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

from benchstats import pct

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "platform"
BIN = Path(sys.executable).parent
PORT = 8765
QUERIES = [
    "公司拖欠工资三个月怎么办",
    "邻居家高空抛物砸坏了我的车",
    "网购的东西七天能退吗",
    "劳动合同法 第82条",
    "民法典第一千一百六十五条",
    "离婚后孩子抚养费怎么算",
    "房东不退押金",
    "交通事故对方全责不赔钱",
    "试用期被辞退有补偿吗",
    "借钱不还打了欠条",
    "盗窃罪",
    "个人信息被泄露",
    "物业费可以不交吗",
    "加班费",
]


def env() -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "fazhi.settings.base",
        "FAZHI_VAR_DIR": str(OUT / "var"),
        "DATABASE_URL": f"sqlite:///{OUT / 'fazhi.sqlite3'}",
        "THROTTLE_ANON": "100000/min",
    }


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env(), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def lawbench_questions(limit: int = 60) -> list[str]:
    out = []
    for name in ("3-2", "3-8"):
        with open(ROOT / "bench" / "lawbench-dev" / f"{name}.jsonl", encoding="utf-8") as handle:
            out += [json.loads(line)["question"][:500] for line in handle][: limit // 2]
    return out


def http_times(path: str, params: list[dict[str, str]], rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        for query in params:
            url = f"http://127.0.0.1:{PORT}{path}?{urllib.parse.urlencode(query)}"
            start = time.perf_counter()
            with urllib.request.urlopen(url, timeout=30) as response:
                response.read()
            times.append((time.perf_counter() - start) * 1000)
    return times


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


RESOLVE_SNIPPET = """
import json, statistics, time
from fazhi.laws.resolver import resolver
from fazhi.laws.models import Work
citations = json.loads(open({path!r}).read())
r = resolver(); r.find("民法典第一条")
times = []
for _ in range(3):
    for c in citations:
        t = time.perf_counter(); r.find(c); times.append((time.perf_counter() - t) * 1000)
titles = {{w.short_title: w.pk for w in Work.objects.only("short_title")}}
base = []
for _ in range(3):
    for c in citations:
        t = time.perf_counter(); titles.get(c[:3]); base.append((time.perf_counter() - t) * 1000)
found = sum(1 for c in citations if any(f.status == "FOUND" for f in r.find(c)))
print(json.dumps({{"n": len(citations), "found": found, "times": times, "base": base}}))
"""


def citations_from_lawbench() -> list[str]:
    import re

    pattern = re.compile(r"《[^》]{2,40}》第[零一二三四五六七八九十百千\\d]+条(?:第[零一二三四五六七八九十\\d]+款)?")
    found: list[str] = []
    for name in ("3-2", "3-8", "1-1"):
        with open(ROOT / "bench" / "lawbench-dev" / f"{name}.jsonl", encoding="utf-8") as handle:
            for line in handle:
                item = json.loads(line)
                found += pattern.findall(item.get("answer", "") + item.get("question", ""))
    return sorted(set(found))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--fresh", action="store_true", help="start from an empty database (measures import)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if args.fresh and OUT.exists():
        subprocess.run(["rm", "-rf", str(OUT)], check=True)
    OUT.mkdir(parents=True, exist_ok=True)
    rows: list[tuple[str, str, str, str]] = []
    first = timed([str(BIN / "fazhi"), "setup"])
    again = timed([str(BIN / "fazhi"), "setup"])
    rows.append(("setup: first / second run (s)", f"{first:.1f} / {again:.1f}", "—", "import ≤ 180"))

    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "fazhi.wsgi", "-w", "2", "-b", f"127.0.0.1:{PORT}", "--preload", "--timeout", "120"],
        env=env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/api/v1/organisations/", timeout=2).read()
                break
            except OSError:
                time.sleep(0.5)
        queries = [{"q": q} for q in QUERIES + lawbench_questions()]
        http_times("/api/v1/law-search/", queries[:10], 1)  # warm both workers
        search = http_times("/api/v1/law-search/", queries, args.rounds)
        base = http_times("/api/v1/organisations/", [{"kind": "district"}] * len(queries), args.rounds)
        rows.append(
            (
                "search over HTTP p50 / p95 (ms)",
                f"{statistics.median(search):.1f} / {pct(search, 95):.1f}",
                f"{statistics.median(base):.1f} / {pct(base, 95):.1f}",
                "p95 ≤ 80",
            )
        )
        workers = children(server.pid)
        memory = " / ".join(f"{rss_mb(p):.0f}" for p in [server.pid, *workers])
        rows.append(("RSS master / workers (MB)", memory, "—", "≤ 600 each"))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    citations = citations_from_lawbench()
    data = OUT / "citations.json"
    data.write_text(json.dumps(citations, ensure_ascii=False), encoding="utf-8")
    result = subprocess.run(
        [str(BIN / "fazhi"), "shell", "--no-imports", "-c", RESOLVE_SNIPPET.format(path=str(data))],
        env=env(),
        check=True,
        capture_output=True,
        text=True,
    )
    resolved = json.loads(result.stdout.strip().splitlines()[-1])
    rows.append(
        (
            "citation resolution p50 / p95 (ms)",
            f"{statistics.median(resolved['times']):.3f} / {pct(resolved['times'], 95):.3f}",
            f"{statistics.median(resolved['base']):.4f} / {pct(resolved['base'], 95):.4f}",
            "p95 ≤ 5",
        )
    )
    rows.append(("LawBench citations resolved (FOUND)", f"{resolved['found']} / {resolved['n']}", "—", "—"))

    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'fazhi':>22}  {'baseline':>18}  target")
    for name, ours, baseline, target in rows:
        print(f"{name:<{width}}  {ours:>22}  {baseline:>18}  {target}")


if __name__ == "__main__":
    main()
