"""The backend contract and the embedded SQLite FTS5 backend.

A backend stores articles (with their segmented tokens), returns a recall-oriented candidate
list for a bag of tokens under filters, and gives back what the backend-independent
re-ranker needs (records, tokens, document frequencies). PostgresBackend (pg_backend.py,
tsvector over the same space-joined tokens) implements the same methods; nothing above this
layer knows which one it talks to.
"""

from __future__ import annotations

import heapq
import json
import math
import sqlite3
import threading
from array import array
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, fields
from pathlib import Path
from typing import NamedTuple, Protocol

import numpy

from .model import ArticleRecord, Filters

FACET_FIELDS = ("doc_type", "region")
Fetched = tuple[ArticleRecord, list[str], list[str]]  # record, title+heading tokens, text tokens

# A query word in the law's title or the chapter heading says more about the article than the
# same word in its body: it counts TITLE_TF times (re-ranker, impact lists) / bm25() column weight.
TITLE_TF = 2
TITLE_WEIGHT, TEXT_WEIGHT = 2.0, 1.0
K1, B = 1.2, 0.75  # BM25 saturation / length normalisation, shared with the re-ranker
# Impact-ordered postings: per term, the TOP_N articles with the highest BM25 term score
# (idf aside). Candidates come from summing these short lists instead of scoring every
# article that contains a common word: bounded work per query whatever the terms.
TOP_N = 400
POSTINGS_CACHE = 2048  # impact lists kept decoded in memory (~5 KB each)
# PRAGMA mmap_size (MB) / cache_size (KiB) for an index opened from a path (0: SQLite's default).
# Memory-mapped reads skip a copy per page (~1 ms less CPU at p95 on the full index) but count the
# whole mapped index (≈ 380 MB) in each process's resident size (batch CLI: 121 → 431 MB): left off.
MMAP_MB = 0
CACHE_KIB = 0


class TokenFn(Protocol):
    def __call__(self, text: str) -> list[str]: ...


class SearchBackend(Protocol):
    """What SearchEngine needs from a store. Writes: replace/delete by document, then finish()
    to refresh corpus statistics. Reads return article ids (ArticleRecord.article_id)."""

    def replace_documents(self, doc_ids: Sequence[str], records: Sequence[ArticleRecord], tokens: TokenFn) -> None: ...
    def delete_documents(self, doc_ids: Sequence[str]) -> None: ...
    def finish(self) -> None: ...
    def candidates(
        self, tokens: Sequence[str], filters: Filters, k: int, weights: Mapping[str, float] | None = None
    ) -> list[tuple[str, float]]: ...
    def substring(self, text: str, filters: Filters, k: int) -> list[str]: ...
    def facets(self, tokens: Sequence[str], filters: Filters) -> dict[str, dict[str, int]]: ...
    def fetch(self, article_ids: Sequence[str]) -> dict[str, Fetched]: ...
    def lookup(
        self, work_keys: Sequence[str], numbers: Sequence[int], filters: Filters, cap: int = 1000
    ) -> list[str]: ...
    def doc_freqs(self, tokens: Iterable[str]) -> dict[str, int]: ...
    def stats(self) -> tuple[int, float]: ...
    def titles(self) -> list[tuple[str, str, str, int]]: ...
    def work_info(self) -> dict[str, tuple[str, str, str]]: ...
    def get_meta(self, key: str) -> object | None: ...
    def set_meta(self, key: str, value: object) -> None: ...


COLS = [f.name for f in fields(ArticleRecord)]
_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS articles ({", ".join(c + (" TEXT UNIQUE" if c == "article_id" else "") for c in COLS)},
    level INTEGER, ntok INTEGER);
CREATE INDEX IF NOT EXISTS articles_doc ON articles(doc_id);
CREATE INDEX IF NOT EXISTS articles_work ON articles(work_key, number);
CREATE VIRTUAL TABLE IF NOT EXISTS article_fts USING fts5(title_tokens, text_tokens, tokenize='unicode61');
CREATE VIRTUAL TABLE IF NOT EXISTS article_chars USING fts5(chars, content='', tokenize='unicode61');
CREATE TABLE IF NOT EXISTS terms (term TEXT PRIMARY KEY, df INTEGER, top_ids BLOB, top_imp BLOB) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
"""


def idf(n_docs: int, df: int) -> float:
    """BM25 idf (the +1 form: never negative for very common words)."""
    return math.log(1 + (n_docs - df + 0.5) / (df + 0.5))


BUDGET_MIN = 1000


def budget(tokens: Sequence[str], df: Mapping[str, int], n_docs: int, share: float = 0.1) -> list[str]:
    """Rarest known terms first until their postings reach `share` of the corpus (all tokens if
    none is known): a ranked OR over common words scores most of the corpus while deciding
    little, so both backends' fallback candidate queries match only these."""
    if not df:
        return list(tokens)
    out: list[str] = []
    total = 0
    for t in sorted(df, key=df.__getitem__):
        # a floor of BUDGET_MIN postings: in a small index every term is cheap to score
        if len(out) >= 3 and total + df[t] > max(share * n_docs, BUDGET_MIN):
            break
        out.append(t)
        total += df[t]
    return out


