"""Chinese numerals as they appear in legal texts, and article labels.

Legal texts number articles, chapters and items with Chinese numerals
(第一千一百六十五条, 第二百六十四条, （十一）) while citations in free text often use
Arabic digits (第1165条). Both must map to the same integer.
"""

from __future__ import annotations

import re

__all__ = [
    "ARTICLE_LABEL_RE",
    "NUMERAL_CHARS",
    "article_label",
    "cn_to_int",
    "int_to_cn",
    "parse_article_label",
]

_DIGITS = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG_UNITS = {"万": 10_000}
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")

#: Characters that may form a numeral (Chinese or Arabic, incl. full-width digits).
NUMERAL_CHARS = "零〇○一二两三四五六七八九十百千万0-9０-９"

#: ``第<n>条`` optionally followed by ``之<m>``; group 1 = n, group 2 = m.
ARTICLE_LABEL_RE = re.compile(rf"第([{NUMERAL_CHARS}]+)条(?:之([{NUMERAL_CHARS}]+))?")


def cn_to_int(text: str) -> int:
    """Convert a Chinese (or Arabic) numeral to int; raise ValueError if it is not one.

    Handles positional forms (一千一百六十五, 二百零四, 十, 十二) and digit-by-digit forms
    used in years (二〇二一).
    """
    s = text.strip().translate(_FULLWIDTH_DIGITS)
    if not s:
        raise ValueError("empty numeral")
    if s.isdigit():
        return int(s)
    if any(ch not in _DIGITS and ch not in _UNITS and ch not in _BIG_UNITS for ch in s):
        raise ValueError(f"not a Chinese numeral: {text!r}")
    if not any(ch in _UNITS or ch in _BIG_UNITS for ch in s):
        # Digit-by-digit (二〇二一); a single digit is the degenerate case.
        return int("".join(str(_DIGITS[ch]) for ch in s))
    total = 0
    section = 0
    digit: int | None = None
    last_unit = 10**9
    for ch in s:
        if ch in _DIGITS:
            if digit is not None and _DIGITS[ch] != 0 and digit != 0:
                raise ValueError(f"two digits in a row: {text!r}")
            digit = _DIGITS[ch]
        elif ch in _UNITS:
            unit = _UNITS[ch]
            if unit >= last_unit:
                raise ValueError(f"units out of order: {text!r}")
            last_unit = unit
            if digit is None and (unit != 10 or section):
                raise ValueError(f"unit without a digit: {text!r}")  # only a leading 十 may omit 一
            section += (1 if digit is None else digit) * unit
            digit = None
        else:  # 万
            section += digit or 0
            total += (section or 1) * _BIG_UNITS[ch]
            section, digit, last_unit = 0, None, 10**9
    section += digit or 0
    return total + section


def int_to_cn(n: int) -> str:
    """Render 0 <= n < 100000 as the Chinese numeral used in article labels (1165 → 一千一百六十五)."""
    if n < 0 or n >= 100_000:
        raise ValueError(f"out of range: {n}")
    if n == 0:
        return "零"
    names = "零一二三四五六七八九"
    parts: list[str] = []
    units = [(10_000, "万"), (1000, "千"), (100, "百"), (10, "十"), (1, "")]
    pending_zero = False
    for value, unit in units:
        d, n = divmod(n, value)
        if d:
            if pending_zero and parts:
                parts.append("零")
            parts.append(names[d] + unit)
            pending_zero = False
        else:
            pending_zero = True
        if n == 0:
            break
    out = "".join(parts)
    # 一十二 is written 十二 when it leads the numeral.
    return out[1:] if out.startswith("一十") else out


def parse_article_label(label: str) -> tuple[int, int]:
    """``第一百二十条之一`` → (120, 1); ``第1165条`` → (1165, 0). Raise ValueError otherwise."""
    m = ARTICLE_LABEL_RE.fullmatch(label.strip())
    if not m:
        raise ValueError(f"not an article label: {label!r}")
    return cn_to_int(m.group(1)), cn_to_int(m.group(2)) if m.group(2) else 0


def article_label(number: int, suffix: int = 0) -> str:
    """(120, 1) → ``第一百二十条之一``: the canonical label used for display and keys."""
    label = f"第{int_to_cn(number)}条"
    return f"{label}之{int_to_cn(suffix)}" if suffix else label
