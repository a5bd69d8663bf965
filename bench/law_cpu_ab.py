"""Interleaved CPU-time A/B of two copies of fazhi.laws.retrieval on the dev questions.

PYTHONPATH=.:DIR .venv/bin/python bench/law_cpu_ab.py --index bench/out/laws.sqlite --other PKG
where DIR/PKG is another checkout's retrieval package copied under a different name. Each
question runs on A then B, alternately, for --rounds rounds; the per-question minimum is kept,
so both sides see the same neighbours' load (a shared machine's CPU time drifts by 20 %).
"""

from __future__ import annotations

import argparse
import importlib
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from law_cpu import dev_questions, pct  # noqa: E402
from law_search import OUT  # noqa: E402

from fazhi.laws.retrieval.engine import SearchEngine  # noqa: E402


def _forget(engine: SearchEngine) -> None:
    """Empty the segmenter's token memo and the backend's decoded impact lists."""
    memo = getattr(engine.seg, "_search_tokens", None)
    if memo is not None:
        memo.cache_clear()
    rows = getattr(engine.backend, "_rows", None)
    if rows is not None and hasattr(rows, "_postings"):
        rows._postings.clear()
        rows.rowid_of.clear()


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--index", type=Path, default=OUT / "laws.sqlite")
    p.add_argument("--other", required=True, help="importable name of the other retrieval package")
    p.add_argument("--sets", default="1-1,3-2,3-8,3-1")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--cold", action="store_true", help="empty the memo caches before every question")
    args = p.parse_args()
    other = importlib.import_module(f"{args.other}.engine").SearchEngine
    engines = {"this": SearchEngine.open(args.index), args.other: other.open(args.index)}
    qs = dev_questions(engines["this"], args.sets)
    best: dict[str, list[float]] = {k: [1e9] * len(qs) for k in engines}
    for r in range(args.rounds):
        for i, q in enumerate(qs):
            order = list(engines.items()) if (i + r) % 2 == 0 else list(engines.items())[::-1]
            for name, eng in order:
                if args.cold:
                    _forget(eng)
                t = time.thread_time()
                eng.search(q, limit=10)
                best[name][i] = min(best[name][i], (time.thread_time() - t) * 1000)
    for name, xs in best.items():
        print(f"{name:16s} best of {args.rounds}: cpu p50 {statistics.median(xs):.1f} p95 {pct(xs, 0.95):.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