def work_info(rows: Iterable[Sequence[object]]) -> dict[str, tuple[str, str, str]]:
    """Per work, the (title, doc_type, region) of the row in force, else of the latest version."""
    best: dict[str, tuple[tuple[bool, str], tuple[str, str, str]]] = {}
    for work, title, doc_type, region, in_force, date in rows:
        rank = (bool(in_force), str(date or ""))
        if str(work) not in best or rank > best[str(work)][0]:
            best[str(work)] = (rank, (str(title), str(doc_type), str(region)))
    return {w: v for w, (_rank, v) in best.items()}


def term_impact(tf: float, length: float, avgdl: float) -> float:
    """BM25 term score without idf."""
    return tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / avgdl))


def chars(text: str) -> str:
    """One token per CJK character / alnum run, for phrase (substring) queries."""
    out, run = [], ""
    for ch in text.lower():
        if "\u4e00" <= ch <= "\u9fff":
            if run:
                out.append(run)
                run = ""
            out.append(ch)
        elif ch.isalnum():
            run += ch
        elif run:
            out.append(run)
            run = ""
    if run:
        out.append(run)
    return " ".join(out)


class Scanned(NamedTuple):
    """A first-stage candidate with the fields the engine's priors use."""

    article_id: str
    score: float  # summed impacts x query weight x idf
    matched: float  # sum of query weight x idf of the terms it was found under
    work_key: str
    title: str
    level: int
    region: str
    number: int
    suffix: int


