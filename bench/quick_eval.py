"""Fast in-process loop over the dev sets (no subprocess, no baseline): ours only.

.venv/bin/python bench/quick_eval.py [--index bench/out/laws.sqlite] [--sets 3-2,3-8,3-1,1-1]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from law_search import OUT, Gold, load, norm_law, rank_metrics, recite_metrics  # noqa: E402

from fazhi.laws.retrieval.engine import SearchEngine  # noqa: E402
from fazhi.laws.retrieval.query import TitleEntry, TitleIndex  # noqa: E402


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--index", type=Path, default=OUT / "laws.sqlite")
    p.add_argument("--sets", default="1-1,3-2,3-8,3-1")
    p.add_argument("--pool", type=int, default=200)
    p.add_argument("--deep", type=int, default=0, help="also report recall within the top N")
    p.add_argument("--param", action="append", default=[], help="module.NAME=value override, e.g. engine.WIDE=1500")
    p.add_argument("--half", choices=("a", "b"), help="even (a) or odd (b) items only: tune on one, check the other")
    p.add_argument("--misses", type=Path, help="write the items whose gold is not in the top 10 (JSON) here")
    args = p.parse_args()
    import importlib

    for spec in args.param:
        target, _, value = spec.partition("=")
        mod, _, attr = target.rpartition(".")
        module = importlib.import_module(f"fazhi.laws.retrieval.{mod}")
        setattr(module, attr, type(getattr(module, attr))(value))
    engine = SearchEngine.open(args.index)
    conn = engine.backend.conn  # type: ignore[attr-defined]
    gold = Gold(TitleIndex([TitleEntry(w, s, lv) for w, s, _t, lv in engine.backend.titles()]))
    lat: list[float] = []
    misses: dict[str, object] = {}
    for name in args.sets.split(","):
        rows = load(name)
        if args.half:
            rows = rows[(args.half == "b") :: 2]
        items = gold.items(name, rows)
        hits = []
        for q, _ in items:
            t = time.perf_counter()
            res = engine.search(q, limit=max(10, args.deep), pool=args.pool)
            lat.append((time.perf_counter() - t) * 1000)
            hits.append([{"law": h.title, "article": h.number, "text": h.text} for h in res.hits])
        if name == "1-1":
            mo = recite_metrics(rows, items, hits, conn)
            print(f"1-1 ok {mo['ok'] / max(mo['covered'], 1):.3f}")
        else:
            if args.deep:
                keys = [{(norm_law(str(h["law"])), int(h["article"])) for h in hs} for hs in hits]  # type: ignore[call-overload]
                rec = [len(set(g) & k) / len(set(g)) for (_, g), k in zip(items, keys, strict=True) if g]
                print(f"{name} recall@{args.deep} {sum(rec) / len(rec):.3f}")
            hits = [hs[:10] for hs in hits]
            misses[name] = [
                {"q": q, "gold": g, "top": [(norm_law(str(h["law"])), h["article"]) for h in hs]}
                for (q, g), hs in zip(items, hits, strict=True)
                if g and not set(g) <= {(norm_law(str(h["law"])), h["article"]) for h in hs}
            ]
            mo = rank_metrics(items, hits, conn)
            print(
                f"{name} R@1 {mo['R@1']:.3f} R@10 {mo['R@10']:.3f} MRR {mo['MRR@10']:.3f} "
                f"tol {mo['R@10 drift-tolerant']:.3f}"
            )
    if args.misses:
        args.misses.write_text(json.dumps(misses, ensure_ascii=False, indent=1), encoding="utf-8")
    lat.sort()
    print(f"lat p50 {statistics.median(lat):.1f} p95 {lat[int(len(lat) * 0.95) - 1]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
