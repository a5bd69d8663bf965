"""Batch CLI: build an index file, or answer JSON-lines queries.

    python -m fazhi.laws.retrieval.batch build --index PATH --corpus data/laws   (cases feed popularity)
    python -m fazhi.laws.retrieval.batch search --jsonl --limit 10 --index PATH < queries.jsonl

Protocol (one line in, one line out): {"q": "..."} → {"hits": [{"law", "article", "text", "score"}]}.
Optional keys on input: "limit", "doc_type", "region", "in_force_on", "all_versions".
`serve_jsonl` holds the protocol so the Django CLI can call it with its own engine.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import IO

from fazhi.laws.corpus.cases import iter_cases
from fazhi.laws.corpus.parser import CASES_FOLDER

from .backend import SqliteFtsBackend
from .corpus_source import load_corpus
from .engine import SearchEngine, build_index
from .model import Filters


def _filters(req: dict[str, object]) -> Filters:
    def tup(key: str) -> tuple[str, ...]:
        v = req.get(key)
        return tuple(v) if isinstance(v, list) else ((str(v),) if v else ())

    return Filters(
        doc_types=tup("doc_type"),
        regions=tup("region"),
        in_force_only=not req.get("all_versions"),
        in_force_on=str(req["in_force_on"]) if req.get("in_force_on") else None,
    )


def answer(engine: SearchEngine, req: dict[str, object], limit: int) -> dict[str, object]:
    result = engine.search(str(req.get("q", "")), _filters(req), limit=int(req.get("limit") or limit))  # type: ignore[call-overload]
    return {
        "hits": [
            {
                "article_id": h.article_id,
                "law": h.title,
                "article": h.number,
                "text": h.text,
                "score": h.score,
                "label": h.label,
                "version_date": h.version_date,
                "in_force": h.in_force,
            }
            for h in result.hits
        ]
    }


def serve_jsonl(engine: SearchEngine, inp: IO[str], out: IO[str], limit: int = 10) -> int:
    """Answer every JSON line of `inp` on `out`; a bad line gets {"error": ...}. Returns lines served."""
    n = 0
    for line in inp:
        if not line.strip():
            continue
        try:
            req = json.loads(line)
            if not isinstance(req, dict):
                raise ValueError("expected an object")
            resp = answer(engine, req, limit)
        except (ValueError, TypeError) as exc:
            resp = {"error": str(exc), "hits": []}
        out.write(json.dumps(resp, ensure_ascii=False) + "\n")
        out.flush()
        n += 1
    return n


def build(index: Path, corpus: Path) -> None:
    t0 = time.perf_counter()
    records = load_corpus(corpus)
    cases = [c.full_text for c in iter_cases(corpus)] if (corpus / CASES_FOLDER).is_dir() else []
    tmp = index.with_suffix(index.suffix + ".tmp")
    tmp.unlink(missing_ok=True)
    backend = SqliteFtsBackend(tmp)
    backend.conn.execute("PRAGMA journal_mode=OFF")
    backend.conn.execute("PRAGMA synchronous=OFF")
    build_index(records, backend, citing_texts=cases)
    backend.conn.close()
    tmp.replace(index)  # readers never see a half-built index
    print(json.dumps({"articles": len(records), "seconds": round(time.perf_counter() - t0, 1)}), file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="fazhi.laws.retrieval.batch")
    sub = p.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build")
    b.add_argument("--index", type=Path, required=True)
    b.add_argument("--corpus", type=Path, default=Path("data/laws"))
    s = sub.add_parser("search")
    s.add_argument("--index", type=Path, required=True)
    s.add_argument("--jsonl", action="store_true", help="JSON lines on stdin/stdout (the only mode)")
    s.add_argument("--limit", type=int, default=10)
    s.add_argument("--stats", action="store_true", help="print peak RSS to stderr at the end")
    args = p.parse_args(argv)
    if args.cmd == "build":
        build(args.index, args.corpus)
        return 0
    engine = SearchEngine.open(args.index)
    serve_jsonl(engine, sys.stdin, sys.stdout, args.limit)
    if args.stats:
        print(json.dumps({"peak_rss_mb": round(peak_rss_mb(), 1)}), file=sys.stderr)
    return 0


def peak_rss_mb() -> float:
    """This process's peak resident set (VmHWM), from /proc where available."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    raise SystemExit(main())
