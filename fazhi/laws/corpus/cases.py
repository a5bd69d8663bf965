"""Typical cases under data/laws/案例/: ``# title``, ``<!-- INFO END -->``, then ``##`` sections.

Section names vary between publishers (基本案情/简要案情/案情回顾, 裁判要旨/裁判要点,
裁判理由/案例分析/适用解析/法官解读 …); SECTION_ROLES maps each to one role. A first
``##`` that is no known section is the case name (常某某诉许某网络服务合同案).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .citations import find_citations
from .models import ParseWarning

__all__ = ["SECTION_ROLES", "ParsedCase", "iter_cases", "parse_case", "parse_case_text"]

INFO_END = "<!-- INFO END -->"

#: Section heading → role. Roles: facts, claims, result, holding, reasoning, significance, keywords, provisions.
SECTION_ROLES = {
    "基本案情": "facts",
    "简要案情": "facts",
    "案情回顾": "facts",
    "原告诉讼请求": "claims",
    "申请人请求": "claims",
    "裁判结果": "result",
    "处理结果": "result",
    "法院裁判": "result",
    "裁判要旨": "holding",
    "裁判要点": "holding",
    "裁判理由": "reasoning",
    "案例分析": "reasoning",
    "适用解析": "reasoning",
    "法官解读": "reasoning",
    "典型意义": "significance",
    "关键词": "keywords",
    "司法解释相关法条": "provisions",
    "司法解释相关条文": "provisions",
}
_SPACES_RE = re.compile(r"[\s\u3000\u2002\u200b]+")


@dataclass(slots=True)
class ParsedCase:
    """One typical case. ``holding`` is the 裁判要旨/要点; ``reasoning`` the court's or editor's analysis."""

    path: str
    title: str
    case_name: str | None  # the parties line (…诉…案) when the file gives one
    category: str  # folder under 案例/: 民法典, 劳动人事, 消费购物, 行政协议诉讼
    facts: str
    holding: str
    reasoning: str
    result: str
    significance: str
    keywords: list[str]
    sections: dict[str, str]  # every section by its heading as written
    cited_articles: list[str]  # citation strings as written, e.g. "《民法典》第153条第2款"
    full_text: str
    content_hash: str
    warnings: list[ParseWarning] = field(default_factory=list)


def parse_case_text(text: str, rel_path: str, content_hash: str | None = None) -> ParsedCase:
    """Parse a case file's text; unknown section headings are kept in ``sections`` and reported."""
    warnings: list[ParseWarning] = []
    lines = text.replace("\u200b", "").splitlines()
    title = ""
    body_start = 0
    for i, line in enumerate(lines):
        s = line.strip()
        if s.startswith("# ") and not title:
            title = s[2:].strip()
        if s == INFO_END:
            body_start = i + 1
            break
    if not title:
        title = rel_path.rsplit("/", 1)[-1].removesuffix(".md")
        warnings.append(ParseWarning(rel_path, 1, "no-title", "no '# title' line; file name used"))

    sections: dict[str, list[str]] = {}
    roles: dict[str, list[str]] = {}
    case_name = None
    current: str | None = None
    for i in range(body_start, len(lines)):
        s = lines[i].strip()
        if not s or s.startswith("<!--"):
            continue
        if s.startswith("#"):
            heading = _SPACES_RE.sub("", s.lstrip("#"))
            if heading in SECTION_ROLES:
                current = heading
                sections.setdefault(current, [])
            elif case_name is None and current is None:
                case_name, current = heading, None
            else:
                current = heading
                sections.setdefault(current, [])
                warnings.append(ParseWarning(rel_path, i + 1, "case-section", f"unknown case section: {heading}"))
            continue
        if current is None:
            sections.setdefault("", []).append(s)
            continue
        sections[current].append(s)
        roles.setdefault(SECTION_ROLES.get(current, "other"), []).append(s)

    def joined(role: str) -> str:
        return "\n".join(roles.get(role, []))

    if "facts" not in roles:
        warnings.append(ParseWarning(rel_path, 0, "case-no-facts", "no 基本案情-type section"))
    body_text = "\n".join(lines[body_start:])
    cited = [c.text for c in find_citations(body_text) if c.law_name or (c.relative is None and c.article)]
    keywords = [k for k in re.split(r"[、，,\s]+", joined("keywords").rstrip("。")) if k]
    return ParsedCase(
        path=rel_path,
        title=title,
        case_name=case_name,
        category=rel_path.split("/")[1] if rel_path.count("/") >= 2 else "",
        facts=joined("facts"),
        holding=joined("holding"),
        reasoning=joined("reasoning"),
        result=joined("result"),
        significance=joined("significance"),
        keywords=keywords,
        sections={k: "\n".join(v) for k, v in sections.items()},
        cited_articles=list(dict.fromkeys(c for c in cited if c)),
        full_text=body_text.strip(),
        content_hash=content_hash or hashlib.sha256(text.encode("utf-8")).hexdigest(),
        warnings=warnings,
    )


def parse_case(path: Path, root: Path) -> ParsedCase:
    """Parse one case file; ``root`` is the corpus root (data/laws)."""
    data = path.read_bytes()
    return parse_case_text(data.decode("utf-8"), path.relative_to(root).as_posix(), hashlib.sha256(data).hexdigest())


def iter_cases(root: Path) -> Iterator[ParsedCase]:
    """All cases under ``root/案例`` in path order (folder markers skipped)."""
    for path in sorted((root / "案例").rglob("*.md")):
        if path.name != "_index.md":
            yield parse_case(path, root)
