"""Document metadata derived from the folder layout, the title and the issuing body.

Folders give the default (``行政法规/`` → 行政法规); the issuing body named in the
history overrides it where the folder is only a subject branch: a file under
``行政法/`` passed by 国务院 is a 行政法规, a ``DLC/`` file made by a 人民政府 is a
地方政府规章, anything by 最高人民法院/最高人民检察院 is a 司法解释.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["LEVELS", "classify", "normalize_title", "work_key_for"]

#: Branch folders holding national laws (法律) made by the NPC or its Standing Committee.
LAW_FOLDERS = frozenset(
    {"宪法相关法", "民法典", "民法商法", "行政法", "经济法", "社会法", "刑法", "诉讼与非诉讼程序法"}
)
FOLDER_TYPES = {"宪法": "宪法", "行政法规": "行政法规", "司法解释": "司法解释", "部门规章": "部门规章", "其他": "其他"}

#: Rank in the hierarchy of norms (立法法): lower is higher. 司法解释 sits beside 行政法规.
LEVELS = {
    "宪法": 1,
    "法律": 2,
    "行政法规": 3,
    "司法解释": 3,
    "地方性法规": 4,
    "部门规章": 5,
    "地方政府规章": 5,
    "其他": 6,
}

_SPACE_RE = re.compile(r"[\s\u3000\u2002\u2003\u00a0\u200b]+")
_TITLE_TRANS = str.maketrans({"(": "（", ")": "）", "〈": "《", "〉": "》", "<": "《", ">": "》", "、": None})


def normalize_title(title: str) -> str:
    """Canonical form for comparing titles: no spaces or 、, full-width brackets, one kind of 《》."""
    t = unicodedata.normalize("NFC", title)
    return _SPACE_RE.sub("", t).translate(_TITLE_TRANS)


def work_key_for(title: str) -> str:
    """The key grouping versions of one work: its normalised full title.

    Titles in the corpus carry the region for local regulations (上海市…条例) and the
    issuer for interpretations, so the title alone separates works; versions of a law
    keep their title across amendments. A renamed law becomes a new work (known limit).
    """
    return normalize_title(title)


def _type_from_body(body: str | None, title: str) -> str | None:
    if title.startswith(("最高人民法院", "最高人民检察院")) or (body or "").startswith(
        ("最高人民法院", "最高人民检察院")
    ):
        return "司法解释"
    if body is None:
        return None
    if body.startswith("国务院"):
        return "行政法规"
    if body.startswith("全国人民代表大会"):
        return "法律"
    if "人民政府" in body:
        return "地方政府规章"
    return None


def classify(rel_path: str, title: str, issuing_body: str | None) -> tuple[str, str, str, int]:
    """(category, region, doc_type, level) for a document at ``rel_path`` (relative, '/'-separated)."""
    parts = rel_path.split("/")
    top = parts[0]
    if top == "DLC":
        region = parts[1].removesuffix("地方法规") if len(parts) > 2 else "local"
        category = parts[2] if len(parts) > 3 else "地方性法规"
        folder_type = "地方性法规"
    else:
        region = "national"
        category = top
        folder_type = "法律" if top in LAW_FOLDERS else FOLDER_TYPES.get(top, "其他")
    if folder_type == "宪法" and "宪法" not in title:
        folder_type = "法律"
    body_type = _type_from_body(issuing_body, title)
    doc_type = folder_type
    if (
        body_type == "司法解释"
        or (folder_type == "法律" and body_type == "行政法规")
        or (folder_type == "地方性法规" and body_type == "地方政府规章")
    ):
        doc_type = body_type
    return category, region, doc_type, LEVELS[doc_type]
