"""Law-search benchmark on the LawBench dev sets: our engine (via the batch CLI) vs plain BM25.

    .venv/bin/python bench/law_search.py [--build] [--sets 1-1,3-2,3-8,3-1]      # `fazhi law search --jsonl`
    .venv/bin/python bench/law_search.py --index bench/out/laws.sqlite [--build]  # the retrieval package alone

- Ours: `python -m fazhi.laws.retrieval.batch search --jsonl` as a subprocess (its peak RSS is reported),
  plus in-process latency of SearchEngine.search over the same questions.
- Baseline: rank-bm25 BM25Okapi over jieba tokens (title + text) of the in-force articles, scored
  in this process through an inverted index with rank-bm25's own idf table and formula (identical
  scores to BM25Okapi.get_scores, without its O(corpus) loop per term).
Gold articles come from each item's `answer`; law names are resolved against corpus titles.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from fazhi.laws.retrieval.engine import SearchEngine  # noqa: E402
from fazhi.laws.retrieval.model import cn_to_int, short_title  # noqa: E402
from fazhi.laws.retrieval.query import TitleEntry, TitleIndex  # noqa: E402

DEV = ROOT / "bench" / "lawbench-dev"
OUT = ROOT / "bench" / "out"
PLATFORM_INDEX = OUT / "platform" / "var" / "search" / "laws.sqlite"
_NUM = r"([0-9]+|[零〇一二三四五六七八九十百千两]+)"
_PUNCT = re.compile(r"[\s,，。；;：:、“”\"'‘’（）()《》〈〉<>【】\[\]！!？?·…—\-]+")


def platform_env() -> dict[str, str]:
    from law_platform import env

    return env()


def load(name: str) -> list[dict[str, str]]:
    return [json.loads(line) for line in (DEV / f"{name}.jsonl").read_text(encoding="utf-8").splitlines() if line]


def char_f1(a: str, b: str) -> float:
    a, b = _PUNCT.sub("", a), _PUNCT.sub("", b)
    if not a or not b:
        return 0.0
    common = sum((Counter(a) & Counter(b)).values())
    if not common:
        return 0.0
    p, r = common / len(a), common / len(b)
    return 2 * p * r / (p + r)


def norm_law(title: str) -> str:
    return short_title(title).replace("《", "").replace("》", "")


class Gold:
    """Parses gold citations out of answers, resolving law names against corpus titles."""

    def __init__(self, titles: TitleIndex) -> None:
        self.titles = titles

    def cites(self, text: str) -> list[tuple[str, int]]:
        text = text.replace("&lt;", "<").replace("&gt;", ">")
        mentions = self.titles.find(text)
        out: list[tuple[str, int]] = []
        for m in re.finditer(rf"第{_NUM}条", text):
            before = [e for s, end, e in mentions if end <= m.start()]
            n = cn_to_int(m.group(1))
            if before and n is not None:
                key = (before[-1][0].short_title, n)
                if key not in out:
                    out.append(key)
        return out

    def items(self, name: str, rows: list[dict[str, str]]) -> list[tuple[str, list[tuple[str, int]]]]:
        items = []
        for r in rows:
            ans = r["answer"]
            if name == "3-1":
                nums = re.findall(r"\d+", ans.split("刑法", 1)[-1])
                gold = [("刑法", int(n)) for n in nums]
            elif name == "3-8":
                gold = self.cites(ans.split("法律依据", 1)[-1])
            elif name == "3-2":
                gold = self.cites(ans)[:1]
            else:
                gold = self.cites(r["question"])[:1]
            items.append((r["question"], gold))
        return items


# -- baseline ---------------------------------------------------------------
class Bm25Baseline:
    def __init__(self, index: Path) -> None:
        import jieba
        import numpy as np
        from rank_bm25 import BM25Okapi

        from fazhi.laws.retrieval.backend import SqliteFtsBackend

        conn = SqliteFtsBackend(index).conn
        rows = conn.execute("SELECT title, number, text FROM articles WHERE in_force = 1").fetchall()
        self.rows = rows
        self.jieba = jieba
        t0 = time.perf_counter()
        corpus = [self.tok(f"{t} {x}") for t, _, x in rows]
        self.model = BM25Okapi(corpus)
        self.np = np
        post: dict[str, tuple[list[int], list[int]]] = {}
        for i, freqs in enumerate(self.model.doc_freqs):
            for w, f in freqs.items():
                p = post.setdefault(w, ([], []))
                p[0].append(i)
                p[1].append(f)
        self.post = {w: (np.array(d), np.array(f, dtype=float)) for w, (d, f) in post.items()}
        self.dl = np.array(self.model.doc_len, dtype=float)
        self.build_seconds = time.perf_counter() - t0

    def tok(self, text: str) -> list[str]:
        return [w for w in self.jieba.lcut(text) if w.strip() and not _PUNCT.fullmatch(w)]

    def search(self, q: str, k: int = 10) -> list[dict[str, object]]:
        m, np = self.model, self.np
        score = np.zeros(len(self.rows))
        for w in self.tok(q):  # every occurrence, as rank-bm25 does
            if w in self.post:
                d, f = self.post[w]
                denom = f + m.k1 * (1 - m.b + m.b * self.dl[d] / m.avgdl)
                score[d] += (m.idf.get(w) or 0) * f * (m.k1 + 1) / denom
        top = np.argsort(-score)[:k]
        return [{"law": self.rows[i][0], "article": self.rows[i][1], "text": self.rows[i][2]} for i in top]


# -- metrics ----------------------------------------------------------------
def old_texts(conn, gold: list[tuple[str, int]]) -> dict[tuple[str, int], list[str]]:  # type: ignore[no-untyped-def]
    """Texts of gold articles in superseded versions: a revision may renumber them."""
    out = {}
    for law, num in gold:
        rows = conn.execute(
            "SELECT text FROM articles WHERE short_title = ? AND number = ? AND in_force = 0", (law, num)
        ).fetchall()
        out[(law, num)] = [t for (t,) in rows]
    return out


def rank_metrics(items, hits, conn=None) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """R@1, R@10 (share of gold found, capped at 10), MRR@10; drift-tolerant R@10 when conn is given."""
    r1 = r10 = mrr = tol = 0.0
    n = 0
    for (_, gold), hs in zip(items, hits, strict=True):
        if not gold:
            continue
        n += 1
        keys = [(norm_law(str(h["law"])), int(h["article"])) for h in hs[:10]]  # type: ignore[call-overload]
        gset = set(gold)
        r1 += 1.0 if keys[:1] and keys[0] in gset else 0.0
        r10 += len(gset & set(keys)) / min(len(gset), 10)
        first = next((i for i, k in enumerate(keys) if k in gset), None)
        mrr += 1 / (first + 1) if first is not None else 0.0
        if conn is not None:
            olds = old_texts(conn, gold)
            found = {
                g
                for g in gset
                for (law, _), h in zip(keys, hs[:10], strict=False)
                if g in keys or (law == g[0] and any(char_f1(str(h["text"]), t) >= 0.9 for t in olds[g]))
            }
            tol += len(found) / min(len(gset), 10)
    return {
        "n": n,
        "R@1": r1 / max(n, 1),
        "R@10": r10 / max(n, 1),
        "MRR@10": mrr / max(n, 1),
        "R@10 drift-tolerant": tol / max(n, 1),
    }


def recite_metrics(rows: list[dict[str, str]], items, hits, conn) -> dict[str, object]:  # type: ignore[no-untyped-def]
    covered = ok = 0
    drift: list[str] = []
    misses: list[str] = []
    for r, (_q, gold), hs in zip(rows, items, hits, strict=True):
        if not gold:
            continue
        covered += 1
        gtext = r["answer"].split("答案:", 1)[-1]
        if hs and char_f1(str(hs[0]["text"]), gtext) >= 0.9:
            ok += 1
            continue
        law, num = gold[0]
        olds = conn.execute("SELECT text FROM articles WHERE short_title = ? AND number = ?", (law, num)).fetchall()
        if any(char_f1(t, gtext) >= 0.9 for (t,) in olds):
            drift.append(f"{law} 第{num}条")
        else:
            misses.append(f"{r['id']} {law} 第{num}条")
    return {"items": len(rows), "covered": covered, "ok": ok, "drift": drift, "misses": misses}


def run_cli(
    index: Path, queries: list[str], limit: int = 10, platform: bool = False
) -> tuple[list[list[dict[str, object]]], float]:
    """The platform's `fazhi law search --jsonl` (default), or the standalone retrieval batch over --index."""
    inp = "".join(json.dumps({"q": q}, ensure_ascii=False) + "\n" for q in queries)
    if platform:
        cmd = [str(Path(sys.executable).parent / "fazhi"), "law", "search", "--jsonl", "--stats", "--limit", str(limit)]
        env = platform_env()
    else:
        cmd = [
            sys.executable,
            "-m",
            "fazhi.laws.retrieval.batch",
            "search",
            "--jsonl",
            "--stats",
            "--limit",
            str(limit),
            "--index",
            str(index),
        ]
        env = None
    proc = subprocess.run(cmd, input=inp, capture_output=True, text=True, cwd=ROOT, check=True, env=env)
    # the CLI reports its own VmHWM: RUSAGE_CHILDREN would count this (large) process, forked before exec
    rss_mb = json.loads(proc.stderr.strip().splitlines()[-1])["peak_rss_mb"]
    return [json.loads(line)["hits"] for line in proc.stdout.splitlines()], rss_mb


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument(
        "--index",
        type=Path,
        default=None,
        help="measure the standalone retrieval batch over this index instead of the platform",
    )
    p.add_argument("--build", action="store_true")
    p.add_argument("--sets", default="1-1,3-2,3-8,3-1")
    p.add_argument("--no-baseline", action="store_true")
    p.add_argument("--misses", type=Path, help="write per-item misses (JSON) here")
    p.add_argument("--halves", action="store_true", help="also report the even (a) and odd (b) items of each set apart")
    args = p.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    build_s = None
    platform = args.index is None
    if platform:
        # The platform installation of bench/law_platform.py: `fazhi setup` imports the corpus and builds its index.
        args.index = PLATFORM_INDEX
        if args.build or not args.index.exists():
            t0 = time.perf_counter()
            subprocess.run(
                [str(Path(sys.executable).parent / "fazhi"), "setup"],
                cwd=ROOT,
                check=True,
                env=platform_env(),
                stdout=subprocess.DEVNULL,
            )
            build_s = time.perf_counter() - t0
    elif args.build or not args.index.exists():
        t0 = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "fazhi.laws.retrieval.batch",
                "build",
                "--index",
                str(args.index),
                "--corpus",
                str(ROOT / "data/laws"),
            ],
            cwd=ROOT,
            check=True,
        )
        build_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    engine = SearchEngine.open(args.index)
    open_s = time.perf_counter() - t0
    conn = engine.backend.conn  # type: ignore[attr-defined]
    titles = TitleIndex([TitleEntry(w, s, lv) for w, s, _t, lv in engine.backend.titles()])
    gold = Gold(titles)
    base = None if args.no_baseline else Bm25Baseline(args.index)
    table: list[tuple[str, str, str]] = []
    lat: list[float] = []
    rss = 0.0
    misses: dict[str, list[object]] = {}
    for name in args.sets.split(","):
        rows = load(name)
        items = gold.items(name, rows)
        ours, rss_mb = run_cli(args.index, [q for q, _ in items], platform=platform)
        rss = max(rss, rss_mb)
        for q, _ in items:
            t = time.perf_counter()
            engine.search(q, limit=10)
            lat.append((time.perf_counter() - t) * 1000)
        theirs = [base.search(q) for q, _ in items] if base else None
        if name == "1-1":
            if args.halves:
                for label, sl in ((" half a", slice(0, None, 2)), (" half b", slice(1, None, 2))):
                    ma = recite_metrics(rows[sl], items[sl], ours[sl], conn)
                    ba = recite_metrics(rows[sl], items[sl], theirs[sl], conn)["ok"] if theirs else None
                    table.append(
                        (
                            f"{name}{label} top-1 F1≥0.9",
                            f"{ma['ok'] / max(ma['covered'], 1):.3f}",
                            f"{ba / max(ma['covered'], 1):.3f}" if ba is not None else "-",
                        )
                    )
            mo = recite_metrics(rows, items, ours, conn)
            cov = mo["covered"]
            table.append((f"{name} coverage", f"{cov}/{mo['items']}", ""))
            b_ok = recite_metrics(rows, items, theirs, conn)["ok"] if theirs else None
            table.append(
                (
                    f"{name} top-1 text F1≥0.9 (of covered)",
                    f"{mo['ok'] / max(cov, 1):.3f}",
                    f"{b_ok / max(cov, 1):.3f}" if b_ok is not None else "-",
                )
            )  # type: ignore[operator]
            table.append((f"{name} misses that are version drift", f"{len(mo['drift'])}", ""))
            misses[name] = [*mo["misses"], *(f"drift: {d}" for d in mo["drift"])]  # type: ignore[misc]
        else:
            parts = [("", slice(None))]
            if args.halves:
                parts += [(" half a", slice(0, None, 2)), (" half b", slice(1, None, 2))]
            for label, sl in parts:
                mo = rank_metrics(items[sl], ours[sl], conn)
                mb = rank_metrics(items[sl], theirs[sl], conn) if theirs else None
                for key in ("R@1", "R@10", "MRR@10", "R@10 drift-tolerant"):
                    table.append(
                        (f"{name}{label} {key} (n={mo['n']})", f"{mo[key]:.3f}", f"{mb[key]:.3f}" if mb else "-")
                    )
            misses[name] = [
                {"q": q[:120], "gold": g, "top": [(norm_law(str(h["law"])), h["article"]) for h in hs[:5]]}
                for (q, g), hs in zip(items, ours, strict=True)
                if g and not set(g) & {(norm_law(str(h["law"])), h["article"]) for h in hs[:10]}
            ]
    lat.sort()
    table.append(("latency p50 ms (in-process)", f"{statistics.median(lat):.1f}", ""))
    table.append(("latency p95 ms (in-process)", f"{lat[int(len(lat) * 0.95) - 1]:.1f}", ""))
    table.append(("engine open s (jieba dict + titles)", f"{open_s:.2f}", ""))
    table.append(("peak RSS MB (batch CLI)", f"{rss:.0f}", ""))
    if build_s is not None:
        table.append(("import + index build s" if platform else "index build s", f"{build_s:.0f}", ""))
    if base:
        table.append(("baseline build s (tokenise + fit)", "", f"{base.build_seconds:.0f}"))
    w = max(len(r[0]) for r in table) + 2
    print(f"{'measure':<{w}}{'ours':>10}{'BM25':>10}")
    for label, a, b in table:
        print(f"{label:<{w}}{a:>10}{b:>10}")
    if args.misses:
        args.misses.write_text(json.dumps(misses, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
