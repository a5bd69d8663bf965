"""Crime names (罪名) → Criminal Law articles, derived from the corpus itself.

Sources, strongest first:
1. the Supreme People's Procuratorate opinion on crime names and the SPC/SPP supplementary
   provisions on determining crime names (司法解释): explicit "罪名（第N条…）" lists and tables;
2. the Criminal Law text: an article that names "X罪" applies to X (e.g. the sentencing article
   for 受贿罪 is the one that says 对犯受贿罪的…);
3. articles that such an article sends you to ("依照本法第三百八十三条的规定处罚");
4. articles that send you to it, or cover it in a range: 第一百八十四条 (bank staff taking bribes →
   依照本法第三百八十五条…定罪处罚) belongs to 受贿, 第三百四十六条 (单位犯本节第三百三十八条至第三百四十五条
   规定之罪) to every charge of 338-345.
Abolished names (取消X罪名) are kept: judgments and users still use them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .model import ArticleRecord, cn_to_int

CRIMINAL_LAW_TITLE = "中华人民共和国刑法"
_NUM = r"([0-9]+|[零〇一二三四五六七八九十百千两]+)"
_REF = re.compile(rf"第{_NUM}条(?:之([一二三四五六七八九十]+))?")
_OPINION_ITEM = re.compile(r"(?:\d+．)?\s*([^（）\s．\d|]+?罪)（([^（）]*第[^（）]*条[^（）]*)）")
_TABLE_ROW = re.compile(r"^\|\s*(第[^|]*?条[^|]*?)\|([^|]+)\|")
_RENAME = re.compile(rf"第{_NUM}条(?:之([一二三四五六七八九十]+))?（[^）]*）的罪名由“([^”]+)”修改为“([^”]+)”")
_ABOLISHED = re.compile(r"取消([^（）]*?罪)罪名")
_RANGE = re.compile(rf"第{_NUM}条(?:之[一二三四五六七八九十]+)?至第{_NUM}条")
_SEND_TO = re.compile(rf"依照(?:本法)?第{_NUM}条(?:之([一二三四五六七八九十]+))?(?:第[^，。；]*?款)?的规定")

Key = tuple[int, int]  # (number, suffix)
# weights: how directly an article belongs to a charge
W_DEFINED, W_NAMED, W_SENT_TO, W_CITES = 1.0, 0.6, 0.4, 0.3
RANGE_MAX = 20  # a wider 第N条至第M条 is a general provision, not one crime's


def _refs(text: str) -> list[Key]:
    out: list[Key] = []
    for m in _REF.finditer(text):
        n = cn_to_int(m.group(1))
        if n is not None:
            key = (n, (cn_to_int(m.group(2)) or 0) if m.group(2) else 0)
            if key not in out:
                out.append(key)
    return out


def base_name(name: str) -> str:
    """盗窃罪 → 盗窃 (queries and judgments often omit the final 罪)."""
    name = re.sub(r"\s+", "", name)
    return name[:-1] if name.endswith("罪") else name


def _names(cell: str) -> list[str]:
    abolished = [base_name(n) for n in _ABOLISHED.findall(cell)]
    cell = re.sub(r"（[^）]*）", " ", cell)
    names = [base_name(n) for n in re.split(r"[；;\s]+", cell) if n.strip().endswith("罪")]
    return names + abolished


def _is_charge_source(title: str) -> bool:
    return "罪名" in title and ("刑法" in title or "犯罪" in title)


class ChargeMap:
    """name (without 罪) → {(number, suffix): weight} over the Criminal Law."""

    def __init__(self, table: dict[str, dict[Key, float]] | None = None) -> None:
        self.table: dict[str, dict[Key, float]] = table or {}

    def add(self, name: str, key: Key, weight: float) -> None:
        if len(name) < 2:
            return
        slot = self.table.setdefault(name, {})
        slot[key] = max(slot.get(key, 0.0), weight)

    def articles(self, name: str) -> list[tuple[Key, float]]:
        return sorted(self.table.get(base_name(name), {}).items(), key=lambda kv: (-kv[1], kv[0]))

    def find(self, text: str) -> list[str]:
        """Charge names in text, longest first, without overlaps (合同诈骗 hides 诈骗)."""
        taken: list[tuple[int, int]] = []
        found: list[str] = []
        for name in sorted(self.table, key=len, reverse=True):
            start = text.find(name)
            while start >= 0:
                end = start + len(name)
                if not any(s < end and start < e for s, e in taken):
                    taken.append((start, end))
                    if name not in found:
                        found.append(name)
                start = text.find(name, end)
        return found

    def to_json(self) -> dict[str, list[list[float]]]:
        return {n: [[k[0], k[1], w] for k, w in arts.items()] for n, arts in self.table.items()}

    @classmethod
    def from_json(cls, data: dict[str, list[list[float]]]) -> ChargeMap:
        return cls({n: {(int(a), int(b)): float(w) for a, b, w in rows} for n, rows in data.items()})


def build_charge_map(records: Iterable[ArticleRecord]) -> ChargeMap:
    records = list(records)
    cmap = ChargeMap()
    for r in records:
        if not _is_charge_source(r.title):
            continue
        for line in r.text.splitlines():
            for name, refs in _OPINION_ITEM.findall(line):
                for key in _refs(refs):
                    cmap.add(base_name(name), key, W_DEFINED)
            row = _TABLE_ROW.match(line.strip())
            if row:
                keys = _refs(row.group(1).split("（")[0])
                for name in _names(row.group(2)):
                    for key in keys:
                        cmap.add(name, key, W_DEFINED)
            for m in _RENAME.finditer(line):
                n = cn_to_int(m.group(1))
                if n is not None:
                    key = (n, (cn_to_int(m.group(2)) or 0) if m.group(2) else 0)
                    for name in (m.group(3), m.group(4)):
                        cmap.add(base_name(name), key, W_DEFINED)
    criminal = {
        (r.number, r.suffix): r.text for r in records if r.title == CRIMINAL_LAW_TITLE and r.in_force and r.number
    }
    names = sorted(cmap.table, key=len, reverse=True)
    for key, text in criminal.items():
        named = {n for n in names if n + "罪" in text}
        for n in named:
            cmap.add(n, key, W_NAMED)
    # One hop along "依照本法第N条的规定处罚" from any article already tied to a charge.
    for name, arts in list(cmap.table.items()):
        for key in list(arts):
            for m in _SEND_TO.finditer(criminal.get(key, "")):
                n = cn_to_int(m.group(1))
                if n is not None:
                    cmap.add(name, (n, (cn_to_int(m.group(2)) or 0) if m.group(2) else 0), W_SENT_TO)
    # Articles citing a charge's defining article (singly or inside a short range) also belong to it.
    defining: dict[Key, set[str]] = {}
    for name, arts in cmap.table.items():
        for key, w in arts.items():
            if w >= W_DEFINED:
                defining.setdefault(key, set()).add(name)
    for key, text in criminal.items():
        for ref in cited_keys(text):
            if ref != key:
                for name in defining.get(ref, ()):
                    cmap.add(name, key, W_CITES)
    return cmap


def cited_keys(text: str) -> list[Key]:
    """Articles of the same law that `text` cites: every 第N条[之M], and each number of a short
    range 第N条至第M条 (suffixed articles inside a range are not enumerated)."""
    keys = _refs(text)
    for m in _RANGE.finditer(text):
        a, b = cn_to_int(m.group(1)), cn_to_int(m.group(2))
        if a is not None and b is not None and 0 < b - a <= RANGE_MAX:
            keys.extend((n, 0) for n in range(a + 1, b) if (n, 0) not in keys)
    return keys
