"""CPU time (thread_time) of SearchEngine.search over the dev questions: p50/p95 per pass.

PYTHONPATH=. .venv/bin/python bench/law_cpu.py --index bench/out/laws.sqlite [--passes 2] [--profile N]
Wall latency on a shared machine moves with the neighbours' load; thread CPU time does not.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from law_search import OUT, Gold, load  # noqa: E402

from fazhi.laws.retrieval.engine import SearchEngine  # noqa: E402
from fazhi.laws.retrieval.query import TitleEntry, TitleIndex  # noqa: E402


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[max(int(len(xs) * p) - 1, 0)]


def dev_questions(engine: SearchEngine, sets: str) -> list[str]:
    """The dev sets' questions (items whose gold law the corpus has), in set order."""
    gold = Gold(TitleIndex([TitleEntry(w, s, lv) for w, s, _t, lv in engine.backend.titles()]))
    return [q for name in sets.split(",") for q, _ in gold.items(name, load(name))]


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--index", type=Path, default=OUT / "laws.sqlite")
    p.add_argument("--sets", default="1-1,3-2,3-8,3-1")
    p.add_argument("--passes", type=int, default=2)
    p.add_argument("--profile", type=int, default=0, help="cProfile the N slowest questions afterwards")
    p.add_argument("--dump", type=Path, help="write the search results (ids, scores) here, for diffing")
    args = p.parse_args()
    engine = SearchEngine.open(args.index)
    qs = dev_questions(engine, args.sets)
    cpu: dict[str, float] = {}
    for i in range(args.passes):
        lat = []
        # no help from the previous pass: each pass segments its queries afresh
        clear = getattr(getattr(engine.seg, "_search_tokens", None), "cache_clear", None)
        if clear:
            clear()
        for q in qs:
            t = time.thread_time()
            engine.search(q, limit=10)
            lat.append((time.thread_time() - t) * 1000)
            cpu[q] = min(cpu.get(q, 1e9), lat[-1])
        print(f"pass {i + 1}: {len(qs)} queries, cpu p50 {statistics.median(lat):.1f} p95 {pct(lat, 0.95):.1f} ms")
    if args.passes > 1:
        best = list(cpu.values())
        print(f"best of {args.passes} per query: cpu p50 {statistics.median(best):.1f} p95 {pct(best, 0.95):.1f} ms")
    if args.dump:
        import json

        out = []
        for q in qs:
            r = engine.search(q, limit=10)
            out.append([[h.article_id, h.score, h.snippet, h.why] for h in r.hits] + [r.query_tokens])
        args.dump.write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")
    if args.profile:
        import cProfile
        import pstats

        slow = sorted(qs, key=lambda q: -cpu[q])[: args.profile]
        pr = cProfile.Profile()
        pr.enable()
        for q in slow:
            engine.search(q, limit=10)
        pr.disable()
        pstats.Stats(pr).sort_stats("cumulative").print_stats(35)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
