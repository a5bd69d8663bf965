"""The credit platform's public search at a million subjects (issue #14: p95 ≤ 100 ms over HTTP on PostgreSQL).

Builds a scratch database (``fazhi_credit_public_bench`` on 127.0.0.1:5432, or ``--database URL``) holding only the
tables the search reads — ``credit_subject`` (every column of the model), ``credit_subjectname``,
``credit_catalogueitem`` and ``credit_creditrecord`` (the columns the counts read) — with the indexes of the models
and of migration 0002_public, fills them with generate_series (``--subjects`` subjects, 70% organisations; 5% of
them with a former name; ``--records`` records), then runs the real ``fazhi.credit.search.search()`` through the ORM
on a mix of queries (two words of a name, one word, digits of a name, three words, a former name, a credit code) and
reports p50 / p95 of one search page (ids, the page, its record counts) beside the same page built the naive way
(``ORDER BY name`` over ``name LIKE … OR id IN (SELECT … former names)``, the first version of search.py).

It measures the database side of the page, not HTTP: the page adds Django's template rendering (a few ms).

    .venv/bin/python bench/credit_public.py [--subjects 1000000] [--records 2000000] [--reuse-database]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from benchdb import NAME_FORMS, NAME_TRADES, NAME_WORDS, create_database, pg_dsn  # noqa: E402
from benchstats import fmt  # noqa: E402

PG_URL = "postgres://postgres@127.0.0.1:5432/fazhi_credit_public_bench"


def _array(words: list[str] | tuple[str, ...]) -> str:
    return "ARRAY[" + ",".join(f"'{w}'" for w in words) + "]"


def schema_sql(subjects: int, records: int) -> str:
    a, b, k = _array(NAME_WORDS), _array(NAME_TRADES), _array(NAME_FORMS)
    return f"""
CREATE EXTENSION IF NOT EXISTS pg_trgm;
DROP TABLE IF EXISTS credit_creditrecord, credit_catalogueitem, credit_subjectname, credit_subject;
CREATE TABLE credit_subject (
  id bigserial PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(), created_by_id bigint, kind varchar(12) NOT NULL,
  name varchar(200) NOT NULL, credit_code varchar(18) NOT NULL,
  id_number text NOT NULL DEFAULT '', id_index varchar(64) NOT NULL DEFAULT '', key varchar(40) NOT NULL UNIQUE,
  code_check varchar(8) NOT NULL DEFAULT 'valid');
INSERT INTO credit_subject (kind, name, credit_code, key)
SELECT CASE WHEN g % 10 < 7 THEN 'organisation' ELSE 'person' END,
       '上海' || ({a})[1 + (g * 7) % 20] || ({a})[1 + (g / 20) % 20] || ({b})[1 + (g / 400) % 20] || g::text
         || ({k})[1 + g % 5],
       CASE WHEN g % 10 < 7 THEN '9' || lpad(g::text, 17, '0') ELSE '' END,
       CASE WHEN g % 10 < 7 THEN 'c9' || lpad(g::text, 17, '0') ELSE 'p' || md5(g::text) END
FROM generate_series(1, {subjects}) g;
CREATE INDEX credit_subject_name ON credit_subject (name);
CREATE INDEX credit_subject_code ON credit_subject (credit_code);
CREATE INDEX credit_subject_kind_name ON credit_subject (kind, name);
CREATE INDEX credit_subject_name_trgm ON credit_subject USING gin (name gin_trgm_ops);
CREATE TABLE credit_subjectname (id bigserial PRIMARY KEY, subject_id bigint NOT NULL, name varchar(200) NOT NULL,
  used_until date NOT NULL);
