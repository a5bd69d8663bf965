"""Chinese word segmentation shared by indexing and querying.

jieba with a legal user dictionary (law short titles, crime names, defined terms) merged
into one dictionary file. jieba caches the parsed prefix dictionary (marshal) beside that
file, keyed by its path and checked by mtime, so only the first process pays the ~1-2 s
build; later processes load the cache in a few hundred ms. Within a process, Segmenters
are memoised by dictionary hash.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import re
import threading
import time
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import jieba

from .lexicon import load_stopwords

jieba.setLogLevel(logging.WARNING)

_TOKEN_OK = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")
_CACHE: dict[str, Segmenter] = {}
_LOCK = threading.Lock()
TOKEN_CACHE = 1024  # segmented texts memoised per segmenter (queries, expansion terms)
USER_WORD_FREQ = 3000  # high enough that a legal term beats its split into common words


REPO_ROOT = Path(__file__).resolve().parents[3]


def default_cache_dir() -> Path:
    """$FAZHI_JIEBA_CACHE, else <repo>/var/cache/jieba (a private dir: jieba loads marshal data
    from it, so it must not be a world-writable place such as /tmp)."""
    base = os.environ.get("FAZHI_JIEBA_CACHE")
    return Path(base) if base else REPO_ROOT / "var" / "cache" / "jieba"


def normalize(text: str) -> str:
    """Full-width → half-width (NFKC) and lowercase, so ２０２０ and 2020 index alike."""
    return unicodedata.normalize("NFKC", text).lower()


class Segmenter:
    """A jieba tokenizer over the default dictionary plus legal words."""

    def __init__(self, user_words: Iterable[str] = (), cache_dir: Path | None = None) -> None:
        words = sorted({normalize(w).strip() for w in user_words if len(w.strip()) >= 2})
        digest = hashlib.sha1("\n".join(words).encode()).hexdigest()[:16]
        self.digest = digest
        self.user_words = words
        self.stopwords = load_stopwords()
        cache_dir = cache_dir or default_cache_dir()
        cache_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        dict_path = cache_dir / f"legal-{digest}.dict"
        if not dict_path.exists():
            # Write the merged dictionary once; jieba then caches its parsed form beside it.
            base = Path(jieba.get_dict_file().name).read_text(encoding="utf-8")
            extra = "".join(f"{w} {USER_WORD_FREQ} n\n" for w in words if " " not in w)
            tmp = dict_path.with_suffix(".tmp")
            tmp.write_text(base.rstrip("\n") + "\n" + extra, encoding="utf-8")
            tmp.replace(dict_path)
        t0 = time.perf_counter()
        self._tk = jieba.Tokenizer(dictionary=str(dict_path))
        self._tk.tmp_dir = str(cache_dir)
        self._tk.initialize()
        self.init_seconds = time.perf_counter() - t0
        # A search segments the query more than once (document frequencies, then analysis) and
        # the same expansion terms in many queries: memoise by normalised text, per segmenter.
        self._search_tokens = functools.lru_cache(maxsize=TOKEN_CACHE)(self._cut_for_search)

    def tokens(self, text: str) -> list[str]:
        """Search-mode tokens (long words plus their dictionary sub-words), stopwords removed."""
        return list(self._search_tokens(normalize(text)))

    def _cut_for_search(self, norm: str) -> tuple[str, ...]:
        out: list[str] = []
        for tok in self._tk.cut_for_search(norm, HMM=False):
            tok = tok.strip()
            if tok and _TOKEN_OK.search(tok) and tok not in self.stopwords:
                out.append(tok)
        return tuple(out)

    def words(self, text: str) -> list[str]:
        """Plain (accurate-mode) words, for detection of terms in queries."""
        return [w for w in self._tk.lcut(normalize(text), HMM=False) if w.strip()]

    def knows(self, word: str) -> bool:
        return bool(self._tk.FREQ.get(normalize(word)))


def get_segmenter(user_words: Iterable[str] = (), cache_dir: Path | None = None) -> Segmenter:
    """Process-wide memo: one jieba dictionary load per distinct word list."""
    words = sorted({normalize(w).strip() for w in user_words if len(w.strip()) >= 2})
    key = hashlib.sha1("\n".join(words).encode()).hexdigest()[:16] + str(cache_dir or "")
    with _LOCK:
        seg = _CACHE.get(key)
        if seg is None:
            seg = _CACHE[key] = Segmenter(words, cache_dir)
        return seg
