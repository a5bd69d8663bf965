"""The history block of a law file: the dated lines between the title and ``<!-- INFO END -->``.

Lines look like ``2021年6月23日 上海市第十五届人民代表大会常务委员会第三十二次会议通过``.
Some lines hold several events separated by spaces, some events wrap onto a second line,
and some are wrapped in parentheses; the parser splits, joins and classifies them here.
"""

from __future__ import annotations

import datetime as dt
import re

from .models import HistoryEvent, ParseWarning
from .numerals import NUMERAL_CHARS, cn_to_int

__all__ = ["find_dates", "issuing_body_of", "parse_date", "parse_history"]

_DATE = rf"([0-9]{{4}}|[〇○零一二三四五六七八九]{{4}})年([{NUMERAL_CHARS}]{{1,3}})月([{NUMERAL_CHARS}]{{1,3}})日"
DATE_RE = re.compile(_DATE)
_LEADING_DATE_RE = re.compile(rf"^{_DATE}\s*")
# A new event starts where a date follows whitespace or 根据 ("…第一次修正  根据2022年…").
_SPLIT_RE = re.compile(r"(?:\s+根据\s*|\s+)(?=(?:[0-9]{4}|[〇○零一二三四五六七八九]{4})年[^年]{1,3}月[^月]{1,3}日)")
_FULLWIDTH = str.maketrans("０１２３４５６７８９（）", "0123456789()")
_DOC_NUMBER_RE = re.compile(r"^[\u4e00-\u9fff]{1,8}[〔\[［(（]\d{4}[〕\]］)）]第?\d+号$")
_BRACKETED_RE = re.compile(r"《[^《》]*》|<[^<>]*>")
_SESSION_RE = re.compile(rf"第?[{NUMERAL_CHARS}]+届")
_BODY_END_RE = re.compile(
    rf"第?[{NUMERAL_CHARS}]+次|公告|令第|令|会议|通过|批准|发布|公布|修订|修正|修改|审议|讨论|施行|废止|关于|根据|[《〈<（(]"
)
_BODY_ALIASES = {
    "人大常委会": "人民代表大会常务委员会",
    "中华人民共和国国务院": "国务院",
    "中华人民共和国全国人民代表大会": "全国人民代表大会",
}

#: (kind, keywords) checked in order on the line with bracketed titles removed.
_KIND_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("repealed", ("废止",)),
    ("revised", ("修订",)),
    ("amended", ("修正", "修改")),
    ("published", ("公布", "发布", "印发", "公告", "令第")),
    ("effective", ("施行", "生效", "实施", "执行")),
    ("approved", ("批准",)),
    ("passed", ("通过",)),
)


def parse_date(match: re.Match[str]) -> dt.date | None:
    """Date from a DATE_RE match, or None if it is not a valid calendar date."""
    try:
        return dt.date(cn_to_int(match.group(1)), cn_to_int(match.group(2)), cn_to_int(match.group(3)))
    except ValueError:
        return None


def find_dates(text: str) -> list[dt.date]:
    """All valid dates written in ``YYYY年M月D日`` form (Arabic or Chinese digits)."""
    return [d for m in DATE_RE.finditer(text) if (d := parse_date(m)) is not None]


def _strip_brackets(text: str) -> str:
    previous = None
    text = text.replace("〈", "<").replace("〉", ">")
    while previous != text:  # innermost first, so nested titles disappear completely
        previous, text = text, _BRACKETED_RE.sub("", text)
    return text


def _classify(rest: str) -> str:
    outside = _strip_brackets(rest)
    if re.search(r"(通过|批准)的\s*$", outside) and "《" in rest:
        return "amended"  # "…会议通过的《…修正案》": the law was amended by that instrument
    for kind, words in _KIND_RULES:
        if any(w in outside for w in words):
            return kind
    return "other"


def _body(rest: str) -> str | None:
    text = _SESSION_RE.sub("", rest.strip())
    m = _BODY_END_RE.search(text)
    body = (text[: m.start()] if m else text).strip(" 　、，")
    for old, new in _BODY_ALIASES.items():
        body = body.replace(old, new)
    return body or None


def _unwrap(line: str) -> str:
    """Drop a parenthesis that opens or closes the whole history block (or wraps one line)."""
    s = line.strip()
    if s.startswith("(") and s.endswith(")") and s.count("(") == 1:
        s = s[1:-1]
    if s.startswith(("（", "(")) and not re.search(r"[）)]", s):
        s = s[1:]
    if s.endswith(("）", ")")) and s.count("（") + s.count("(") < s.count("）") + s.count(")"):
        s = s[:-1]
    return s.strip()


def parse_history(
    lines: list[tuple[int, str]], path: str, title: str = ""
) -> tuple[list[HistoryEvent], list[ParseWarning], str | None]:
    """Parse (line number, text) pairs of the history block into events.

    Returns the events, warnings and the document number (法释〔2021〕11号) if one is given.
    Undated lines that only repeat a piece of the title (a wrapped title) are ignored.
    """
    doc_number = None
    compact_title = re.sub(r"\s+", "", title)
    events: list[HistoryEvent] = []
    warnings: list[ParseWarning] = []
    segments: list[tuple[int, str]] = []
    for lineno, raw in lines:
        text = _unwrap(raw.translate(_FULLWIDTH))
        if not text:
            continue
        if not _LEADING_DATE_RE.match(text):
            if _DOC_NUMBER_RE.match(text):
                doc_number = doc_number or text
                continue
            if re.sub(r"\s+", "", text) in compact_title:
                continue
            if segments:  # a wrapped event continues on this line
                segments[-1] = (segments[-1][0], segments[-1][1] + text)
            else:
                warnings.append(
                    ParseWarning(path, lineno, "history-undated", f"history line without a date: {text[:60]}")
                )
            continue
        segments.extend((lineno, part) for part in _SPLIT_RE.split(text) if part.strip())
    for lineno, seg in segments:
        seg = re.sub(r"\s*根据\s*$", "", seg.strip())
        m = _LEADING_DATE_RE.match(seg)
        if not m:  # only possible for fragments produced by splitting
            warnings.append(
                ParseWarning(path, lineno, "history-undated", f"history fragment without a date: {seg[:60]}")
            )
            continue
        date = parse_date(m)
        if date is None:
            warnings.append(ParseWarning(path, lineno, "history-bad-date", f"invalid date: {m.group(0)}"))
        rest = seg[m.end() :]
        kind = _classify(rest)
        if kind == "other":
            warnings.append(ParseWarning(path, lineno, "history-kind", f"unknown history event: {seg[:60]}"))
        events.append(HistoryEvent(date=date, kind=kind, raw=seg, body=_body(rest), line=lineno))
    return events, warnings, doc_number


def issuing_body_of(events: list[HistoryEvent]) -> str | None:
    """The body that made the document: the first passing body, else the first publisher."""
    for kinds in (("passed", "revised"), ("published", "approved")):
        for e in events:
            if e.kind in kinds and e.body:
                return e.body
    return next((e.body for e in events if e.body), None)
