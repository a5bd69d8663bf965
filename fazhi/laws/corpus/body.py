"""The body of a law file: headings, articles (条), paragraphs (款) and items (项)."""

from __future__ import annotations

import re

from .models import Article, Item, Paragraph, ParseWarning, StructureNode
from .numerals import NUMERAL_CHARS, article_label, cn_to_int

__all__ = ["BodyParser", "check_article_sequence"]

_CN = "零〇一二三四五六七八九十百千两"
#: An article opens a paragraph: 第N条[之M] followed by whitespace (or nothing).
ARTICLE_START_RE = re.compile(rf"^第([{NUMERAL_CHARS}]+)条(?:之([{_CN}]+))?(?:[\s　]+|$)")
#: A label broken by a space (第一百二十八 条…): still an article, reported.
_SPACED_ARTICLE_RE = re.compile(rf"^第([{NUMERAL_CHARS}]+)\s+条(?:之([{_CN}]+))?\s*")
_ORDINAL_START_RE = re.compile(rf"^([{_CN}]+)、\s*")
_HEADING_RE = re.compile(r"^(#{1,6})\s*(.*)$")
_NUMBERED_HEADING_RE = re.compile(rf"^第([{NUMERAL_CHARS}]+)(分编|编|章|节)\s*(.*)$")
_PART_HEADING_RE = re.compile(rf"^([{_CN}]+)[、．.]\s*(.*)$")
_DECIMAL_HEADING_RE = re.compile(r"^(\d+(?:\.\d+)*)\s*(.*)$")
#: Unnumbered headings that are normal in legal texts (序言, 附则, 附件一 …).
_KNOWN_OTHER_RE = re.compile(r"^(序言|总则|分则|附则|附\s*则|附件|附录|附表|目录|说明|案例|前言|引言)")
_ITEM_RE = re.compile(rf"^[（(]([{_CN}]+)[）)]\s*")
_SUBITEM_RE = re.compile(r"^(?:[（(]\d+[）)]|\d+[.．、])\s*")
_ARABIC_ITEM_RE = re.compile(r"^(?:[（(](\d+)[）)]|(\d+)[.．、])\s*")
_SPACES_RE = re.compile(r"[\s\u3000\u2002\u2003\u00a0]+")
#: A paragraph normally ends with one of these; otherwise the next line continues it.
_TERMINAL_RE = re.compile(r"[。；：;:！？!?”’」』）)》…—\]|]$")
#: Hard-wrapped sources cut lines at 20-40 characters; shorter unterminated lines are list entries.
_WRAP_MIN = 18
_KIND_RANK = {"编": 1, "分编": 2, "章": 3, "节": 4}


