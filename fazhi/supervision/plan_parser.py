"""Reading a plan document in the style of the Shanghai rule-of-law society plan (pure Python, no Django).

The style, shared by the national 法治社会建设实施纲要 and the district plans that follow it::

    上海法治社会建设规划(2021-2025年)          ← title: the first non-empty line
    法治社会是构筑法治国家的基础。……           ← preamble: paragraphs before the first chapter
    一、总体要求                                ← chapter: a Chinese numeral and 、
    (一)指导思想。高举……                       ← measure: a bracketed Chinese numeral, numbered through the plan
    各区、各部门要……                           ← closing: unlabelled paragraphs after the last measure

Brackets may be full-width （一） or half-width (一); lines may be indented with spaces or full-width spaces.
An unlabelled paragraph inside the body belongs to the measure before it (a measure in several paragraphs), or,
before a chapter's first measure, to the chapter's introduction. Anything odd — numbers out of sequence, a measure
before any chapter — is reported in ``problems`` rather than guessed away.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
NUMERAL = "[零〇一二两三四五六七八九十百]+"
CHAPTER_RE = re.compile(rf"^({NUMERAL})[、,，.．]\s*(\S.*)$")
MEASURE_RE = re.compile(rf"^[（(]({NUMERAL})[）)]\s*(\S.*)$")
SENTENCE_END = "。"


def chinese_number(text: str) -> int:
    """一 → 1, 十五 → 15, 二十 → 20, 三十 → 30, 一百零二 → 102. Raises ValueError on anything else."""
    if not text or any(ch not in DIGITS and ch not in "十百" for ch in text):
        raise ValueError(f"not a Chinese numeral: {text!r}")
    total, current = 0, 0
    for ch in text:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = current * 10 + DIGITS[ch] if current and ch in "零〇" else DIGITS[ch]
    return total + current


def chinese_numeral(number: int) -> str:
    """1 → 一, 15 → 十五, 30 → 三十 (1–99, the range plans use)."""
    names = "零一二三四五六七八九"
    if not 0 < number < 100:
        raise ValueError(number)
    tens, ones = divmod(number, 10)
    return ("" if tens == 0 else ("十" if tens == 1 else names[tens] + "十")) + (names[ones] if ones else "")


def measure_label(number: int) -> str:
    return f"({chinese_numeral(number)})"


@dataclass
class ParsedMeasure:
    number: int
    title: str
    text: str
    line: int

    @property
    def label(self) -> str:
        return measure_label(self.number)


@dataclass
class ParsedChapter:
    number: int
    title: str
    line: int
    intro: str = ""
    measures: list[ParsedMeasure] = field(default_factory=list)

    @property
    def label(self) -> str:
        return chinese_numeral(self.number)


@dataclass
class ParsedPlan:
    title: str
    preamble: str
    closing: str
    source_hash: str
    chapters: list[ParsedChapter] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def measures(self) -> list[ParsedMeasure]:
        return [m for chapter in self.chapters for m in chapter.measures]


def measure_title(text: str) -> str:
    """The measure's heading: the text before its first 。 (the whole text if it has none)."""
    head, sep, _rest = text.partition(SENTENCE_END)
    return head.strip() if sep else text.strip()


def _paragraphs(text: str) -> list[tuple[int, str]]:
    """Non-empty lines with their line numbers, stripped of indentation (spaces, full-width spaces, tabs)."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return [(n, line.strip(" \t\u3000")) for n, line in enumerate(text.split("\n"), start=1) if line.strip(" \t\u3000")]


def parse_plan(text: str) -> ParsedPlan:
    paragraphs = _paragraphs(text)
    digest = hashlib.sha256(text.lstrip("\ufeff").replace("\r\n", "\n").encode("utf-8")).hexdigest()
    if not paragraphs:
        return ParsedPlan(title="", preamble="", closing="", source_hash=digest, problems=["the document is empty"])
    plan = ParsedPlan(title=paragraphs[0][1], preamble="", closing="", source_hash=digest)
    preamble: list[str] = []
    trailing: list[tuple[int, str]] = []  # unlabelled paragraphs after the latest measure
    chapter: ParsedChapter | None = None
    measure: ParsedMeasure | None = None
    expected_measure = 1

    def settle_trailing() -> None:
        """Unlabelled paragraphs followed by more body: they continue the measure before them."""
        nonlocal trailing
        if trailing and measure is not None:
            measure.text += "\n" + "\n".join(p for _n, p in trailing)
        trailing = []

    for line, para in paragraphs[1:]:
        chapter_match = CHAPTER_RE.match(para)
        measure_match = MEASURE_RE.match(para)
        if chapter_match and len(chapter_match.group(2)) <= 60 and SENTENCE_END not in chapter_match.group(2):
            settle_trailing()
            number = chinese_number(chapter_match.group(1))
            if number != len(plan.chapters) + 1:
                plan.problems.append(
                    f"line {line}: chapter {chapter_match.group(1)} out of sequence "
                    f"(expected {chinese_numeral(len(plan.chapters) + 1)})"
                )
            chapter = ParsedChapter(number=len(plan.chapters) + 1, title=chapter_match.group(2).strip(), line=line)
            plan.chapters.append(chapter)
            measure = None
        elif measure_match:
            settle_trailing()
            number = chinese_number(measure_match.group(1))
            if chapter is None:
                plan.problems.append(f"line {line}: measure {measure_match.group(1)} before any chapter, skipped")
                continue
            if number != expected_measure:
                plan.problems.append(
                    f"line {line}: measure ({measure_match.group(1)}) out of sequence "
                    f"(expected ({chinese_numeral(expected_measure)}))"
                )
                if number < expected_measure:
                    plan.problems.append(f"line {line}: duplicate measure ({measure_match.group(1)}) skipped")
                    continue
            body = measure_match.group(2).strip()
            measure = ParsedMeasure(number=number, title=measure_title(body), text=body, line=line)
            chapter.measures.append(measure)
            expected_measure = number + 1
        elif chapter is None:
            preamble.append(para)
        elif measure is None:
            chapter.intro = f"{chapter.intro}\n{para}".strip()
        else:
            trailing.append((line, para))
    plan.preamble = "\n".join(preamble)
    plan.closing = "\n".join(p for _n, p in trailing)  # what follows the last measure closes the plan
    if not plan.chapters:
        plan.problems.append("no chapter lines (一、…) found")
    for chapter in plan.chapters:
        if not chapter.measures:
            plan.problems.append(f"line {chapter.line}: chapter {chapter.label} has no measures")
    return plan
