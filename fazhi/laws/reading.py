"""Reading a law as on flk.npc.gov.cn (issue #21 point 6): a table of contents that jumps to each part, and a
version diff that marks the characters that changed inside a sentence, not whole lines."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class TocEntry:
    depth: int  # 0 for a top-level part (编 or 章), 1 below it …
    label: str
    anchor: str  # the first article under it ("art-12", "art-120-1"), '' when it holds none


def _anchor(key: Sequence[int]) -> str:
    number, suffix = int(key[0]), int(key[1]) if len(key) > 1 else 0
    return f"art-{number}" + (f"-{suffix}" if suffix else "")


def _first_key(node: dict[str, Any]) -> Sequence[int] | None:
    if node.get("articles"):
        return node["articles"][0]
    for child in node.get("children", ()):
        if (key := _first_key(child)) is not None:
            return key
    return None


@dataclass(frozen=True)
class TocNode:
    label: str
    anchor: str
    children: tuple[TocNode, ...]


def toc_tree(toc: Iterable[dict[str, Any]]) -> list[TocNode]:
    """The table of contents as nested parts (编 › 章 › 节), each linked to its first article."""
    out = []
    for node in toc:
        key = _first_key(node)
        out.append(
            TocNode(
                node.get("label", ""),
                _anchor(key) if key is not None else "",
                tuple(toc_tree(node.get("children", ()))),
            )
        )
    return out


def toc_entries(toc: Iterable[dict[str, Any]], depth: int = 0) -> list[TocEntry]:
    """The version's stored table of contents, flattened, each part linked to its first article."""
    out: list[TocEntry] = []
    for node in toc:
        key = _first_key(node)
        out.append(TocEntry(depth, node.get("label", ""), _anchor(key) if key is not None else ""))
        out.extend(toc_entries(node.get("children", ()), depth + 1))
    return out


@dataclass(frozen=True)
class Segment:
    op: str  # "equal", "insert" or "delete"
    text: str


@dataclass(frozen=True)
class DiffRow:
    """One line of the comparison: unchanged, added, removed, or changed (with its character-level segments)."""

    kind: str  # "equal", "insert", "delete", "replace"
    segments: tuple[Segment, ...]


def char_segments(old: str, new: str) -> tuple[Segment, ...]:
    """The characters deleted and inserted between two versions of one line (difflib at character level)."""
    out: list[Segment] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(Segment("equal", old[i1:i2]))
            continue
        if op in ("delete", "replace"):
            out.append(Segment("delete", old[i1:i2]))
        if op in ("insert", "replace"):
            out.append(Segment("insert", new[j1:j2]))
    return tuple(out)


def diff_rows(old: Sequence[str], new: Sequence[str], *, context: bool = False) -> list[DiffRow]:
    """Lines (articles) compared with difflib; in a replaced block, lines are paired in order and each pair
    shows its changed characters; lines left over are whole insertions or deletions. Unchanged lines are left
    out unless ``context``."""
    rows: list[DiffRow] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            if context:
                rows.extend(DiffRow("equal", (Segment("equal", line),)) for line in old[i1:i2])
            continue
        olds, news = list(old[i1:i2]), list(new[j1:j2])
        for a, b in zip(olds, news, strict=False):
            rows.append(DiffRow("replace", char_segments(a, b)))
        rows.extend(DiffRow("delete", (Segment("delete", line),)) for line in olds[len(news) :])
        rows.extend(DiffRow("insert", (Segment("insert", line),)) for line in news[len(olds) :])
    return rows