class BodyParser:
    """Single pass over the body lines; collects structure, articles, preamble and warnings."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.structure: list[StructureNode] = []
        self.articles: list[Article] = []
        self.preamble = ""
        self.warnings: list[ParseWarning] = []
        self.numbering = "article"
        self._stack: list[tuple[float, StructureNode]] = []
        self._last_sibling: dict[tuple[int, str], int] = {}
        self._article: Article | None = None
        self._seen: set[tuple[int, int]] = set()
        self._article_dropped = False
        self._wrapped = 0
        self._last_len = 0
        self._wrapped_line = 0

    def warn(self, line: int, kind: str, message: str) -> None:
        self.warnings.append(ParseWarning(self.path, line, kind, message))

    # -- driving loop ------------------------------------------------------------------
    def parse(self, lines: list[str], start: int) -> None:
        paragraphs = _drop_table_of_contents(list(self._paragraphs(lines, start)))
        starts = [p for p in paragraphs if not p[2] and ARTICLE_START_RE.match(p[1])]
        start_re = ARTICLE_START_RE
        if not starts:
            ordinals = [p for p in paragraphs if not p[2] and _ORDINAL_START_RE.match(p[1])]
            if len(ordinals) >= 2 and _ORDINAL_START_RE.match(ordinals[0][1]).group(1) == "一":
                self.numbering, start_re = "ordinal", _ORDINAL_START_RE
            else:
                self.numbering = "none"
        depth_rank = self._depth_ranks(paragraphs)
        preamble: list[str] = []
        for lineno, text, is_heading in paragraphs:
            if is_heading:
                self._close_article()
                self._heading(lineno, text, depth_rank)
                continue
            m = start_re.match(text)
            if m and self.numbering == "ordinal" and not 0 <= cn_to_int(m.group(1)) - self._next_ordinal() <= 1:
                m = None  # an out-of-sequence 二、 inside an ordinal article is a list entry, not an article
            if not m and self.numbering == "article" and (m := _SPACED_ARTICLE_RE.match(text)):
                self.warn(lineno, "article-label-spaced", f"space inside article label: {text[:20]}")
            prev_len, self._last_len = self._last_len, len(text)
            if m:
                self._open_article(lineno, m, text[m.end() :])
            elif self._article is not None:
                self._add_to_article(lineno, text, prev_len)
            elif self._stack:
                node = self._stack[-1][1]
                if self._heading_wraps(node, text):
                    node.title += text
                    node.label += text
                    self.warn(lineno, "heading-wrapped", f"heading continues on the next line: {node.label[:50]}")
                    continue
                node.text = f"{node.text}\n{text}" if node.text else text
                if node.kind in _KIND_RANK and self.numbering == "article":
                    self.warn(
                        lineno, "text-outside-article", f"text under '{node.label}' before any article: {text[:40]}"
                    )
            else:
                if _ITEM_RE.match(text) and self.numbering == "article":
                    self.warn(lineno, "item-outside-article", f"item before any article: {text[:40]}")
                preamble.append(text)
        self._close_article()
        self.preamble = "\n".join(preamble)
        if self._wrapped:
            self.warn(
                self._wrapped_line, "line-wrapped", f"{self._wrapped} line(s) continue a sentence cut mid-way; joined"
            )

    def _paragraphs(self, lines: list[str], start: int):
        """Yield (line number, text, is_heading); tables become one paragraph, comments vanish."""
        table: list[str] | None = None
        table_line = 0
        for i in range(start, len(lines)):
            s = lines[i].strip()
            if table is not None:
                if s == "<!-- TABLE END -->":
                    yield table_line, "\n".join(table), False
                    table = None
                elif s:
                    table.append(s)
                continue
            if not s:
                continue
            if s == "<!-- TABLE -->":
                table, table_line = [], i + 1
            elif s.startswith("<!--"):
                continue
            else:
                yield i + 1, s, s.startswith("#")
        if table is not None:
            self.warn(table_line, "table-unclosed", "<!-- TABLE --> without <!-- TABLE END -->")
            yield table_line, "\n".join(table), False

    def _next_ordinal(self) -> int:
        last = self._article or (self.articles[-1] if self.articles else None)
        return last.number + 1 if last else 1

    @staticmethod
    def _heading_wraps(node: StructureNode, text: str) -> bool:
        """A long 章/节 title cut in two: the first line under it has no sentence, only more title."""
        return (
            node.kind in _KIND_RANK
            and not node.text
            and not node.article_keys
            and not node.children
            and len(text) <= 40
            and not re.search(r"[。；：]", text)
            and (len(node.title) >= 12 or node.title.endswith(("、", "，", "和", "的", "及", "与", "或")))
        )

    @staticmethod
    def _depth_ranks(paragraphs) -> dict[int, float]:
        """Markdown depth → rank, learnt from numbered headings, for unnumbered ones (序言, 一、…)."""
        ranks: dict[int, float] = {}
        for _, text, is_heading in paragraphs:
            if is_heading:
                m = _HEADING_RE.match(text)
                nm = _NUMBERED_HEADING_RE.match(_SPACES_RE.sub(" ", m.group(2)).strip())
                if nm:
                    ranks.setdefault(len(m.group(1)), _KIND_RANK[nm.group(2)])
        return ranks

    # -- headings ----------------------------------------------------------------------
    def _heading(self, lineno: int, text: str, depth_rank: dict[int, float]) -> None:
        m = _HEADING_RE.match(text)
        depth, content = len(m.group(1)), _SPACES_RE.sub(" ", m.group(2)).strip()
        if not content:
            self.warn(lineno, "heading-empty", "empty heading")
            return
        if ARTICLE_START_RE.match(content):
            self.warn(lineno, "heading-is-article", f"article text marked as heading: {content[:40]}")
        number: int | None = None
        nm = _NUMBERED_HEADING_RE.match(content)
        if nm:
            kind, title = nm.group(2), nm.group(3).strip()
            try:
                number = cn_to_int(nm.group(1))
            except ValueError:
                self.warn(lineno, "heading-number", f"unreadable number in heading: {content[:40]}")
            rank: float = _KIND_RANK[kind]
            label = f"第{nm.group(1)}{kind} {title}".strip()
        else:
            pm = _PART_HEADING_RE.match(content)
            dm = _DECIMAL_HEADING_RE.match(content)
            if pm:
                kind, title, number = "part", pm.group(2).strip(), cn_to_int(pm.group(1))
            elif dm:
                kind, title = "section", dm.group(2).strip()
            else:
                kind, title = "other", content
                if self.numbering == "article" and not _KNOWN_OTHER_RE.match(content):
                    self.warn(
                        lineno, "heading-unknown", f"heading not recognised as 编/章/节 or 序言/附则…: {content[:40]}"
                    )
            rank = depth_rank.get(depth, depth + 0.5)
            label = content
        node = StructureNode(kind=kind, number=number, title=title, label=label, line=lineno)
        while self._stack and self._stack[-1][0] >= rank:
            self._stack.pop()
        parent = self._stack[-1][1] if self._stack else None
        (parent.children if parent else self.structure).append(node)
        if number is not None and kind != "section":
            key = (id(parent), kind)
            prev = self._last_sibling.get(key)
            if prev is not None and number <= prev:
                self.warn(lineno, "heading-order", f"'{label}' after {kind} {prev}")
            elif prev is not None and number > prev + 1:
                self.warn(lineno, "heading-gap", f"'{label}' follows {kind} {prev}")
            self._last_sibling[key] = number
        self._stack.append((rank, node))

    # -- articles ----------------------------------------------------------------------
    def _open_article(self, lineno: int, m: re.Match[str], rest: str) -> None:
        self._close_article()
        try:
            number = cn_to_int(m.group(1))
            suffix = cn_to_int(m.group(2)) if m.lastindex and m.lastindex >= 2 and m.group(2) else 0
        except ValueError:
            self.warn(lineno, "article-number", f"unreadable article number: {m.group(0)}")
            return
        label = article_label(number, suffix) if self.numbering == "article" else m.group(0).strip()
        if (number, suffix) in self._seen:
            self.warn(lineno, "article-duplicate", f"{label} appears again; the later text is kept apart and dropped")
            self._article = Article(number, suffix, label, (), [], "", lineno)  # absorbs its text, then dropped
            self._article_dropped = True
            self._add_to_article(lineno, rest)
            return
        self._seen.add((number, suffix))
        path = tuple(node.label for _, node in self._stack)
        self._article = Article(number, suffix, label, path, [], "", lineno)
        self._article_dropped = False
        if self._stack:
            self._stack[-1][1].article_keys.append((number, suffix))
        if rest:
            self._add_to_article(lineno, rest)

    def _add_to_article(self, lineno: int, text: str, prev_len: int = 0) -> None:
        art = self._article
        assert art is not None
        paras = art.paragraphs
        im = _ITEM_RE.match(text) or (_ORDINAL_START_RE.match(text) if self.numbering == "article" else None)
        if im and paras:
            try:
                number = cn_to_int(im.group(1))
            except ValueError:
                number = 0
            items = paras[-1].items
            expected = items[-1].number + 1 if items else 1
            if number != expected:
                self.warn(
                    lineno, "item-sequence", f"{art.label}: item {im.group(0).strip()} where ({expected}) expected"
                )
            items.append(Item(number, im.group(0).strip(), text[im.end() :]))
            return
        am = _ARABIC_ITEM_RE.match(text)
        if am and paras:
            items = paras[-1].items
            if items:  # a 目 under the last item
                items[-1].text = f"{items[-1].text}\n{text}"
            else:
                items.append(Item(int(am.group(1) or am.group(2)), am.group(0).strip(), text[am.end() :]))
            return
        if (
            paras
            and prev_len >= _WRAP_MIN
            and not _TERMINAL_RE.search(paras[-1].items[-1].text if paras[-1].items else paras[-1].text)
        ):
            self._join_wrapped(lineno, text)
            return
        paras.append(Paragraph(len(paras) + 1, text))

    def _join_wrapped(self, lineno: int, text: str) -> None:
        """Join a line to the previous one when that one stops mid-sentence (hard-wrapped source)."""
        last = self._article.paragraphs[-1]
        if last.items:
            last.items[-1].text += text
        else:
            last.text += text
        if self._wrapped == 0:
            self._wrapped_line = lineno
        self._wrapped += 1

    def _close_article(self) -> None:
        art = self._article
        if art is None:
            return
        self._article = None
        art.text = "\n".join(p.full_text for p in art.paragraphs)
        if not art.paragraphs:
            self.warn(art.line, "article-empty", f"{art.label} has no text")
        if not self._article_dropped:
            self.articles.append(art)


def _drop_table_of_contents(paragraphs: list[tuple[int, str, bool]]) -> list[tuple[int, str, bool]]:
    """Remove a table of contents: a run of 3+ headings with no text whose entries recur later."""
    i = 0
    while i < len(paragraphs):
        j = i
        while j < len(paragraphs) and paragraphs[j][2]:
            j += 1
        if j - i >= 3:
            run = {_SPACES_RE.sub("", p[1].lstrip("#")) for p in paragraphs[i:j]}
            later = {_SPACES_RE.sub("", p[1].lstrip("#")) for p in paragraphs[j:] if p[2]}
            if run & later:
                return paragraphs[:i] + paragraphs[j:]
        i = j + 1
    return paragraphs


def check_article_sequence(
    articles: list[Article], path: str, numbering: str, amendment: bool = False
) -> list[ParseWarning]:
    """Warn where numbering is not 1, 2, 3 … (之一/之二 allowed after their base article).

    Constitutional amendments (宪法修正案) continue the numbering of earlier amendments, so
    ``amendment`` skips the check that numbering starts at 1.
    """
    out: list[ParseWarning] = []
    prev: tuple[int, int] | None = None
    for a in articles:
        n, s = a.key
        if prev is None:
            if n != 1 and numbering == "article" and not amendment:
                out.append(ParseWarning(path, a.line, "article-start", f"first article is {a.label}"))
        elif (n, s) < prev:
            out.append(ParseWarning(path, a.line, "article-order", f"{a.label} after {article_label(*prev)}"))
        elif s == 0 and n > prev[0] + 1:
            missing = f"{prev[0] + 1}" if n == prev[0] + 2 else f"{prev[0] + 1}–{n - 1}"
            out.append(
                ParseWarning(
                    path, a.line, "article-gap", f"{a.label} follows {article_label(*prev)}; missing {missing}"
                )
            )
        elif s > 0 and (n, s - 1) != prev:
            out.append(ParseWarning(path, a.line, "article-suffix", f"{a.label} follows {article_label(*prev)}"))
        prev = max(prev, (n, s)) if prev else (n, s)
    return out