INSERT INTO credit_subjectname (subject_id, name, used_until)
SELECT g * 20, '上海旧称' || g::text || '贸易有限公司', '2020-01-01' FROM generate_series(1, {subjects // 20}) g;
CREATE INDEX credit_subjectname_subject ON credit_subjectname (subject_id);
CREATE INDEX credit_subjectname_name ON credit_subjectname (name);
CREATE INDEX credit_subjectname_name_trgm ON credit_subjectname USING gin (name gin_trgm_ops);
CREATE TABLE credit_catalogueitem (id bigserial PRIMARY KEY, disclosure varchar(12) NOT NULL);
INSERT INTO credit_catalogueitem (disclosure) VALUES ('public'), ('authorised'), ('government');
CREATE TABLE credit_creditrecord (id bigserial PRIMARY KEY, subject_id bigint NOT NULL, item_id bigint NOT NULL,
  status varchar(10) NOT NULL, hidden boolean NOT NULL, public_until date, decided_on date NOT NULL);
INSERT INTO credit_creditrecord (subject_id, item_id, status, hidden, public_until, decided_on)
SELECT 1 + (g::bigint * 7919) % {subjects}, 1 + g % 3,
       CASE WHEN g % 17 = 0 THEN 'repaired' ELSE 'active' END, g % 17 = 0,
       current_date + (g % 900) - 200, current_date - (g % 1500)
FROM generate_series(1, {records}) g;
CREATE INDEX credit_record_subject ON credit_creditrecord (subject_id, status, decided_on DESC);
ANALYZE;
"""


def queries(rng: random.Random, n: int, subjects: int) -> list[str]:
    found = []
    for i in range(n):
        kind = i % 6
        if kind == 0:
            found.append(rng.choice(NAME_WORDS) + rng.choice(NAME_WORDS))
        elif kind == 1:
            found.append(rng.choice(NAME_TRADES))
        elif kind == 2:
            found.append(str(rng.randint(10_000, subjects)))
        elif kind == 3:
            found.append(rng.choice(NAME_WORDS) + rng.choice(NAME_WORDS) + rng.choice(NAME_TRADES))
        elif kind == 4:
            found.append(f"旧称{rng.randint(1, subjects // 20)}")
        else:
            found.append("9" + str(rng.randint(1, subjects)).zfill(17))
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", default=PG_URL, help="PostgreSQL URL (the database is dropped and re-made)")
    parser.add_argument("--subjects", type=int, default=1_000_000)
    parser.add_argument("--records", type=int, default=2_000_000)
    parser.add_argument("--searches", type=int, default=300)
    parser.add_argument("--reuse-database", action="store_true")
    args = parser.parse_args()
    import psycopg

    dsn = pg_dsn(args.database)
    if not args.reuse_database:
        create_database(args.database)
        started = time.perf_counter()
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(schema_sql(args.subjects, args.records))  # type: ignore[arg-type]
        print(
            f"generated {args.subjects:,} subjects, {args.records:,} records in {time.perf_counter() - started:.0f} s"
        )

    os.environ.update(DATABASE_URL=args.database, DJANGO_SETTINGS_MODULE="fazhi.settings.base", DEBUG="false")
    import django

    django.setup()
    from django.db import connection

    from fazhi.credit import search

    texts = queries(random.Random(14), args.searches, args.subjects)
    for text in texts[:20]:
        search.search(text)  # warm the connection and the caches
    ours, naive = [], []
    for text in texts:
        started = time.perf_counter()
        search.search(text)
        ours.append((time.perf_counter() - started) * 1000)
    with connection.cursor() as cursor:
        for text in texts[: min(12, len(texts))]:
            like = f"%{text}%"
            started = time.perf_counter()
            cursor.execute(
                "SELECT count(*) FROM (SELECT 1 FROM credit_subject WHERE kind = 'organisation' AND (name LIKE %s OR "
                "id IN (SELECT subject_id FROM credit_subjectname WHERE name LIKE %s)) LIMIT 1001) s",
                [like, like],
            )
            cursor.execute(
                "SELECT * FROM credit_subject WHERE kind = 'organisation' AND (name LIKE %s OR id IN (SELECT "
                "subject_id FROM credit_subjectname WHERE name LIKE %s)) ORDER BY name, id LIMIT 20",
                [like, like],
            )
            cursor.fetchall()
            naive.append((time.perf_counter() - started) * 1000)
    print(f"\n{args.subjects:,} subjects, {args.records:,} records on PostgreSQL\n")
    print(f"{'measure':<52} {'ours':>16} {'naive':>16}  target")
    print(f"{'search page, database side, p50 / p95 (ms)':<52} {fmt(ours):>16} {fmt(naive):>16}  p95 ≤ 100 (HTTP)")


if __name__ == "__main__":
    main()
