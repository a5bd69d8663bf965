"""Find legal citations in free text and resolve them to (work, article, paragraph, item).

``find_citations`` is a tokenizer plus a small state machine: tokens are 《title》,
本法-style relative law names, 第N条[之M], 第N款 / 本条 / 前款 …, 第（N）项, and the
separators between them (、 和 及 → list; 至 → range). A bare law name (刑法第二百六十四条)
is the run of Chinese characters before 第N条 ending in a law suffix (法, 条例 …); with a
TitleIndex the run is cut to its longest suffix that names a known work.

``resolve`` never guesses: several matching works → AMBIGUOUS, an unknown law or an
article the work does not have → NOT_FOUND with a reason.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import TYPE_CHECKING

from .abbreviations import ABBREVIATIONS
from .classify import normalize_title
from .numerals import article_label, cn_to_int

if TYPE_CHECKING:
    from .models import ParsedDocument

__all__ = [
    "CITATION_RULES",
    "CitationSpan",
    "Problem",
    "Resolution",
    "Status",
    "TitleIndex",
    "article_table",
    "cite_text",
    "find_citations",
    "paragraph_at",
    "paragraph_starts",
    "resolve",
]

#: Bump on every change to what ``find_citations``/``resolve`` return: the importer re-resolves every stored
#: citation made under other rules (``fazhi import laws``, ``fazhi setup``). 2: 本条例 is not 本条; 前款/本款 get
#: their paragraph from where they stand; a title in 《》 is matched whole, never by a suffix.
CITATION_RULES = 2

_NUM = r"[零〇一二两三四五六七八九十百千\d０-９]+"
_TOKEN_RE = re.compile(
    rf"(?P<book>《(?P<book_name>[^《》\n]{{1,80}})》)"
    rf"|(?P<rel_law>(?P<rel_kind>(?<!基)本|该)(?:法典|法|条例|规定|办法|细则|解释|决定|规则))(?=\s*第{_NUM}条)"
    rf"|(?P<art>第(?P<art_n>{_NUM})条(?:之(?P<art_s>{_NUM}))?)"
    rf"|(?P<para>第(?P<para_n>{_NUM})款)"
    # 本条 but not the 本条 of 本条例 (the work itself) or of 基本条件/根本条件
    rf"|(?P<rel_para>本条(?![例件])|本款|前条|前款|前(?P<prev_n>[一二两三四五])款)"
    rf"|(?P<item>第[（(]?(?P<item_n>{_NUM})[）)]?项)"
)
_LIST_SEP_RE = re.compile(r"\s*(?:、|，|,|和|及|以及|或者|或)\s*")
_RANGE_SEP_RE = re.compile(r"\s*(?:至|到|—|－|-|~|～)\s*")
_LAW_SUFFIX_RE = re.compile(r"(?:法典|法|条例|规定|办法|细则|解释|决定|规则|通则|章程|准则|批复)$")
_NAME_CHARS_RE = re.compile(r"[\u4e00-\u9fff（）()〈〉·]+$")
_LEADING_VERBS_RE = re.compile(
    r"^(?:依照|依据|根据|按照|违反|适用|参照|符合|以及|或者|属于|构成|规定|对照|即|系|及|和|与)+"
)


class Status(StrEnum):
    FOUND = "FOUND"
    NOT_FOUND = "NOT_FOUND"
    AMBIGUOUS = "AMBIGUOUS"


class Problem(StrEnum):
    """Why a citation did not resolve, as a stable code (``Resolution.reason`` is the developer's wording);
    pages show a reader's explanation of the code, never the reason."""

    NONE = ""
    UNKNOWN_LAW = "unknown_law"
    AMBIGUOUS = "ambiguous"
    NO_CONTEXT = "no_context"  # 本法, 本条, 前款 … with no work, article or paragraph to refer to
    NO_ARTICLE = "no_article"
    NO_PARAGRAPH = "no_paragraph"
    NO_ITEM = "no_item"
    BAD_RANGE = "bad_range"


@dataclass(slots=True)
class CitationSpan:
    """One reference found in text; ``text`` == source[start:end].

    ``relative`` is None for a named law, else one of: this_law (本法…; not 基本法), same_law (该法,
    resolved to the previous named law when there is one), this_article (本条),
    this_paragraph (本款), previous_paragraph (前款, ``count`` paragraphs back),
    previous_article (前条), implicit (第N条 with no law named: needs a context work).
    """

    start: int
    end: int
    text: str
    law_name: str | None = None
    relative: str | None = None
    article: tuple[int, int] | None = None
    article_end: tuple[int, int] | None = None
    paragraph: int | None = None
    item: int | None = None
    count: int = 1
    quoted: bool = False  # the law's title was written in 《》 (here or in the list it continues)

    @property
    def display(self) -> str:
        """Self-contained form for lists: the law name prefixed when ``text`` lacks it."""
        if self.law_name and self.law_name not in self.text:
            return f"《{self.law_name}》{self.text}"
        return self.text


class TitleIndex:
    """Name → work keys, from full titles, short titles (no 中华人民共和国), aliases and ABBREVIATIONS."""

    def __init__(
        self, entries: Iterable[tuple[str, str, Iterable[str]]], abbreviations: Mapping[str, str] | None = None
    ):
        self._keys: dict[str, set[str]] = defaultdict(set)
        for work_key, title, aliases in entries:
            for name in (title, *aliases):
                for variant in self.variants(name):
                    self._keys[variant].add(work_key)
        for abbr, target in (ABBREVIATIONS if abbreviations is None else abbreviations).items():
            keys = self._keys.get(self.normalize(target))
            if keys:
                self._keys[self.normalize(abbr)] |= keys
        self._max_len = max((len(k) for k in self._keys), default=0)

    @classmethod
    def from_documents(cls, docs: Iterable[ParsedDocument]) -> TitleIndex:
        return cls((d.work_key, d.title, ()) for d in docs)

    @staticmethod
    def normalize(name: str) -> str:
        name = name.strip()
        if name.startswith("《") and name.endswith("》"):
            name = name[1:-1]
        return normalize_title(name)

    @classmethod
    def variants(cls, name: str) -> set[str]:
        """The name, without a leading 中华人民共和国, and with it dropped inside 《》 too."""
        base = cls.normalize(name)
        out = {base, base.removeprefix("中华人民共和国")}
        out |= {v.replace("《中华人民共和国", "《") for v in out}
        return {v for v in out if v}

    def lookup(self, name: str) -> list[str]:
        """Work keys whose title, short title or alias is exactly ``name`` (sorted; several = ambiguous)."""
        return sorted(self._keys.get(self.normalize(name), ()))

    def longest_suffix(self, name: str) -> tuple[str, list[str]] | None:
        """The longest suffix of ``name`` (≥ 2 chars) that is a known name: cuts 依照刑法 to 刑法."""
        norm = self.normalize(name)
        for i in range(max(0, len(norm) - self._max_len), len(norm) - 1):
            keys = self._keys.get(norm[i:])
            if keys:
                return norm[i:], sorted(keys)
        return None


@dataclass(slots=True)
class Resolution:
    status: Status
    work_key: str | None = None
    article: tuple[int, int] | None = None
    article_end: tuple[int, int] | None = None
    paragraph: int | None = None
    paragraph_end: int | None = None
    item: int | None = None
    candidates: tuple[str, ...] = ()
    reason: str = ""
    problem: Problem = Problem.NONE


def _num(text: str | None) -> int:
    return cn_to_int(text) if text else 0


def _numbers_parse(match: re.Match[str]) -> bool:
    try:
        for group in ("art_n", "art_s", "para_n", "item_n"):
            _num(match.group(group))
    except ValueError:
        return False
    return True


def _bare_law_name(text: str, end: int, floor: int, index: TitleIndex | None) -> tuple[int, str] | None:
    """The law name written right before ``end`` (no 《》), as (start offset, name)."""
    m = _NAME_CHARS_RE.search(text[max(floor, end - 40) : end])
    if not m:
        return None
    run = m.group(0)
    if index is not None:
        found = index.longest_suffix(run)
        if found:
            # normalisation only drops spaces/、, absent from the run, so lengths match
            return end - len(found[0]), run[len(run) - len(found[0]) :]
    if not _LAW_SUFFIX_RE.search(run):
        return None
    name = _LEADING_VERBS_RE.sub("", run)
    return (end - len(name), name) if len(name) >= 2 else None


def find_citations(text: str, index: TitleIndex | None = None) -> list[CitationSpan]:
    """All citations in ``text`` in order. Lists and ranges inherit the law of their first member."""
    out: list[CitationSpan] = []
    cur: CitationSpan | None = None  # the citation the next adjacent token may extend
    pending: tuple[int, int, str | None, str | None] | None = None  # (start, end, law, relative) awaiting 第N条
    last_law: str | None = None
    for m in _TOKEN_RE.finditer(text):
        if not _numbers_parse(m):
            pending = cur = None  # a malformed numeral (第十十八条 in a source text) is no citation
            continue
        gap = text[cur.end if cur else 0 : m.start()] if cur else ""
        adjacent = cur is not None and gap.strip() == ""
        listed = cur is not None and bool(_LIST_SEP_RE.fullmatch(gap))
        ranged = cur is not None and bool(_RANGE_SEP_RE.fullmatch(gap))
        pend_ok = pending is not None and text[pending[1] : m.start()].strip() == ""
        if pending and not pend_ok:
            if pending[2] and pending[3] is None:
                out.append(
                    CitationSpan(pending[0], pending[1], "", law_name=pending[2], quoted=text[pending[0]] == "《")
                )
            pending = None
        if m.group("book"):
            name = m.group("book_name").strip()
            is_law = _LAW_SUFFIX_RE.search(name) or (index is not None and index.lookup(name))
            pending = (m.start(), m.end(), name, None) if is_law else None
            cur = None
            continue
        if m.group("rel_law"):
            rel = "this_law" if m.group("rel_kind") == "本" else "same_law"
            law = last_law if rel == "same_law" else None
            pending = (m.start(), m.end(), law, None if law else rel)
            cur = None
            continue
        if m.group("art"):
            key = (_num(m.group("art_n")), _num(m.group("art_s")))
            if pending:
                start, _, law, rel = pending
                quoted = text[start] == "《"
                cur = CitationSpan(start, m.end(), "", law_name=law, relative=rel, article=key, quoted=quoted)
            elif ranged and cur.article and cur.article_end is None and cur.paragraph is None:
                cur.article_end, cur.end = key, m.end()
                pending = None
                continue
            elif listed and cur.article:
                cur = CitationSpan(m.start(), m.end(), "", cur.law_name, cur.relative, key, quoted=cur.quoted)
            else:
                floor = out[-1].end if out else 0
                bare = _bare_law_name(text, m.start(), floor, index)
                if bare:
                    cur = CitationSpan(bare[0], m.end(), "", law_name=bare[1], article=key)
                else:
                    cur = CitationSpan(m.start(), m.end(), "", relative="implicit", article=key)
            pending = None
            out.append(cur)
            if cur.law_name:
                last_law = cur.law_name
        elif m.group("para"):
            n = _num(m.group("para_n"))
            extendable = cur is not None and (cur.article or cur.relative == "this_article")
            if adjacent and extendable and cur.paragraph is None and cur.item is None:
                cur.paragraph, cur.end = n, m.end()
            elif listed and cur.paragraph is not None:
                cur = replace(cur, start=m.start(), end=m.end(), text="", article_end=None, paragraph=n, item=None)
                out.append(cur)
            else:
                cur = CitationSpan(m.start(), m.end(), "", relative="this_article", paragraph=n)
                out.append(cur)
        elif m.group("rel_para"):
            word = m.group("rel_para")
            if word == "本条":
                cur = CitationSpan(m.start(), m.end(), "", relative="this_article")
            elif word == "本款":
                cur = CitationSpan(m.start(), m.end(), "", relative="this_paragraph")
            elif word == "前条":
                cur = CitationSpan(m.start(), m.end(), "", relative="previous_article")
            else:
                count = _num(m.group("prev_n")) if m.group("prev_n") else 1
                cur = CitationSpan(m.start(), m.end(), "", relative="previous_paragraph", count=count)
            out.append(cur)
        elif m.group("item"):
            n = _num(m.group("item_n"))
            if adjacent and (cur.article or cur.paragraph or cur.relative) and cur.item is None:
                cur.item, cur.end = n, m.end()
            elif listed and cur.item is not None:
                cur = replace(cur, start=m.start(), end=m.end(), text="", article_end=None, item=n)
                out.append(cur)
        pending = None
    if pending and pending[2] and pending[3] is None:
        out.append(CitationSpan(pending[0], pending[1], "", law_name=pending[2], quoted=text[pending[0]] == "《"))
    out.sort(key=lambda c: c.start)
    for c in out:
        c.text = text[c.start : c.end]
    return out


def paragraph_starts(text: str, paragraphs: Iterable[str]) -> list[int]:
    """Where each paragraph (款, with its 项) starts in the article's ``text``, in order; a paragraph not found
    after the previous one ends the list (the rest cannot be placed)."""
    starts: list[int] = []
    cursor = 0
    for paragraph in paragraphs:
        at = text.find(paragraph, cursor) if paragraph else -1
        if at < 0:
            break
        starts.append(at)
        cursor = at + len(paragraph)
    return starts


def paragraph_at(starts: Sequence[int], offset: int) -> int | None:
    """The 1-based paragraph that ``offset`` falls in, given ``paragraph_starts``; None when it cannot tell."""
    number = bisect.bisect_right(starts, offset)
    return number or None


ArticleSet = Collection[tuple[int, int]] | Mapping[tuple[int, int], tuple[int, ...]]


def article_table(
    docs: Iterable[ParsedDocument], all_versions: bool = False
) -> dict[str, dict[tuple[int, int], tuple[int, ...]]]:
    """work_key → {(number, suffix): items per paragraph} for ``resolve``.

    By default from the newest version of each work; ``all_versions`` merges every version
    (older versions first, so the newest paragraph counts win) to accept citations of old texts.
    """
    by_work: dict[str, list[ParsedDocument]] = defaultdict(list)
    for d in docs:
        if d.numbering == "article":
            by_work[d.work_key].append(d)
    table: dict[str, dict[tuple[int, int], tuple[int, ...]]] = {}
    for key, versions in by_work.items():
        versions.sort(key=lambda d: (d.version_date or dt.date.min, d.path))
        arts: dict[tuple[int, int], tuple[int, ...]] = {}
        for d in versions if all_versions else versions[-1:]:
            arts.update({a.key: tuple(len(p.items) for p in a.paragraphs) for a in d.articles})
        table[key] = arts
    return table


def resolve(
    span: CitationSpan,
    index: TitleIndex,
    articles_of: Callable[[str], ArticleSet | None],
    context_work_key: str | None = None,
    context_article: tuple[int, int] | None = None,
    context_paragraph: int | None = None,
) -> Resolution:
    """Resolve ``span`` to a work and article. ``articles_of(work_key)`` gives the work's article
    keys, or a mapping key → items per paragraph to also check 款 and 项 numbers."""
    # 1. the work
    if span.law_name:
        keys = index.lookup(span.law_name)
        if not keys and not span.quoted:
            # A bare run may carry words before the name (依照刑法); a title in 《》 is written whole: 《上海市内河
            # 航道管理条例》 or 《执业医师法》 is not the 航道管理条例 or the 医师法 the library holds.
            found = index.longest_suffix(span.law_name)
            keys = found[1] if found else []
        if not keys:
            return Resolution(
                Status.NOT_FOUND, reason=f"no work named {span.law_name!r} in the corpus", problem=Problem.UNKNOWN_LAW
            )
        if len(keys) > 1:
            return Resolution(
                Status.AMBIGUOUS,
                candidates=tuple(keys),
                reason=f"{span.law_name!r} names {len(keys)} works",
                problem=Problem.AMBIGUOUS,
            )
        work = keys[0]
    elif span.relative is not None and context_work_key:
        work = context_work_key
    else:
        reason = f"{span.text!r} names no law and no context work was given"
        return Resolution(Status.NOT_FOUND, reason=reason, problem=Problem.NO_CONTEXT)

    # 2. the article and paragraph
    article, article_end, paragraph, paragraph_end = span.article, span.article_end, span.paragraph, None
    arts = articles_of(work) or ()
    if span.relative in ("this_article", "this_paragraph", "previous_paragraph", "previous_article"):
        if context_article is None:
            reason = f"{span.text!r} needs a context article"
            return Resolution(Status.NOT_FOUND, work, reason=reason, problem=Problem.NO_CONTEXT)
        article = context_article
        if span.relative == "previous_article":
            earlier = [k for k in arts if k < context_article]
            if not earlier:
                reason = f"no article before {article_label(*context_article)}"
                return Resolution(Status.NOT_FOUND, work, reason=reason, problem=Problem.NO_ARTICLE)
            article = max(earlier)
        elif span.relative in ("this_paragraph", "previous_paragraph"):
            if context_paragraph is None:
                reason = f"{span.text!r} needs a context paragraph"
                return Resolution(Status.NOT_FOUND, work, article, reason=reason, problem=Problem.NO_CONTEXT)
            paragraph = context_paragraph
            if span.relative == "previous_paragraph":
                paragraph, paragraph_end = context_paragraph - span.count, context_paragraph - 1
                if paragraph < 1:
                    reason = f"{span.text!r} in paragraph {context_paragraph}"
                    return Resolution(Status.NOT_FOUND, work, article, reason=reason, problem=Problem.NO_PARAGRAPH)
                paragraph_end = paragraph_end if paragraph_end != paragraph else None
    if article is None:
        return Resolution(Status.FOUND, work, reason="law-level citation")

    # 3. check against the work's articles
    for key in filter(None, (article, article_end)):
        if key not in arts:
            return Resolution(
                Status.NOT_FOUND,
                work,
                article,
                article_end,
                reason=f"{work} has no {article_label(*key)}",
                problem=Problem.NO_ARTICLE,
            )
    if article_end is not None and article_end <= article:
        reason = "range end is not after its start"
        return Resolution(Status.NOT_FOUND, work, article, article_end, reason=reason, problem=Problem.BAD_RANGE)
    if isinstance(arts, Mapping) and article_end is None:
        items = arts[article]
        if paragraph is not None and not 1 <= paragraph <= len(items):
            reason = f"{article_label(*article)} has {len(items)} paragraph(s), not {paragraph}"
            return Resolution(
                Status.NOT_FOUND, work, article, paragraph=paragraph, reason=reason, problem=Problem.NO_PARAGRAPH
            )
        if span.item is not None and paragraph is not None and not 1 <= span.item <= items[paragraph - 1]:
            reason = f"paragraph {paragraph} of {article_label(*article)} has no item {span.item}"
            return Resolution(
                Status.NOT_FOUND,
                work,
                article,
                paragraph=paragraph,
                item=span.item,
                reason=reason,
                problem=Problem.NO_ITEM,
            )
    return Resolution(Status.FOUND, work, article, article_end, paragraph, paragraph_end, span.item)


def cite_text(
    text: str,
    index: TitleIndex,
    articles_of: Callable[[str], ArticleSet | None],
    *,
    context_work_key: str | None = None,
    context_article: tuple[int, int] | None = None,
    paragraphs: Sequence[str] | None = None,
) -> list[tuple[CitationSpan, Resolution]]:
    """Every citation in ``text`` with its resolution, as the importer stores them.

    ``paragraphs``: the article's 款 as they stand in ``text`` (each with its 项), so that 本款 and 前款 resolve
    against the paragraph they are written in. Bare 第N条 without a law and without a context work is skipped:
    it is not a citation anyone could check.
    """
    starts = paragraph_starts(text, paragraphs) if paragraphs else []
    out = []
    for span in find_citations(text, index):
        if span.relative == "implicit" and context_work_key is None:
            continue
        resolution = resolve(
            span,
            index,
            articles_of,
            context_work_key=context_work_key,
            context_article=context_article,
            context_paragraph=paragraph_at(starts, span.start) if starts else None,
        )
        out.append((span, resolution))
    return out
