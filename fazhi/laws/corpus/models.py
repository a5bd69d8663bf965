"""Dataclasses produced by the corpus parser (pure Python, no Django)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

__all__ = [
    "Article",
    "HistoryEvent",
    "Item",
    "Paragraph",
    "ParseWarning",
    "ParsedDocument",
    "StructureNode",
]


@dataclass(slots=True, frozen=True)
class ParseWarning:
    """Something the parser could not interpret; it never guesses silently instead."""

    path: str
    line: int  # 1-based line in the source file (0 when it concerns the whole document)
    kind: str  # short stable code, e.g. "article-gap", for counting
    message: str


@dataclass(slots=True)
class HistoryEvent:
    """One line (or one segment of a line) of the history block before ``<!-- INFO END -->``."""

    date: dt.date | None
    kind: str  # passed / approved / amended / revised / published / effective / repealed / other
    raw: str
    body: str | None = None  # issuing body named in the line, normalised (届/次 removed)
    line: int = 0


@dataclass(slots=True)
class Item:
    """A 项: ``（一）…`` inside a paragraph."""

    number: int
    label: str  # as written, e.g. "（一）"
    text: str  # text after the label; following 目 lines (1. 2.) are appended with newlines


@dataclass(slots=True)
class Paragraph:
    """A 款: the article's first text block or a following paragraph, with its items."""

    number: int  # 1-based
    text: str  # the lead text (without items)
    items: list[Item] = field(default_factory=list)

    @property
    def full_text(self) -> str:
        return "\n".join([self.text, *(f"{i.label}{i.text}" for i in self.items)]) if self.items else self.text


@dataclass(slots=True)
class Article:
    """A 条. ``suffix`` is 1 for 之一, 2 for 之二, else 0; (number, suffix) is unique in a document."""

    number: int
    suffix: int
    label: str  # canonical, e.g. "第一百二十条之一" (or "一、" for ordinal-numbered documents)
    heading_path: tuple[str, ...]
    paragraphs: list[Paragraph]
    text: str  # full text of the article without its label
    line: int = 0

    @property
    def key(self) -> tuple[int, int]:
        return (self.number, self.suffix)

    @property
    def heading(self) -> str:
        return " ".join(self.heading_path)


@dataclass(slots=True)
class StructureNode:
    """A heading: 编 / 分编 / 章 / 节, ``part`` (一、 style headings) or ``other`` (序言, 附则, 附件…)."""

    kind: str
    number: int | None
    title: str
    label: str  # e.g. "第一章 一般规定"
    line: int = 0
    children: list[StructureNode] = field(default_factory=list)
    text: str = ""  # text under the heading that belongs to no article (序言, 附件…)
    article_keys: list[tuple[int, int]] = field(default_factory=list)  # articles directly under it


@dataclass(slots=True)
class ParsedDocument:
    """One file (or, for split codes such as 民法典, the merged parts) of the corpus."""

    path: str  # relative to the corpus root; for merged codes the folder (e.g. "民法典")
    title: str
    subtitle: str | None
    work_key: str  # groups versions of one work, see parser.work_key_for
    category: str  # branch folder: 宪法, 民法典, 行政法规 … ; 地方性法规 for DLC/
    folder: str  # parent folder relative to the root
    doc_type: str  # 宪法 / 法律 / 行政法规 / 司法解释 / 部门规章 / 地方性法规 / 地方政府规章 / 其他
    level: int  # 1 宪法, 2 法律, 3 行政法规 & 司法解释, 4 地方性法规 & 规章, 5 其他
    region: str  # "national" or the province/municipality, e.g. "上海"
    issuing_body: str | None
    version_date: dt.date | None
    version_date_source: str  # "filename", "history" or "none"
    history: list[HistoryEvent]
    effective_date: dt.date | None
    structure: list[StructureNode]
    articles: list[Article]
    preamble: str  # text before the first article/heading (preambles, decisions without articles)
    content_hash: str  # sha256 of the source bytes (of all parts for merged codes)
    warnings: list[ParseWarning] = field(default_factory=list)
    source_paths: tuple[str, ...] = ()
    numbering: str = "article"  # "article" (第N条), "ordinal" (一、二、 as articles) or "none"
    status: str = "unknown"  # set by iter_corpus: current / superseded / repealed / unknown
    document_number: str | None = None  # 法释〔2021〕11号 when the history block gives one
    status_reason: str = ""  # what in the corpus gave a status other than current, e.g. the repealing article

    @property
    def body(self) -> str:
        """Text outside articles (preamble and heading texts): the content of article-less documents."""
        parts = [self.preamble]
        stack = list(reversed(self.structure))
        while stack:
            node = stack.pop()
            if node.text:
                parts.append(node.text)
            stack.extend(reversed(node.children))
        return "\n".join(p for p in parts if p)

    def article(self, number: int, suffix: int = 0) -> Article | None:
        for a in self.articles:
            if a.number == number and a.suffix == suffix:
                return a
        return None
