"""Parse the Markdown law corpus (data/laws) into ParsedDocument objects.

Format (data/README.md): ``# title`` [``# subtitle``], dated history lines,
``<!-- INFO END -->``, then the body: ``##``… headings for 编/分编/章/节 and one paragraph
per line, a paragraph opening with ``第…条`` starting an article. Anything the parser
cannot interpret becomes a ParseWarning with file and line, never a silent guess.

Split codes (民法典: one file per 编, each with a ``# subtitle``) are merged by
``iter_corpus`` into one document whose top-level nodes are the 编; ``parse_file`` on
a single part returns that part alone (subtitle set, one ``编`` node without number).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

from .body import BodyParser, check_article_sequence
from .classify import classify, work_key_for
from .history import DATE_RE, issuing_body_of, parse_date, parse_history
from .models import HistoryEvent, ParsedDocument, ParseWarning, StructureNode
from .numerals import int_to_cn

__all__ = ["CASES_FOLDER", "iter_corpus", "merge_parts", "parse_file", "parse_text"]

CASES_FOLDER = "案例"
INFO_END = "<!-- INFO END -->"
_FILENAME_DATE_RE = re.compile(r"\((\d{4})-(\d{2})-(\d{2})\)\s*$")
_INVISIBLE = str.maketrans({"\u200b": None, "\ufeff": None, "\u200e": None, "\u200f": None})
_PRIVATE_USE_RE = re.compile("[\ue000-\uf8ff]")
_EFFECTIVE_RE = re.compile(rf"自\s*(?:{DATE_RE.pattern})\s*起?(?:施行|生效|实施)")
_EFFECTIVE_ON_PUBLICATION_RE = re.compile(r"自(?:公布|发布|颁布)之日起(?:施行|生效|实施)")


def _relative(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def _filename_date(stem: str) -> dt.date | None:
    m = _FILENAME_DATE_RE.search(stem)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def parse_file(path: Path, root: Path) -> ParsedDocument:
    """Parse one law file; ``root`` is the corpus root (data/laws) used for the relative path."""
    data = path.read_bytes()
    rel = _relative(path, root)
    try:
        text = data.decode("utf-8")
        decode_warning = None
    except UnicodeDecodeError as exc:
        text = data.decode("utf-8", errors="replace")
        decode_warning = ParseWarning(rel, 0, "encoding", f"not valid UTF-8 ({exc.reason}); bad bytes replaced")
    doc = parse_text(text, rel, content_hash=hashlib.sha256(data).hexdigest())
    if decode_warning:
        doc.warnings.insert(0, decode_warning)
    return doc


def parse_text(text: str, rel_path: str, content_hash: str | None = None) -> ParsedDocument:
    """Parse file content given as text; ``rel_path`` decides category, region and version date."""
    warnings: list[ParseWarning] = []
    text = text.translate(_INVISIBLE)
    if m := _PRIVATE_USE_RE.search(text):
        line = text.count("\n", 0, m.start()) + 1
        count = len(_PRIVATE_USE_RE.findall(text))
        warnings.append(ParseWarning(rel_path, line, "private-use-chars", f"{count} private-use character(s) removed"))
        text = _PRIVATE_USE_RE.sub("", text)
    lines = text.splitlines()
    stem = rel_path.rsplit("/", 1)[-1].removesuffix(".md")

    titles: list[str] = []
    header: list[tuple[int, str]] = []
    body_start = None
    for i, line in enumerate(lines):
        s = line.strip()
        if s == INFO_END:
            body_start = i + 1
            break
        if s.startswith("# ") and not header:
            titles.append(s[2:].strip())
        elif s:
            header.append((i + 1, s))
    if body_start is None:
        warnings.append(ParseWarning(rel_path, 0, "no-info-end", "no <!-- INFO END --> marker; no history parsed"))
        titles = [lines[0].strip()[2:].strip()] if lines and lines[0].startswith("# ") else []
        header, body_start = [], 1 if titles else 0
    if not titles:
        warnings.append(ParseWarning(rel_path, 1, "no-title", "no '# title' line; file name used as title"))
        titles = [_FILENAME_DATE_RE.sub("", stem)]
    if len(titles) > 2:
        warnings.append(ParseWarning(rel_path, 1, "extra-title", f"more than two '# ' title lines: {titles[2:]}"))
    title, subtitle = titles[0], (titles[1] if len(titles) > 1 else None)

    history, hist_warnings, document_number = parse_history(header, rel_path, title)
    warnings.extend(hist_warnings)

    body = BodyParser(rel_path)
    body.parse(lines, body_start)
    warnings.extend(body.warnings)
    structure, articles = body.structure, body.articles
    if subtitle:  # one part of a split code: its nodes hang under the part's 编 node
        part = StructureNode(kind="编", number=None, title=subtitle, label=subtitle, line=1, children=structure)
        part.text, body.preamble = body.preamble, ""
        structure = [part]
        for a in articles:
            a.heading_path = (subtitle, *a.heading_path)
    else:
        warnings.extend(check_article_sequence(articles, rel_path, body.numbering, amendment="修正案" in title))
    if not articles and not body.preamble and not structure:
        warnings.append(ParseWarning(rel_path, body_start, "empty-body", "document has no text after the history"))

    version_date = _filename_date(stem)
    source = "filename"
    if version_date is None:
        dated = [e.date for e in history if e.date and e.kind != "effective"] or [e.date for e in history if e.date]
        version_date = max(dated) if dated else None
        source = "history" if version_date else "none"

    issuing_body = issuing_body_of(history)
    category, region, doc_type, level = classify(rel_path, title, issuing_body)
    return ParsedDocument(
        path=rel_path,
        title=title,
        subtitle=subtitle,
        work_key=work_key_for(title),
        category=category,
        folder=rel_path.rsplit("/", 1)[0] if "/" in rel_path else "",
        doc_type=doc_type,
        level=level,
        region=region,
        issuing_body=issuing_body,
        version_date=version_date,
        version_date_source=source,
        history=history,
        effective_date=_effective_date(body, history),
        structure=structure,
        articles=articles,
        preamble=body.preamble,
        content_hash=content_hash or hashlib.sha256(text.encode("utf-8")).hexdigest(),
        warnings=warnings,
        source_paths=(rel_path,),
        numbering=body.numbering,
        document_number=document_number,
    )


def _effective_date(body: BodyParser, history: list[HistoryEvent]) -> dt.date | None:
    """The date the text itself gives (…自2021年1月1日起施行), searched from the last article back;
    failing that, the latest ``施行`` line of the history block."""
    texts = [a.text for a in reversed(body.articles[-3:])] or [body.preamble]
    for text in texts:
        matches = list(_EFFECTIVE_RE.finditer(text))
        if matches:
            return parse_date(matches[-1])
        if _EFFECTIVE_ON_PUBLICATION_RE.search(text):
            published = [e.date for e in history if e.kind == "published" and e.date]
            return published[-1] if published else None
    effective = [e.date for e in history if e.kind == "effective" and e.date]
    return max(effective) if effective else None


def merge_parts(parts: list[ParsedDocument]) -> ParsedDocument:
    """Merge the files of a split code (same title, each with a subtitle) into one document.

    Parts are ordered by their first article; each becomes a top-level ``编`` node numbered
    in that order (第一编 …), except a part titled 附则, which stays an unnumbered node.
    """
    parts = sorted(parts, key=lambda d: (d.articles[0].key if d.articles else (10**9, 0), d.path))
    first = parts[0]
    articles, structure, warnings = [], [], []
    ordinal = 0
    for doc in parts:
        warnings.extend(doc.warnings)
        node = doc.structure[0]
        if doc.subtitle == "附则":
            node.kind, node.number, node.label = "other", None, "附则"
        else:
            ordinal += 1
            node.number = ordinal
            node.title = doc.subtitle.removesuffix("编") if doc.subtitle and len(doc.subtitle) > 2 else doc.subtitle
            node.label = f"第{int_to_cn(ordinal)}编 {node.title}"
        for a in doc.articles:
            a.heading_path = (node.label, *a.heading_path[1:])
        structure.append(node)
        articles.extend(doc.articles)
    folder = first.folder
    warnings.extend(check_article_sequence(articles, folder, first.numbering))
    digest = hashlib.sha256("".join(d.content_hash for d in parts).encode()).hexdigest()
    dates = [d.version_date for d in parts if d.version_date]
    return ParsedDocument(
        path=folder,
        title=first.title,
        subtitle=None,
        work_key=first.work_key,
        category=first.category,
        folder=folder,
        doc_type=first.doc_type,
        level=first.level,
        region=first.region,
        issuing_body=first.issuing_body,
        version_date=max(dates) if dates else None,
        version_date_source=first.version_date_source,
        history=first.history,
        effective_date=next((d.effective_date for d in reversed(parts) if d.effective_date), None),
        structure=structure,
        articles=articles,
        preamble="",
        content_hash=digest,
        warnings=warnings,
        source_paths=tuple(d.path for d in parts),
        numbering=first.numbering,
    )


def _law_files(root: Path) -> Iterator[Path]:
    for path in sorted(root.rglob("*.md")):
        rel = path.relative_to(root)
        if path.name == "_index.md" or rel.parts[0] == CASES_FOLDER:
            continue
        yield path


def iter_corpus(root: Path, merge: bool = True) -> Iterator[ParsedDocument]:
    """Parse every law under ``root`` (skipping _index.md and 案例/), in path order.

    With ``merge`` the parts of split codes are merged (see merge_parts). Every document
    gets a ``status`` from its work's versions (newest dated version = current), and a
    second file holding the same version of a work is flagged ``version-duplicate``.
    """
    docs: list[ParsedDocument] = []
    parts: dict[tuple[str, str], list[ParsedDocument]] = defaultdict(list)
    for path in _law_files(root):
        doc = parse_file(path, root)
        if merge and doc.subtitle:
            parts[(doc.folder, doc.work_key)].append(doc)
        else:
            docs.append(doc)
    docs.extend(merge_parts(group) for group in parts.values())
    docs.sort(key=lambda d: d.path)
    assign_status(docs)
    yield from docs


#: 「《上海市房地产登记条例》同时废止」 in a law's closing articles: that law repeals the one it names.
_REPEALS_RE = re.compile(r"《([^《》]{4,80})》(?:[（(][^）)]*[）)])?(?:同时|即行|亦)?废止")


def assign_status(docs: Iterable[ParsedDocument], today: dt.date | None = None) -> None:
    """Set ``status`` per version group and flag duplicate versions (same work and date).

    Only what the corpus says moves a version off "current": a later dated version of its work (superseded), a
    废止 line in its own history, or a later law in force that repeals it in its closing articles (「《…》同时废止」,
    ``status_reason`` names that article) — repealed. A version without any date is "unknown" (版本日期不详).
    """
    today = today or dt.date.today()
    works: dict[str, list[ParsedDocument]] = defaultdict(list)
    for d in docs:
        works[d.work_key].append(d)
    for versions in works.values():
        versions.sort(key=lambda d: (d.version_date or dt.date.min, d.path))
        newest = versions[-1]
        seen: dict[dt.date | None, ParsedDocument] = {}
        for d in versions:
            if any(e.kind == "repealed" for e in d.history):
                d.status = "repealed"
                d.status_reason = next(e.raw for e in d.history if e.kind == "repealed")[:300]
            elif d.version_date is None:
                d.status = "unknown"
            elif d is newest or d.version_date == newest.version_date:
                d.status = "current"
            else:
                d.status = "superseded"
            other = seen.get(d.version_date)
            if other is not None and d.version_date is not None:
                d.warnings.append(
                    ParseWarning(d.path, 0, "version-duplicate", f"same version ({d.version_date}) as {other.path}")
                )
            seen.setdefault(d.version_date, d)
    _repealed_by_later_laws(works, today)


def _repealed_by_later_laws(works: dict[str, list[ParsedDocument]], today: dt.date) -> None:
    """A law in force (dated, effective by ``today``) whose closing articles say 「《X》同时废止」 repeals X's
    versions dated before it — never its own work (a revised law naming its earlier text), never an undated one."""
    in_force = [
        d
        for versions in works.values()
        for d in versions
        if d.status == "current"
        and d.version_date is not None
        and (d.effective_date is None or d.effective_date <= today)
    ]
    for d in in_force:
        for article in d.articles[-4:]:
            for m in _REPEALS_RE.finditer(article.text):
                key = work_key_for(m.group(1))
                if key == d.work_key:
                    continue
                for target in works.get(key, ()):
                    dated_before = target.version_date is not None and target.version_date < (
                        d.version_date or dt.date.min
                    )
                    if dated_before and target.status in ("current", "superseded"):
                        target.status = "repealed"
                        target.status_reason = f"{d.title}{article.label}：{m.group(0)}"[:300]
