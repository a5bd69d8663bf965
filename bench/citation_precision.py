"""Precision of the law library's linked references (issue #21 point 1), before and after a change of rules.

PYTHONPATH=. .venv/bin/python bench/citation_precision.py [--n 300] [--seed 21] [--before 8da183d] [--hand 40]

Reads the corpus the project ships (data/laws, cases included) with the corpus package alone (no database), and
extracts citations the way the importer stores them (``corpus.citations.cite_text``: every article of every
version with its work, article and paragraphs as context; every case without context). "Linked" = a citation the
resolver marks FOUND, which the pages show as a link. "Before" runs the same loop with the citation module of the
git revision ``--before`` (default: main before the fix) and no paragraph context, as the importer then did.

It draws ``--n`` linked references at random (fixed seed) stratified by document type, checks each by RULE below
(independently of the resolver where it can: words, numbers and titles are re-read from the source text) and
prints the precision with a Wilson 95 % interval, per type and overall, for the current code and for "before".
``--hand N`` prints N sampled references with their context, for checking by eye.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import math
import random
import re
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fazhi.laws.corpus import citations as current  # noqa: E402
from fazhi.laws.corpus.abbreviations import ABBREVIATIONS  # noqa: E402
from fazhi.laws.corpus.cases import iter_cases  # noqa: E402
from fazhi.laws.corpus.classify import normalize_title  # noqa: E402
from fazhi.laws.corpus.models import Article, ParsedDocument  # noqa: E402
from fazhi.laws.corpus.numerals import cn_to_int  # noqa: E402
from fazhi.laws.corpus.parser import iter_corpus  # noqa: E402

BEFORE = "8da183d"  # main before issue #21 point 1
STRATA = ("法律", "行政法规", "司法解释", "部门规章", "地方性法规", "地方政府规章", "其他", "案例")

RULE = """A linked reference is correct when all of these hold:
 1. target: the cited article exists in the cited work (its newest version), and so do the 款 and 项 it names;
 2. words: the referring text is a reference, not part of a longer word: 本条 is not followed by 例/件
    (本条例 is the work itself, 基本条件 a word), and it does not start inside 基本/根本/资本/文本/样本;
 3. law: a named law (《…》 or a bare 刑法…) is the cited work: its title or its title without 中华人民共和国
    ends with the name as written (after the leading verbs), or the name is an abbreviation of that title;
    本法/本条例/本规定/本办法/本细则/本解释/本决定/本规则 cite the work being read, whose title carries that
    word (本条例 → …条例, 本法 → …法); 该法 cites the last law named before it in the same text;
    本条/本款/前款 cite the article being read, 前条 the one before it;
 4. number: the article (and 款, 项) numbers written in the text are the ones linked; 前款 in paragraph k links
    paragraph k − 1, 本款 paragraph k."""


@dataclass(slots=True)
class Ref:
    stratum: str
    source: str  # path (and article label)
    text: str  # the whole text the citation was found in
    span: object  # CitationSpan of the module that found it
    resolution: object
    context_work: str | None
    context_article: tuple[int, int] | None
    paragraphs: list[str]
    title: str  # the context work's title ("" for cases)


def load_module_at(rev: str) -> ModuleType:
    """fazhi.laws.corpus.citations as it was at git revision ``rev`` (its package's other modules as they are)."""
    source = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{rev}:fazhi/laws/corpus/citations.py"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    name = "fazhi.laws.corpus._citations_before"
    spec = importlib.util.spec_from_loader(name, loader=None)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    module.__package__ = "fazhi.laws.corpus"
    sys.modules[name] = module
    exec(compile(source, f"{rev}:fazhi/laws/corpus/citations.py", "exec"), module.__dict__)
    return module


def stratum_of(doc: ParsedDocument) -> str:
    return "法律" if doc.doc_type == "宪法" else doc.doc_type


def paragraph_texts(article: Article) -> list[str]:
    return [p.full_text for p in article.paragraphs]


def extract(
    module: ModuleType, docs: list[ParsedDocument], cases: list, *, with_paragraphs: bool
) -> tuple[list[Ref], dict[str, dict[tuple[int, int], tuple[int, ...]]]]:
    """Every citation the importer would store, with ``module``'s finder and resolver."""
    newest: dict[str, ParsedDocument] = {}
    for d in docs:
        held = newest.get(d.work_key)
        if held is None or (d.version_date or dt.date.min) >= (held.version_date or dt.date.min):
            newest[d.work_key] = d
    index = module.TitleIndex((k, d.title, (d.title.removeprefix("中华人民共和国"),)) for k, d in newest.items())
    table = module.article_table(docs)
    refs: list[Ref] = []

    def cite(text: str, **context: object) -> list[tuple[object, object]]:
        if hasattr(module, "cite_text"):
            return module.cite_text(text, index, table.get, **context)
        pairs = []  # the importer before: LibraryResolver.find, no paragraphs
        for span in module.find_citations(text, index):
            if span.relative == "implicit" and context.get("context_work_key") is None:
                continue
            ctx = {k: v for k, v in context.items() if k != "paragraphs"}
            pairs.append((span, module.resolve(span, index, table.get, **ctx)))
        return pairs

    for d in docs:
        if d.numbering != "article":
            continue
        for a in d.articles:
            paragraphs = paragraph_texts(a)
            context: dict[str, object] = {"context_work_key": d.work_key, "context_article": a.key}
            if with_paragraphs:
                context["paragraphs"] = paragraphs
            for span, resolution in cite(a.text, **context):
                refs.append(
                    Ref(stratum_of(d), f"{d.path} {a.label}", a.text, span, resolution, d.work_key, a.key,
                        paragraphs, d.title)
                )  # fmt: skip
    for c in cases:
        for span, resolution in cite(c.full_text):
            refs.append(Ref("案例", c.path, c.full_text, span, resolution, None, None, [], ""))
    return refs, table


_ARTICLE_RE = re.compile(r"第([零〇一二两三四五六七八九十百千\d０-９]+)条(?:之([零〇一二两三四五六七八九十百千\d]+))?")
_PARA_RE = re.compile(r"条(?:之[零〇一二两三四五六七八九十百千\d]+)?第([零〇一二两三四五六七八九十\d]+)款")
_REL_LAW_RE = re.compile(r"^(本|该)(法典|法|条例|规定|办法|细则|解释|决定|规则)")
_VERBS_RE = re.compile(r"^(?:依照|依据|根据|按照|违反|适用|参照|符合|以及|或者|属于|构成|规定|对照|即|系|及|和|与)+")


def _norm(name: str) -> str:
    return normalize_title(name.strip().strip("《》"))


def check(ref: Ref, table: dict, titles: dict[str, str], status_found: object) -> list[str]:
    """The rules RULE breaks for this reference (empty: correct)."""
    span, res = ref.span, ref.resolution
    text, start, end = ref.text, span.start, span.end  # type: ignore[attr-defined]
    written = text[start:end]
    problems = []
    work = res.work_key  # type: ignore[attr-defined]
    article = res.article  # type: ignore[attr-defined]
    # 1. target
    arts = table.get(work, {})
    if article is not None:
        for key in filter(None, (article, res.article_end)):  # type: ignore[attr-defined]
            if key not in arts:
                problems.append("1: no such article")
        paragraph = res.paragraph  # type: ignore[attr-defined]
        if (
            paragraph is not None
            and res.article_end is None
            and article in arts
            and not 1 <= paragraph <= len(arts[article])
        ):  # type: ignore[attr-defined]
            problems.append("1: no such paragraph")
    # 2. words
    if written.startswith("本条") and text[end : end + 1] in ("例", "件") and not written.startswith("本条例"):
        problems.append("2: 本条 of 本条例/本条件")
    if written.startswith("本") and text[max(0, start - 1) : start] in ("基", "根", "资", "文", "样"):
        problems.append("2: inside a word")
    # 3. law
    rel = _REL_LAW_RE.match(written)
    title = titles.get(work, "")
    if span.law_name:  # type: ignore[attr-defined]
        name = _VERBS_RE.sub("", _norm(span.law_name))  # type: ignore[attr-defined]
        full, short = _norm(title), _norm(title).removeprefix("中华人民共和国")
        abbreviation = ABBREVIATIONS.get(name)
        if not (full.endswith(name) or short.endswith(name) or (abbreviation and _norm(abbreviation) in (full, short))):
            problems.append(f"3: {span.law_name} is not {title}")  # type: ignore[attr-defined]
    elif rel and rel.group(1) == "本":
        if work != ref.context_work:
            problems.append("3: 本… is not the work being read")
        elif rel.group(2) not in ref.title:
            problems.append(f"3: {rel.group(0)} in {ref.title}")
    elif rel and rel.group(1) == "该":
        earlier = [s for s in current.find_citations(text[:start]) if s.law_name]
        if not earlier or not (_norm(titles.get(work, "")).endswith(_norm(earlier[-1].law_name or "-"))):
            problems.append("3: 该法 is not the last law named")
    elif span.relative in ("this_article", "this_paragraph", "previous_paragraph"):  # type: ignore[attr-defined]
        if (work, article) != (ref.context_work, ref.context_article):
            problems.append("3: 本条/前款 is not the article being read")
    elif span.relative == "previous_article":  # type: ignore[attr-defined]
        earlier = [k for k in table.get(ref.context_work, {}) if ref.context_article and k < ref.context_article]
        if (work, article) != (ref.context_work, max(earlier, default=None)):
            problems.append("3: 前条 is not the article before")
    # 4. numbers
    m = _ARTICLE_RE.search(written)
    if m and article is not None:
        number = (cn_to_int(m.group(1)), cn_to_int(m.group(2)) if m.group(2) else 0)
        if number != article:
            problems.append(f"4: {m.group(0)} linked as {article}")
    p = _PARA_RE.search(written)
    if p and res.paragraph != cn_to_int(p.group(1)) and res.article_end is None:  # type: ignore[attr-defined]
        problems.append("4: 款 number")
    if written in ("前款", "本款") and ref.paragraphs:
        here = _paragraph_of(ref.text, ref.paragraphs, start)
        want = here - 1 if written == "前款" else here
        if res.paragraph != want:  # type: ignore[attr-defined]
            problems.append(f"4: {written} in paragraph {here} linked as {res.paragraph}")  # type: ignore[attr-defined]
    if res.status != status_found:  # type: ignore[attr-defined]
        problems.append("not FOUND")
    return problems


def _paragraph_of(text: str, paragraphs: list[str], offset: int) -> int:
    """Independent of paragraph_at: count the paragraph openings before ``offset``."""
    pos, number = 0, 0
    for p in paragraphs:
        at = text.find(p, pos)
        if at < 0 or at > offset:
            break
        number, pos = number + 1, at + len(p)
    return number


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    if n == 0:
        return 0.0, 0.0
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def sample(refs: list[Ref], n: int, seed: int) -> list[Ref]:
    """``n`` references, as evenly as the strata allow (a small stratum gives all it has)."""
    by: dict[str, list[Ref]] = defaultdict(list)
    for r in refs:
        by[r.stratum].append(r)
    rng = random.Random(seed)
    quota = dict.fromkeys((s for s in STRATA if by[s]), 0)
    left = n
    while left > 0 and any(quota[s] < len(by[s]) for s in quota):
        for s in quota:
            if left and quota[s] < len(by[s]):
                quota[s] += 1
                left -= 1
    return [r for s in quota for r in rng.sample(by[s], quota[s])]


def report(label: str, refs: list[Ref], table: dict, titles: dict, found: object, args: argparse.Namespace) -> None:
    linked = [r for r in refs if r.resolution.status == found]  # type: ignore[attr-defined]
    own = sum(
        1
        for r in linked
        if r.resolution.work_key == r.context_work and r.resolution.article == r.context_article  # type: ignore[attr-defined]
    )
    ben_tiao_li = sum(
        1
        for r in linked
        if r.span.text == "本条" and r.text[r.span.end : r.span.end + 1] in ("例", "件")  # type: ignore[attr-defined]
    )
    print(f"\n== {label}")
    print(f"references found: {len(refs)}; linked (FOUND): {len(linked)}")
    print(f"  linked to the article they stand in (本条 …): {own}; of which 本条 of 本条例/本条件: {ben_tiao_li}")
    print("  by type: " + ", ".join(f"{s} {c}" for s, c in Counter(r.stratum for r in linked).most_common()))
    drawn = sample(linked, args.n, args.seed)
    verdicts = [(r, check(r, table, titles, found)) for r in drawn]
    good = sum(1 for _r, p in verdicts if not p)
    low, high = wilson(good, len(drawn))
    print(f"precision on {len(drawn)} drawn (seed {args.seed}): {good}/{len(drawn)} = {good / len(drawn):.1%}"
          f" (95 % CI {low:.1%}–{high:.1%})")  # fmt: skip
    for s in STRATA:
        rows = [p for r, p in verdicts if r.stratum == s]
        if rows:
            print(f"  {s}: {sum(1 for p in rows if not p)}/{len(rows)}")
    for r, p in verdicts:
        if p:
            print(f"  WRONG {r.source}: {_context(r)} → {r.resolution.work_key} {r.resolution.article}: {'; '.join(p)}")  # type: ignore[attr-defined]
    if args.all:
        broken = [(r, p) for r in linked if (p := check(r, table, titles, found))]
        kinds = Counter(q.split(":")[0] for _r, p in broken for q in p)
        print(f"every linked reference checked: {len(linked) - len(broken)}/{len(linked)} pass the rule "
              f"({1 - len(broken) / max(1, len(linked)):.2%}); failures by rule: {dict(kinds)}")  # fmt: skip
        for r, p in random.Random(args.seed).sample(broken, min(args.all, len(broken))):
            print(f"  FAILS {r.source}: {_context(r)} → {r.resolution.work_key} {r.resolution.article}: {'; '.join(p)}")  # type: ignore[attr-defined]
    if args.hand and label.startswith("after"):
        print(f"\n-- {args.hand} for checking by eye (every {max(1, len(drawn) // args.hand)}th drawn)")
        for r, p in verdicts[:: max(1, len(drawn) // args.hand)][: args.hand]:
            res = r.resolution
            target = table.get(res.work_key, {})  # type: ignore[attr-defined]
            print(f"  [{r.stratum}] {r.source}: {_context(r)}\n      → {titles.get(res.work_key)} {res.article}"  # type: ignore[attr-defined]
                  f" 款{res.paragraph} 项{res.item} (exists: {res.article in target}) {p or 'OK'}")  # type: ignore[attr-defined]  # fmt: skip


def _context(r: Ref) -> str:
    s, e = r.span.start, r.span.end  # type: ignore[attr-defined]
    return f"…{r.text[max(0, s - 12) : s]}[{r.text[s:e]}]{r.text[e : e + 8]}…".replace("\n", " ")


def main(argv: Iterable[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--corpus", type=Path, default=ROOT / "data" / "laws")
    p.add_argument("--n", type=int, default=300)
    p.add_argument("--seed", type=int, default=21)
    p.add_argument("--before", default=BEFORE, help="git revision of the old rules ('' to skip)")
    p.add_argument("--hand", type=int, default=0)
    p.add_argument("--all", type=int, default=0, help="check every linked reference; print N of the failures")
    args = p.parse_args(list(argv) if argv is not None else None)
    print(RULE)
    t0 = time.perf_counter()
    docs = list(iter_corpus(args.corpus))
    cases = list(iter_cases(args.corpus))
    print(f"\ncorpus: {len(docs)} documents, {sum(len(d.articles) for d in docs)} articles, {len(cases)} cases"
          f" ({time.perf_counter() - t0:.1f} s)")  # fmt: skip
    titles: dict[str, str] = {}
    for d in sorted(docs, key=lambda d: (d.version_date is not None, d.version_date)):
        titles[d.work_key] = d.title
    runs: list[tuple[str, ModuleType, bool]] = []
    if args.before:
        runs.append((f"before ({args.before})", load_module_at(args.before), False))
    runs.append(("after (working tree)", current, True))
    for label, module, with_paragraphs in runs:
        t0 = time.perf_counter()
        refs, table = extract(module, docs, cases, with_paragraphs=with_paragraphs)
        report(label, refs, table, titles, module.Status.FOUND, args)
        print(f"  ({time.perf_counter() - t0:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
