"""PostgreSQL implementation of the SearchBackend protocol (psycopg 3).

The same space-joined jieba tokens as the SQLite backend, in a tsvector built with the
'simple' configuration (no stemming, no stopwords: the tokens are already words), title and
headings weighted A, body B; a GIN index; ts_rank_cd for candidates. The engine re-ranks
candidates with its own BM25 on the stored tokens, so both backends rank alike; only the
candidate cut differs.

All objects live in one schema (default ``fazhi_search``) so they never meet Django's tables;
``PostgresBackend(dsn_or_connection, schema=...)`` creates it on first use.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict

import psycopg
from psycopg import sql

from .backend import COLS, FACET_FIELDS, Fetched, TokenFn, budget, chars, work_info
from .model import ArticleRecord, Filters

_TYPES = {"number": "integer", "suffix": "integer", "in_force": "boolean"}
_SCHEMA = """
CREATE SCHEMA IF NOT EXISTS {schema};
CREATE TABLE IF NOT EXISTS {schema}.articles (
    id bigserial PRIMARY KEY,
    {cols},
    level integer,
    ntok integer,
    title_tokens text,
    text_tokens text,
    tsv tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', coalesce(title_tokens, '')), 'A')
        || setweight(to_tsvector('simple', coalesce(text_tokens, '')), 'B')) STORED,
    chars tsvector
);
CREATE UNIQUE INDEX IF NOT EXISTS articles_aid ON {schema}.articles (article_id);
CREATE INDEX IF NOT EXISTS articles_doc ON {schema}.articles (doc_id);
CREATE INDEX IF NOT EXISTS articles_work ON {schema}.articles (work_key, number);
CREATE INDEX IF NOT EXISTS articles_tsv ON {schema}.articles USING gin (tsv);
CREATE INDEX IF NOT EXISTS articles_chars ON {schema}.articles USING gin (chars);
CREATE TABLE IF NOT EXISTS {schema}.terms (term text PRIMARY KEY, df integer);
CREATE TABLE IF NOT EXISTS {schema}.meta (key text PRIMARY KEY, value text);
"""
# ts_rank_cd weights {D, C, B, A}: a title/heading match counts 2.5x a body match.
_RANK_WEIGHTS = "'{{0.1, 0.2, 0.4, 1.0}}'"  # braces doubled for sql.SQL.format


class PostgresBackend:
    def __init__(self, conn: psycopg.Connection | str, schema: str = "fazhi_search") -> None:
        self.conn = conn if isinstance(conn, psycopg.Connection) else psycopg.connect(conn, autocommit=True)
        self.schema = sql.Identifier(schema)
        cols = ",\n    ".join(f"{c} {_TYPES.get(c, 'text')}" for c in COLS)
        ddl = _SCHEMA.replace("{cols}", cols)
        self.conn.execute(sql.SQL(ddl).format(schema=self.schema))  # type: ignore[arg-type]
        self._stats: tuple[int, float] | None = None
        self._df: dict[str, int] | None = None

    def _t(self, name: str) -> sql.Composed:
        return sql.SQL("{}.{}").format(self.schema, sql.Identifier(name))

    def _q(self, query: str, *args: object) -> list[tuple]:  # type: ignore[type-arg]
        """Run `query` with {a}/{terms}/{meta} replaced by this schema's tables."""
        stmt = sql.SQL(query).format(a=self._t("articles"), terms=self._t("terms"), meta=self._t("meta"))  # type: ignore[arg-type]
        cur = self.conn.execute(stmt, args)
        return cur.fetchall() if cur.description else []

    # -- writing -------------------------------------------------------------
    def replace_documents(self, doc_ids: Sequence[str], records: Sequence[ArticleRecord], tokens: TokenFn) -> None:
        self.delete_documents(doc_ids)
        columns = [*COLS, "level", "ntok", "title_tokens", "text_tokens"]
        copy = sql.SQL("COPY {} ({}) FROM STDIN").format(
            self._t("articles"), sql.SQL(", ").join(map(sql.Identifier, columns))
        )
        with self.conn.cursor() as cur, cur.copy(copy) as cp:
            for r in records:
                title_toks = tokens(f"{r.short_title} {r.heading}")
                text_toks = tokens(r.text)
                ntok = len(title_toks) + len(text_toks)
                cp.write_row([*asdict(r).values(), r.level, ntok, " ".join(title_toks), " ".join(text_toks)])
        ids = [r.article_id for r in records]
        # phrase index over single characters (substring search for fragments jieba never emits)
        for i in range(0, len(ids), 2000):
            chunk = ids[i : i + 2000]
            texts = self._q("SELECT article_id, text FROM {a} WHERE article_id = ANY(%s)", chunk)
            with self.conn.cursor() as cur:
                cur.executemany(
                    sql.SQL("UPDATE {} SET chars = to_tsvector('simple', %s) WHERE article_id = %s").format(
                        self._t("articles")
                    ),
                    [(chars(text), aid) for aid, text in texts],
                )
        self._stale()

    def delete_documents(self, doc_ids: Sequence[str]) -> None:
        if doc_ids:
            self._q("DELETE FROM {a} WHERE doc_id = ANY(%s)", list(doc_ids))
        self._stale()

    def _stale(self) -> None:
        self._stats, self._df = None, None

    def finish(self) -> None:
        """Recompute document frequencies of the jieba tokens (not of Postgres lexemes: the
        re-ranker looks terms up as the segmenter emits them) and refresh planner statistics."""
        self._q("DELETE FROM {terms}")
        self._q(
            "INSERT INTO {terms} SELECT t, count(*) FROM ("
            " SELECT DISTINCT id, t FROM {a},"
            " unnest(string_to_array(title_tokens || ' ' || text_tokens, ' ')) AS t WHERE t <> '') x GROUP BY t"
        )
        self._q("ANALYZE {a}")
        self._stale()

    # -- reading -------------------------------------------------------------
    @staticmethod
    def _where(filters: Filters) -> tuple[str, list[object]]:
        parts, args = ["TRUE"], []
        if filters.in_force_only and not filters.in_force_on:
            parts.append("in_force")
        if filters.in_force_on:
            parts.append("(version_date IS NULL OR version_date <= %s)")
            args.append(filters.in_force_on)
        for col, values in (
            ("doc_type", filters.doc_types),
            ("region", filters.regions),
            ("work_key", filters.work_keys),
        ):
            if values:
                parts.append(f"{col} = ANY(%s)")
                args.append(list(values))
        if filters.max_level is not None:
            parts.append("level <= %s")
            args.append(filters.max_level)
        return " AND ".join(parts), args

    def _budget(self, tokens: Sequence[str]) -> list[str]:
        return budget(tokens, self.doc_freqs(tokens), self.stats()[0])

    def candidates(
        self, tokens: Sequence[str], filters: Filters, k: int, weights: Mapping[str, float] | None = None
    ) -> list[tuple[str, float]]:
        toks = self._budget(list(dict.fromkeys(tokens)))
        if not toks:
            return []
        # each token through plainto_tsquery: split exactly as to_tsvector split it when indexing
        tsq = " || ".join(["plainto_tsquery('simple', %s)"] * len(toks))
        where, args = self._where(filters)
        rows = self._q(
            f"SELECT article_id, ts_rank_cd({_RANK_WEIGHTS}, tsv, q, 1) AS s FROM {{a}}, (SELECT {tsq}) AS t(q) "
            f"WHERE tsv @@ q AND {where} ORDER BY s DESC LIMIT %s",
            *toks,
            *args,
            k,
        )
        return [(aid, float(s)) for aid, s in rows]

    def substring(self, text: str, filters: Filters, k: int) -> list[str]:
        phrase = chars(text)
        if not phrase:
            return []
        where, args = self._where(filters)
        rows = self._q(
            f"SELECT article_id FROM {{a}} WHERE chars @@ phraseto_tsquery('simple', %s) AND {where} "
            "ORDER BY level LIMIT %s",
            phrase,
            *args,
            k,
        )
        return [r[0] for r in rows]

    def facets(self, tokens: Sequence[str], filters: Filters) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {f: {} for f in FACET_FIELDS}
        toks = list(dict.fromkeys(tokens))
        if not toks:
            return out
        where, args = self._where(filters)
        for joiner in (" && ", " || "):  # all terms if anything matches them all, else any term
            tsq = joiner.join(["plainto_tsquery('simple', %s)"] * len(toks))
            for field in FACET_FIELDS:
                rows = self._q(
                    f"SELECT {field}, count(*) FROM {{a}} WHERE tsv @@ ({tsq}) AND {where} GROUP BY {field}",
                    *toks,
                    *args,
                )
                out[field] = dict(sorted(rows, key=lambda r: -r[1]))
            if any(out.values()):
                break
        return out

    def fetch(self, article_ids: Sequence[str]) -> dict[str, Fetched]:
        ids = list(dict.fromkeys(article_ids))
        if not ids:
            return {}
        rows = self._q(
            f"SELECT {', '.join(COLS)}, title_tokens, text_tokens FROM {{a}} WHERE article_id = ANY(%s)", ids
        )
        out: dict[str, Fetched] = {}
        for row in rows:
            rec = ArticleRecord(*row[: len(COLS)])
            out[rec.article_id] = (rec, row[-2].split(), row[-1].split())
        return out

    def lookup(self, work_keys: Sequence[str], numbers: Sequence[int], filters: Filters, cap: int = 1000) -> list[str]:
        if not work_keys:
            return []
        where, args = self._where(Filters(in_force_only=filters.in_force_only, in_force_on=filters.in_force_on))
        by_number = "AND number = ANY(%s)" if numbers else ""
        extra: list[object] = [list(numbers)] if numbers else []
        rows = self._q(
            f"SELECT article_id FROM {{a}} WHERE work_key = ANY(%s) {by_number} AND {where} "
            "ORDER BY number, suffix LIMIT %s",
            list(work_keys),
            *extra,
            *args,
            cap,
        )
        return [r[0] for r in rows]

    def doc_freqs(self, tokens: Iterable[str]) -> dict[str, int]:
        if self._df is None:  # tens of thousands of words: kept in memory, reloaded after writes
            self._df = dict(self._q("SELECT term, df FROM {terms}"))  # type: ignore[arg-type]
        df = self._df
        return {t: df[t] for t in tokens if t in df}

    def stats(self) -> tuple[int, float]:
        if self._stats is None:
            n, avg = self._q("SELECT count(*), avg(ntok) FROM {a}")[0]
            self._stats = (int(n), float(avg or 1.0))
        return self._stats

    def titles(self) -> list[tuple[str, str, str, int]]:
        return self._q("SELECT work_key, short_title, title, min(level) FROM {a} GROUP BY work_key, short_title, title")  # type: ignore[return-value]

    def work_info(self) -> dict[str, tuple[str, str, str]]:
        return work_info(
            self._q(
                "SELECT work_key, title, doc_type, region, bool_or(in_force), max(coalesce(version_date, '')) "
                "FROM {a} GROUP BY work_key, title, doc_type, region"
            )
        )

    def get_meta(self, key: str) -> object | None:
        rows = self._q("SELECT value FROM {meta} WHERE key = %s", key)
        return json.loads(rows[0][0]) if rows else None

    def set_meta(self, key: str, value: object) -> None:
        self._q(
            "INSERT INTO {meta} (key, value) VALUES (%s, %s) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            key,
            json.dumps(value),
        )

    def drop(self) -> None:
        """Remove the whole schema (tests, rebuilds)."""
        self.conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(self.schema))
