"""Pinyin initials of an organisation's names, so that ``hpqscjg`` finds 黄浦区市场监督管理局 (pypinyin)."""

from __future__ import annotations

from pypinyin import Style, lazy_pinyin


def initials(*names: str) -> str:
    """The lower-case initials of each name, space-separated: ``njdljd njdl`` for 南京东路街道 and 南京东路.

    Latin letters and digits in a name are kept as they are (``12345rx`` for 12345热线); other characters drop.
    """
    words = []
    for name in names:
        if not name:
            continue
        # a Chinese character gives its initial; a run of other characters comes back whole
        letters = "".join(lazy_pinyin(name, style=Style.FIRST_LETTER, errors="default"))
        word = "".join(ch for ch in letters.lower() if ch.isascii() and ch.isalnum())
        if word and word not in words:
            words.append(word)
    return " ".join(words)[:200]
