"""Read a draft pasted or uploaded as plain text into articles, with the law library's parser.

Drafts arrive as text copied from a Word or PDF document, not in the corpus's Markdown: headings (第一章 总则,
第二节 …) are plain lines. We mark those lines as headings, hand the text to
:func:`fazhi.laws.corpus.parser.parse_text` (numbering 第X条, 之一, 章/节, items, hard-wrapped lines), and report
everything it could not interpret instead of guessing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from fazhi.laws.corpus.body import ARTICLE_START_RE
from fazhi.laws.corpus.models import Article
from fazhi.laws.corpus.numerals import NUMERAL_CHARS
from fazhi.laws.corpus.parser import INFO_END, parse_text

#: A plain-text heading line: 第一编 / 第二章 / 第三节 followed by a short title (no sentence punctuation).
_HEADING_LINE_RE = re.compile(rf"^第[{NUMERAL_CHARS}]+(编|分编|章|节)(?:[\s\u3000]+\S.{{0,40}}|\S.{{0,40}})?$")
_HEADING_DEPTH = {"编": "##", "分编": "###", "章": "####", "节": "#####"}
_KNOWN_OTHER_RE = re.compile(r"^(附则|附\s*则|附件.{0,20}|总则|目录)$")
#: Warnings that say something about the draft; the rest concern the corpus files (no history block, etc.).
_IGNORED_KINDS = {"no-info-end", "no-title", "extra-title", "private-use-chars"}


@dataclass
class ParsedDraft:
    title: str
    articles: list[Article]
    preamble: str
    problems: list[str] = field(default_factory=list)


def _as_markdown(title: str, text: str) -> str:
    lines = [f"# {title or 'draft'}", INFO_END]
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip().lstrip("#").strip() if raw.lstrip().startswith("#") else raw.strip()
        squeezed = re.sub(r"[\s\u3000]+", " ", line)
        match = _HEADING_LINE_RE.match(squeezed)
        if match and not ARTICLE_START_RE.match(squeezed) and not re.search(r"[。；，：]", squeezed):
            lines.append(f"{_HEADING_DEPTH[match.group(1)]} {squeezed}")
        elif _KNOWN_OTHER_RE.match(squeezed):
            lines.append(f"#### {squeezed}")
        else:
            lines.append(line)
    return "\n".join(lines)


def parse_draft(text: str, title: str = "") -> ParsedDraft:
    """The articles of a draft and, in the user's language, what could not be read."""
    doc = parse_text(_as_markdown(title, text), "draft.md")
    problems = [
        _("Line %(line)s: %(message)s") % {"line": max(w.line - 2, 0), "message": w.message}
        for w in doc.warnings
        if w.kind not in _IGNORED_KINDS
    ]
    if doc.numbering != "article" or not doc.articles:
        problems.insert(0, _("No articles (第一条 …) were found: the draft is kept as one text without articles."))
        articles: list[Article] = []
    else:
        articles = doc.articles
    return ParsedDraft(title=title, articles=articles, preamble=doc.preamble, problems=problems)
