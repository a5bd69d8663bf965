"""Query analysis: tokens with weights, law names, article citations, crime names, expansions."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .charges import ChargeMap
from .lexicon import expand
from .model import cn_to_int
from .segment import Segmenter, normalize

_CITE = re.compile(r"第\s*([0-9]+|[零〇一二三四五六七八九十百千两]+)\s*条(?:之([一二三四五六七八九十]+))?")
EXPANSION_WEIGHT = 0.4  # an added statutory term counts less than a word the user typed
# A lone character (退, 到, 狗) is a word jieba could not join: as a query term it matches every
# article where that character stands alone (退社, 退税, 退运 all index a 退 somewhere), and its idf
# is high because lone characters are rare tokens. Beside a multi-character term it weighs this much,
# so "房东不退押金怎么办" ranks articles on 押金 and 出租人 above articles that merely share 退.
SINGLE_CHAR_WEIGHT = 0.5
# Both rules below apply to questions of at most SHORT_QUERY_CHARS characters, where the problem is (a
# citizen's question). In long scenarios (LawBench 3-2) each cost one dev item: there the rarest-terms cut
# and the asking sentence's weight already decide, and 合法/别人 can be what the answer says.
SHORT_QUERY_CHARS = 40
# Everyday asking phrasing that carries no legal meaning (谁负责, 算不算, 要不要): dropped from
# questions only (indexed text keeps them: 谁主管、谁负责 is a principle in a statute).
QUERY_STOPWORDS = frozenset(
    {
        "谁",
        "谁来",
        "还能",
        "能要",
        "要回",
        "要不要",
        "算不算",
        "有没有",
        "会不会",
        "可不可以",
        "咋办",
        "咋",
        "怎么处理",
        "怎么做",
        "该怎么",
        "该",
        "多久",
        "多长",
        "几天",
        "几年",
        "几岁",
        "合法",
        "违法吗",
        "合法吗",
        "有效吗",
        "一起",
        "别人",
        "偷偷",
    }
)
# Scenario questions tell a story, then ask: the asking sentence names what the answer is about
# (…根据哪条法律，董事不得将公司资金借与他人？). Its words weigh this much more than the story's.
FOCUS_WEIGHT = 1.5
_SENTENCE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]?")
_ASKING = re.compile(r"根据|依据|依照|是否|能否|可否|能不能|应当|应该|怎么|怎样|如何|哪|什么|吗|呢|[？?]")
_TITLE_SUFFIXES = ("实施细则", "实施办法", "条例", "规定", "办法", "法")


@dataclass(slots=True)
class TitleEntry:
    work_key: str
    short_title: str
    level: int


@dataclass(slots=True)
class Analysis:
    text: str
    weights: dict[str, float]  # token → query weight
    original: list[str]  # tokens typed by the user (no expansion)
    laws: list[str] = field(default_factory=list)  # work keys named in the query
    stems: list[str] = field(default_factory=list)  # work keys whose subject (title stem) is mentioned
    citations: list[tuple[list[str], int]] = field(default_factory=list)  # (work keys, article number)
    charges: list[str] = field(default_factory=list)
    expansions: list[str] = field(default_factory=list)


class TitleIndex:
    """Short titles of all works → work keys; finds law names in free text (longest match wins)."""

    def __init__(self, entries: list[TitleEntry]) -> None:
        self.by_title: dict[str, list[TitleEntry]] = {}
        for e in entries:
            self.by_title.setdefault(normalize(e.short_title), []).append(e)
        for lst in self.by_title.values():
            lst.sort(key=lambda e: e.level)
        self._titles = sorted(self.by_title, key=len, reverse=True)
        # Subject stem: 农民专业合作社法 → 农民专业合作社, used when a scenario names the subject.
        self.by_stem: dict[str, list[TitleEntry]] = {}
        for t, lst in self.by_title.items():
            for suf in _TITLE_SUFFIXES:
                if t.endswith(suf) and len(t) - len(suf) >= 4:
                    self.by_stem.setdefault(t[: -len(suf)], []).extend(lst)
                    break
        self._stems = sorted(self.by_stem, key=len, reverse=True)

    def find(self, text: str) -> list[tuple[int, int, list[TitleEntry]]]:
        """Non-overlapping (start, end, entries) of title mentions, longest titles first."""
        text = normalize(text)
        spans: list[tuple[int, int, list[TitleEntry]]] = []
        for t in self._titles:
            if len(t) < 2:
                continue
            start = text.find(t)
            while start >= 0:
                end = start + len(t)
                if not any(s < end and start < e for s, e, _ in spans):
                    spans.append((start, end, self.by_title[t]))
                start = text.find(t, end)
        return sorted(spans, key=lambda s: s[0])

    def find_stems(self, text: str) -> list[TitleEntry]:
        text = normalize(text)
        out: list[TitleEntry] = []
        for s in self._stems:
            if s in text:
                out.extend(self.by_stem[s])
        return out


def question_part(text: str) -> str:
    """The last sentence that asks something, when the text has several sentences; else ''."""
    sentences = [m.group(0) for m in _SENTENCE.finditer(text) if m.group(0).strip()]
    if len(sentences) < 2:
        return ""
    asking = [s for s in sentences if _ASKING.search(s)]
    return asking[-1] if asking else ""


# Asking and citing phrasing inside a question sentence: not part of what the answer must say.
_ASK_WORDS = re.compile(
    r"根据|依据|依照|按照|哪条|哪个|哪些|哪项|哪一|什么|相关|有关|法律|法规|规定|文件|条款|条文|是否|能否|可否|能不能"
    r"|可以|应该|应当|如何|怎么|怎样|需要|请问|吗|呢"
)
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")
_CLAUSE_END = re.compile(r"[，,。；;]")


def focus_bigrams(text: str) -> tuple[list[str], bool]:
    """Character bigrams of the asking part without its asking words: the statement the
    answering article should contain nearly verbatim, and whether that part is a whole asking
    sentence of a scenario (True) or the last clause of a one-sentence consultation (False).
    Only a part that ends as a question: a criminal judgment's last sentence (公诉机关认为……
    应当……) states, it does not ask."""
    part = question_part(text)
    sentence = bool(part)
    if not part:
        part = _CLAUSE_END.split(text.strip())[-1]
    if not part.rstrip().endswith(("？", "?")):
        return [], sentence
    out: list[str] = []
    for run in _CJK_RUN.findall(_ASK_WORDS.sub(" ", normalize(part))):
        out.extend(run[i : i + 2] for i in range(len(run) - 1))
    return list(dict.fromkeys(out)), sentence


def analyze(
    text: str,
    seg: Segmenter,
    titles: TitleIndex,
    charges: ChargeMap,
    max_terms: int = 48,
    df: dict[str, int] | None = None,
) -> Analysis:
    norm = normalize(text)
    mentions = titles.find(norm)
    laws = [e.work_key for _, _, entries in mentions for e in entries[:1]]
    citations: list[tuple[list[str], int]] = []
    for m in _CITE.finditer(norm):
        number = cn_to_int(m.group(1))
        before = [entries for s, e, entries in mentions if e <= m.start()]
        if number is not None and before:
            citations.append(([e.work_key for e in before[-1]], number))  # the law named just before
    found_charges = charges.find(norm)
    expansions = expand(norm)
    short = len(norm) <= SHORT_QUERY_CHARS
    toks = [t for t in seg.tokens(norm) if not (short and t in QUERY_STOPWORDS)] or seg.tokens(norm)
    counts = Counter(toks)
    weights: dict[str, float] = {t: min(1.0 + 0.2 * (c - 1), 2.0) for t, c in counts.items()}
    for t in set(seg.tokens(question_part(norm))) & weights.keys():
        weights[t] *= FOCUS_WEIGHT
    for term in expansions:
        for t in seg.tokens(term):
            weights.setdefault(t, EXPANSION_WEIGHT)
    if short and any(len(t) > 1 for t in weights):
        for t in weights:
            if len(t) == 1 and "\u4e00" <= t <= "\u9fff":
                weights[t] *= SINGLE_CHAR_WEIGHT
    if df is not None and len(weights) > max_terms:
        # Long narratives: keep the most selective terms (rare first), expansions included.
        keep = sorted(weights, key=lambda t: (df.get(t, 0) == 0, df.get(t, 0) / weights[t]))[:max_terms]
        weights = {t: weights[t] for t in keep}
    stems = [e.work_key for e in titles.find_stems(norm)]
    return Analysis(
        text=text,
        weights=weights,
        original=list(counts),
        laws=list(dict.fromkeys(laws)),
        stems=list(dict.fromkeys(stems)),
        citations=citations,
        charges=found_charges,
        expansions=expansions,
    )
