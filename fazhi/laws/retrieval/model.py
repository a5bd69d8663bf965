"""Plain data types shared by the retrieval modules (no Django, no I/O)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from fazhi.laws.corpus.numerals import cn_to_int as _corpus_cn_to_int

# Level ranks: lower is more authoritative; used for the ranking prior and for facets.
LEVELS: dict[str, int] = {
    "宪法": 0,
    "法律": 1,
    "行政法规": 2,
    "司法解释": 3,
    "部门规章": 4,
    "地方性法规": 5,
    "地方政府规章": 5,
    "案例": 6,
    "其他": 7,
}


@dataclass(slots=True)
class ArticleRecord:
    """One article of one version of one document, as the backends index it."""

    article_id: str  # stable: "<doc_id>#<number>-<suffix>" (corpus_source.article_id_for)
    doc_id: str  # document path relative to the corpus root (民法典 for the merged code); one version
    work_key: str  # all versions of one law share it
    title: str  # full title, e.g. 中华人民共和国劳动合同法
    short_title: str  # without 中华人民共和国 / brackets, e.g. 劳动合同法
    doc_type: str  # key of LEVELS
    region: str  # "national" (parser convention; 全国 also accepted) or a province-level name
    version_date: str | None  # ISO date or None
    in_force: bool  # the latest version of its work
    number: int
    suffix: int  # 之一 → 1
    label: str  # 第八十二条
    text: str
    heading: str = ""  # 编/章/节 path, indexed with the text

    @property
    def level(self) -> int:
        return LEVELS.get(self.doc_type, 9)


@dataclass(slots=True)
class Filters:
    doc_types: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    max_level: int | None = None  # keep only levels <= this
    in_force_only: bool = True
    in_force_on: str | None = None  # ISO date: the version that was current on that day
    work_keys: tuple[str, ...] = ()


@dataclass(slots=True)
class Hit:
    article_id: str
    title: str
    number: int
    suffix: int
    label: str
    text: str
    score: float
    doc_type: str
    region: str
    version_date: str | None
    in_force: bool
    snippet: str = ""
    why: list[str] = field(default_factory=list)


@dataclass(slots=True)
class NamedWork:
    """A law the query names (by full or short title): shown first, as the work, before any article."""

    work_key: str
    title: str
    doc_type: str
    region: str


@dataclass(slots=True)
class SearchResult:
    hits: list[Hit]
    facets: dict[str, dict[str, int]]
    query_tokens: list[str]
    total: int = 0  # ranked articles after the type/region selection; the facets count the same list
    works: list[NamedWork] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)  # related terms, when nothing was found


NATIONAL = frozenset({"national", "全国"})


def is_national(region: str) -> bool:
    return region in NATIONAL


def cn_to_int(text: str) -> int | None:
    """Parse 一百零五 / 105 / 十二 → int with the corpus parser's reader; None if it is not a
    number (query text is free text: a malformed numeral is no citation, not an error)."""
    try:
        return _corpus_cn_to_int(text)
    except ValueError:
        return None


_SHORT_PREFIX = re.compile(r"^中华人民共和国")
# Only revision notes such as (2018年修正); 修正案（十一） keeps its bracket.
_BRACKETS = re.compile(r"[（(][^（）()]*年[^（）()]*[)）]$")


def short_title(title: str) -> str:
    """Title without the state prefix and without a trailing bracketed note or date."""
    t = re.sub(r"\s+", "", title)
    t = _SHORT_PREFIX.sub("", t)
    t = _BRACKETS.sub("", t)
    return t or title