class _RowTable:
    """rowid → document index, number, suffix, in force: compact arrays (a few MB for the whole
    corpus), loaded once per finish(), so a wide candidate set needs no SQL per row."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        docs: dict[str, int] = {}
        self.docs: list[tuple[str, str, str, int, str]] = []  # doc_id, work_key, title, level, region
        top = conn.execute("SELECT max(rowid) FROM articles").fetchone()[0] or 0
        self.doc = array("i", bytes(4 * (top + 1)))
        self.number = array("i", bytes(4 * (top + 1)))
        self.suffix = array("b", bytes(top + 1))
        self.live = bytearray(top + 1)
        self.odd_ids: dict[int, str] = {}  # ids not of the usual doc#number-suffix form
        for rid, aid, doc_id, work, title, level, region, in_force, number, suffix in conn.execute(
            "SELECT rowid, article_id, doc_id, work_key, title, level, region, in_force, number, suffix FROM articles"
        ):
            if aid != f"{doc_id}#{number}-{suffix}" or not 0 <= suffix <= 127:
                self.odd_ids[rid] = aid
            d = docs.get(doc_id)
            if d is None:
                d = docs[doc_id] = len(self.docs)
                self.docs.append((doc_id, work, title, level, region))
            self.doc[rid], self.number[rid], self.suffix[rid] = d, number, min(suffix, 127)
            self.live[rid] = 1 if in_force else 0
        self.live_mask = numpy.frombuffer(self.live, dtype=numpy.uint8).astype(bool)
        self.doc_np = numpy.frombuffer(self.doc, dtype=numpy.int32)
        self.number_np = numpy.frombuffer(self.number, dtype=numpy.int32)
        self.suffix_np = numpy.frombuffer(self.suffix, dtype=numpy.int8)
        # Impact lists of recently queried terms, in-force postings only (legal words recur from
        # one question to the next), and the rowids of recent wide candidates, which fetch() then
        # reads by rowid instead of through the article_id index. Both are bounded.
        self._postings: OrderedDict[str, tuple[numpy.ndarray, numpy.ndarray] | None] = OrderedDict()
        self._lock = threading.Lock()
        self.rowid_of: dict[str, int] = {}

    def postings(self, conn: sqlite3.Connection, terms: list[str]) -> list[tuple[str, numpy.ndarray, numpy.ndarray]]:
        """(term, in-force rowids, impacts as float64) of the terms that have an impact list, in
        term order (the order the SQL below returns them in, so sums add up in the same order)."""
        cache = self._postings
        with self._lock:  # the connection serialises its statements anyway
            missing = [t for t in terms if t not in cache]
            for i in range(0, len(missing), 500):
                chunk = missing[i : i + 500]
                cache.update(dict.fromkeys(chunk))
                for term, ids, imp in conn.execute(
                    f"SELECT term, top_ids, top_imp FROM terms WHERE term IN ({', '.join('?' * len(chunk))})", chunk
                ):
                    d = numpy.frombuffer(ids, dtype=numpy.int32)
                    keep = self.live_mask[d]
                    cache[term] = (d[keep], numpy.frombuffer(imp, dtype=numpy.float32)[keep].astype(numpy.float64))
            out = []
            for t in sorted(terms):
                cache.move_to_end(t)
                hit = cache[t]
                if hit is not None:
                    out.append((t, *hit))
            while len(cache) > POSTINGS_CACHE:
                cache.popitem(last=False)
        return out

    def scanned(self, rids: numpy.ndarray, scores: list[float], matched: list[float]) -> list[Scanned]:
        """Scanned candidates of many rows (a thousand per query: built in one tight loop); their
        rowids are remembered for fetch()."""
        docs, odd, new, known = self.docs, self.odd_ids, tuple.__new__, self.rowid_of
        if len(known) > 50_000:
            known.clear()
        out = []
        for rid, x, m, d, num, suf in zip(
            rids.tolist(),
            scores,
            matched,
            self.doc_np[rids].tolist(),
            self.number_np[rids].tolist(),
            self.suffix_np[rids].tolist(),
            strict=True,
        ):
            doc_id, work, title, level, region = docs[d]
            aid = (odd.get(rid) if odd else None) or f"{doc_id}#{num}-{suf}"
            out.append(new(Scanned, (aid, x, m, work, title, level, region, num, suf)))
            known[aid] = rid
        return out


def _quote(tok: str) -> str:
    return '"' + tok.replace('"', '""') + '"'


class SqliteFtsBackend:
    """FTS5 over space-joined jieba tokens, in any sqlite3 connection or a file."""

    def __init__(self, conn: sqlite3.Connection | str | Path, read_only: bool = False) -> None:
        """A path opens its own connection; MMAP_MB / CACHE_KIB set its mmap_size / cache_size
        (the page cache: no measurable gain on a warm 380 MB index, alone or with two processes).
        `read_only`: refuse writes on this connection (PRAGMA query_only)."""
        if isinstance(conn, sqlite3.Connection):
            self.conn = conn
        else:
            self.conn = sqlite3.connect(str(conn), check_same_thread=False)
            if MMAP_MB:
                self.conn.execute(f"PRAGMA mmap_size = {int(MMAP_MB) << 20}")
            if CACHE_KIB:
                self.conn.execute(f"PRAGMA cache_size = {-int(CACHE_KIB)}")
        self.conn.executescript(_SCHEMA)
        if read_only:
            self.conn.execute("PRAGMA query_only = ON")
        self._stats: tuple[int, float] | None = None
        self._df: dict[str, int] | None = None
        self._fresh: bool | None = None
        self._rows: _RowTable | None = None

    def _stale(self) -> None:
        self._stats, self._df, self._fresh, self._rows = None, None, False, None
        self.set_meta("stats_fresh", False)

    # -- writing -------------------------------------------------------------
    def replace_documents(self, doc_ids: Sequence[str], records: Sequence[ArticleRecord], tokens: TokenFn) -> None:
        self.delete_documents(doc_ids)
        cur = self.conn.cursor()
        placeholders = ", ".join("?" * (len(COLS) + 2))
        for r in records:
            title_toks = tokens(f"{r.short_title} {r.heading}")
            text_toks = tokens(r.text)
            row = [*asdict(r).values(), r.level, len(text_toks) + len(title_toks)]
            cur.execute(f"INSERT INTO articles ({', '.join(COLS)}, level, ntok) VALUES ({placeholders})", row)
            rowid = cur.lastrowid
            cur.execute(
                "INSERT INTO article_fts(rowid, title_tokens, text_tokens) VALUES (?, ?, ?)",
                (rowid, " ".join(title_toks), " ".join(text_toks)),
            )
            cur.execute("INSERT INTO article_chars(rowid, chars) VALUES (?, ?)", (rowid, chars(r.text)))
        self._stale()

    def delete_documents(self, doc_ids: Sequence[str]) -> None:
        cur = self.conn.cursor()
        for doc_id in doc_ids:
            rows = cur.execute("SELECT rowid, text FROM articles WHERE doc_id = ?", (doc_id,)).fetchall()
            for rowid, text in rows:
                cur.execute("DELETE FROM article_fts WHERE rowid = ?", (rowid,))
                # contentless table: deletion needs the original values, rebuilt from the text
                cur.execute(
                    "INSERT INTO article_chars(article_chars, rowid, chars) VALUES ('delete', ?, ?)",
                    (rowid, chars(text)),
                )
            cur.execute("DELETE FROM articles WHERE doc_id = ?", (doc_id,))
        self._stale()

    def finish(self) -> None:
        """Rebuild corpus statistics (document frequencies, impact lists) and optimise the FTS
        b-trees: after a bulk load or a batch of replace/delete. Until then candidates() falls
        back to FTS5 bm25 over the whole match set (correct, slower)."""
        cur = self.conn.cursor()
        cur.execute("DELETE FROM terms")
        lengths = dict(cur.execute("SELECT rowid, ntok FROM articles").fetchall())
        avg = (sum(lengths.values()) / len(lengths)) if lengths else 1.0
        cur.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_inst USING fts5vocab(main, article_fts, 'instance')")
        rows = cur.execute(
            "SELECT term, doc, sum(CASE col WHEN 'title_tokens' THEN ? ELSE 1 END) FROM temp.fts_inst "
            "GROUP BY term, doc",
            (TITLE_TF,),
        )
        batch: list[tuple[str, int, bytes, bytes]] = []

        def flush(term: str, posts: list[tuple[float, int]]) -> None:
            top = heapq.nlargest(TOP_N, posts)
            ids, imps = array("i", [d for _, d in top]), array("f", [x for x, _ in top])
            batch.append((term, len(posts), ids.tobytes(), imps.tobytes()))

        term, posts = None, []
        for t, doc, tf in rows:
            if t != term:
                if term is not None:
                    flush(term, posts)
                term, posts = t, []
            posts.append((term_impact(tf, lengths.get(doc, avg), avg), doc))
        if term is not None:
            flush(term, posts)
        self.conn.cursor().executemany("INSERT INTO terms VALUES (?, ?, ?, ?)", batch)
        cur.execute("DROP TABLE temp.fts_inst")
        cur.execute("INSERT INTO article_fts(article_fts) VALUES ('optimize')")
        cur.execute("INSERT INTO article_chars(article_chars) VALUES ('optimize')")
        self._stats, self._df, self._fresh, self._rows = None, None, True, None
        self.set_meta("stats_fresh", True)
        self.conn.commit()

    # -- reading -------------------------------------------------------------
    @staticmethod
    def _where(filters: Filters, alias: str = "a") -> tuple[str, list[object]]:
        sql, args = [], []
        if filters.in_force_only and not filters.in_force_on:
            sql.append(f"{alias}.in_force = 1")
        if filters.in_force_on:
            sql.append(f"({alias}.version_date IS NULL OR {alias}.version_date <= ?)")
            args.append(filters.in_force_on)
        for col, values in (
            ("doc_type", filters.doc_types),
            ("region", filters.regions),
            ("work_key", filters.work_keys),
        ):
            if values:
                sql.append(f"{alias}.{col} IN ({', '.join('?' * len(values))})")
                args.extend(values)
        if filters.max_level is not None:
            sql.append(f"{alias}.level <= ?")
            args.append(filters.max_level)
        return (" AND ".join(sql) or "1"), args

    def candidates(
        self, tokens: Sequence[str], filters: Filters, k: int, weights: Mapping[str, float] | None = None
    ) -> list[tuple[str, float]]:
        """Top-k articles for a bag of tokens: sum of impact lists when statistics are fresh and
        the filters keep most of the corpus; FTS5 bm25 restricted in SQL otherwise."""
        toks = list(dict.fromkeys(tokens))
        if not toks:
            return []
        selective = filters.doc_types or filters.regions or filters.work_keys or filters.max_level is not None
        if self._fresh is None:
            self._fresh = bool(self.get_meta("stats_fresh"))
        if selective or not self._fresh:
            return self._fts_candidates(toks, filters, k)
        n, _ = self.stats()
        df = self.doc_freqs(toks)
        score: dict[int, float] = {}
        rows = self.conn.execute(
            f"SELECT term, top_ids, top_imp FROM terms WHERE term IN ({', '.join('?' * len(toks))})", toks
        ).fetchall()
        for term, ids, imp in rows:
            w = (weights or {}).get(term, 1.0) * idf(n, df.get(term, 0))
            get = score.get
            for doc, x in zip(array("i", ids), array("f", imp), strict=True):
                score[doc] = get(doc, 0.0) + w * x
        top = heapq.nlargest(3 * k, score.items(), key=lambda kv: kv[1])
        if not top:
            return []
        where, args = self._where(filters)
        best = dict(top)
        ids = self.conn.execute(
            f"SELECT a.rowid, a.article_id FROM articles a WHERE a.rowid IN ({', '.join('?' * len(best))}) AND {where}",
            [*best, *args],
        ).fetchall()
        return sorted(((aid, best[rid]) for rid, aid in ids), key=lambda r: -r[1])[:k]

    def scan(
        self,
        tokens: Sequence[str],
        filters: Filters,
        k: int,
        weights: Mapping[str, float] | None = None,
    ) -> list[Scanned] | None:
        """Wide first stage for the default filters (articles in force, nothing selective): the
        top-k in-force articles by summed impact lists, with what query-independent priors need,
        from an in-memory row table (no per-candidate SQL). None when impact lists cannot serve
        these filters or are stale: the caller falls back to candidates()."""
        toks = list(dict.fromkeys(tokens))
        selective = filters.doc_types or filters.regions or filters.work_keys or filters.max_level is not None
        if self._fresh is None:
            self._fresh = bool(self.get_meta("stats_fresh"))
        if selective or not self._fresh or filters.in_force_on or not filters.in_force_only:
            return None
        if not toks:
            return []
        rows = self._row_table()
        n, _ = self.stats()
        df = self.doc_freqs(toks)
        docs, contrib, weight = [], [], []
        for term, d, x in rows.postings(self.conn, toks):
            w = (weights or {}).get(term, 1.0) * idf(n, df.get(term, 0))
            docs.append(d)
            contrib.append(x * w)
            weight.append(numpy.full(len(d), w))
        if not docs:
            return []
        # Vectorised sum of the impact lists: per article, bincount adds the postings in list
        # order, as a Python loop over them would, so scores are bit-identical to one.
        uniq, first, inv = numpy.unique(numpy.concatenate(docs), return_index=True, return_inverse=True)
        score = numpy.bincount(inv, weights=numpy.concatenate(contrib), minlength=len(uniq))
        matched = numpy.bincount(inv, weights=numpy.concatenate(weight), minlength=len(uniq))
        sel = numpy.arange(len(uniq))
        if len(uniq) > k:
            sel = numpy.flatnonzero(score >= numpy.partition(score, len(uniq) - k)[len(uniq) - k])
        # best score first; ties in the order the articles first appear (as heapq.nlargest over a dict)
        top = sel[numpy.lexsort((first[sel], -score[sel]))][:k]
        return rows.scanned(uniq[top], score[top].tolist(), matched[top].tolist())

    def _row_table(self) -> _RowTable:
        if self._rows is None:
            self._rows = _RowTable(self.conn)
        return self._rows

    def _fts_candidates(self, tokens: Sequence[str], filters: Filters, k: int) -> list[tuple[str, float]]:
        match = " OR ".join(_quote(t) for t in self._budget(tokens))
        where, args = self._where(filters)
        rows = self.conn.execute(
            f"SELECT a.article_id, bm25(article_fts, {TITLE_WEIGHT}, {TEXT_WEIGHT}) AS s FROM article_fts "
            f"JOIN articles a ON a.rowid = article_fts.rowid WHERE article_fts MATCH ? AND {where} "
            "ORDER BY s LIMIT ?",
            [match, *args, k],
        ).fetchall()
        return [(aid, -score) for aid, score in rows]  # FTS5 bm25 is negative: flip so higher is better

    def _budget(self, tokens: Sequence[str]) -> list[str]:
        return budget(tokens, self.doc_freqs(tokens), self.stats()[0])

    def substring(self, text: str, filters: Filters, k: int) -> list[str]:
        phrase = chars(text)
        if not phrase:
            return []
        where, args = self._where(filters)
        rows = self.conn.execute(
            "SELECT a.article_id FROM article_chars JOIN articles a ON a.rowid = article_chars.rowid "
            f"WHERE article_chars MATCH ? AND {where} ORDER BY a.level LIMIT ?",
            [_quote(phrase), *args, k],
        ).fetchall()
        return [r[0] for r in rows]

    def facets(self, tokens: Sequence[str], filters: Filters) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {f: {} for f in FACET_FIELDS}
        if not tokens:
            return out
        where, args = self._where(filters)
        for joiner in (" AND ", " OR "):  # all terms if anything matches them all, else any term
            match = joiner.join(_quote(t) for t in dict.fromkeys(tokens))
            for field in FACET_FIELDS:
                rows = self.conn.execute(
                    f"SELECT a.{field}, count(*) FROM article_fts JOIN articles a ON a.rowid = article_fts.rowid "
                    f"WHERE article_fts MATCH ? AND {where} GROUP BY a.{field}",
                    [match, *args],
                ).fetchall()
                out[field] = dict(sorted(rows, key=lambda r: -r[1]))
            if any(out.values()):
                break
        return out

    def fetch(self, article_ids: Sequence[str]) -> dict[str, Fetched]:
        out: dict[str, Fetched] = {}
        ids = list(dict.fromkeys(article_ids))
        known = self._rows.rowid_of if self._rows is not None else {}
        by_rowid = [known[a] for a in ids if a in known]
        by_id = [a for a in ids if a not in known]
        cols = f"{', '.join('a.' + c for c in COLS)}, f.title_tokens, f.text_tokens"
        for key, values in (("a.rowid", by_rowid), ("a.article_id", by_id)):
            for i in range(0, len(values), 500):
                chunk = values[i : i + 500]
                rows = self.conn.execute(
                    f"SELECT {cols} FROM articles a JOIN article_fts f ON f.rowid = a.rowid "
                    f"WHERE {key} IN ({', '.join('?' * len(chunk))})",
                    chunk,
                ).fetchall()
                for row in rows:
                    rec = ArticleRecord(*row[: len(COLS)])
                    rec.in_force = bool(rec.in_force)
                    out[rec.article_id] = (rec, row[-2].split(), row[-1].split())
        return out

    def lookup(self, work_keys: Sequence[str], numbers: Sequence[int], filters: Filters, cap: int = 1000) -> list[str]:
        """Articles of the given works by number; all their articles (up to `cap`) if no numbers."""
        if not work_keys:
            return []
        where, args = self._where(Filters(in_force_only=filters.in_force_only, in_force_on=filters.in_force_on))
        by_number = f"AND a.number IN ({', '.join('?' * len(numbers))})" if numbers else ""
        rows = self.conn.execute(
            f"SELECT a.article_id FROM articles a WHERE a.work_key IN ({', '.join('?' * len(work_keys))}) "
            f"{by_number} AND {where} ORDER BY a.number, a.suffix LIMIT ?",
            [*work_keys, *numbers, *args, cap],
        ).fetchall()
        return [r[0] for r in rows]

    def doc_freqs(self, tokens: Iterable[str]) -> dict[str, int]:
        """Document frequencies from an in-memory copy of the terms table (tens of thousands of
        jieba words: a few MB), loaded once per finish()."""
        if self._df is None:
            self._df = dict(self.conn.execute("SELECT term, df FROM terms").fetchall())
        df = self._df
        return {t: df[t] for t in tokens if t in df}

    def stats(self) -> tuple[int, float]:
        if self._stats is None:
            n, avg = self.conn.execute("SELECT count(*), avg(ntok) FROM articles").fetchone()
            self._stats = (int(n), float(avg or 1.0))
        return self._stats

    def titles(self) -> list[tuple[str, str, str, int]]:
        """(work_key, short_title, title, level) of every work, for law-name detection."""
        return self.conn.execute(
            "SELECT work_key, short_title, title, min(level) FROM articles GROUP BY work_key, title"
        ).fetchall()

    def work_info(self) -> dict[str, tuple[str, str, str]]:
        """work key → (title, doc_type, region) of its in-force version (else its latest)."""
        return work_info(
            self.conn.execute(
                "SELECT work_key, title, doc_type, region, max(in_force), max(coalesce(version_date, '')) "
                "FROM articles GROUP BY work_key, title, doc_type, region"
            ).fetchall()
        )

    def get_meta(self, key: str) -> object | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    def set_meta(self, key: str, value: object) -> None:
        self.conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, json.dumps(value)))
