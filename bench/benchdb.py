"""What the PostgreSQL benchmarks share: their own database made afresh, the platform's schema and reference data in
it, and the words their generated organisation names are made of."""

from __future__ import annotations

import io
import urllib.parse

#: Generated names: 上海 + a word + a trade + a legal form (上海鑫荣餐饮有限公司).
NAME_WORDS = (
    "鑫荣", "申达", "华澜", "佳禾", "盛源", "恒泰", "嘉诚", "瑞丰", "百汇", "东明",
    "浦江", "汇锦", "金桥", "天和", "信诚", "新纪", "宏远", "同济", "兴业", "长风",
)  # fmt: skip
NAME_TRADES = (
    "实业", "科技", "餐饮", "食品", "商贸", "广告", "物业", "建设", "贸易", "文化",
    "医药", "电子", "服饰", "酒店", "超市", "物流", "教育", "健康", "能源", "汽车",
)  # fmt: skip
NAME_FORMS = ("有限公司", "股份有限公司", "管理有限公司", "经营部", "发展有限公司")


def pg_dsn(url: str) -> str:
    """psycopg's spelling of a ``postgres://`` URL."""
    return url.replace("postgres://", "postgresql://", 1)


def create_database(url: str) -> None:
    """Drop the benchmark's database if it exists and make it empty again."""
    import psycopg

    name = urllib.parse.urlparse(url).path.lstrip("/")
    admin = pg_dsn(url).rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def migrate_with_reference(*loaders: str) -> None:
    """Django set up, the schema migrated and the named reference loaders run (e.g. "organisations")."""
    import django

    django.setup()
    from django.core.management import call_command

    from fazhi.core.setup import REFERENCE_LOADERS

    call_command("migrate", interactive=False, verbosity=0)
    for loader in REFERENCE_LOADERS:
        if loader.name in loaders:
            loader.load(io.StringIO())
