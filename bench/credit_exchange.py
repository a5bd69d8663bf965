"""Credit exchange import at scale (issue #14: 1 million records ≤ 5 minutes on PostgreSQL).

Sets up its own installation on PostgreSQL (database ``fazhi_credit_exchange_bench`` on 127.0.0.1:5432 by default,
or ``--database URL``), publishes the demo catalogue, writes an exchange file of ``--records`` records over
``--subjects`` subjects (70 % organisations, 30 % natural persons) with ``fazhi.credit.exchange.export`` 's format
and checksum, then imports it through ``exchange.import_records`` (checksum verified, subjects and records
bulk-created, audit entries batched) and imports it again (idempotent: nothing changes). Reports records per second
and the time extrapolated to 1,000,000 records.

    .venv/bin/python bench/credit_exchange.py [--records 100000] [--subjects 30000]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "credit"
PG_URL = "postgres://postgres@127.0.0.1:5432/fazhi_credit_exchange_bench"
sys.path.insert(0, str(ROOT))

from benchdb import create_database, migrate_with_reference  # noqa: E402


def prepare() -> None:
    migrate_with_reference("organisations", "time limits")
    from fazhi.credit.demo import _catalogue

    _catalogue(None)


def write_file(path: Path, records: int, subjects: int, prefix: str = "B") -> None:
    from fazhi.publicity.demo import id_number, uscc

    rng = random.Random(14)
    people = [
        {"kind": "person", "name": f"测试{n}", "credit_code": "", "id_number": id_number(rng, "310101")}
        for n in range(subjects * 3 // 10)
    ]
    companies = [
        {"kind": "organisation", "name": f"上海基准{n}号有限公司", "credit_code": uscc(rng, "310101"), "id_number": ""}
        for n in range(subjects - len(people))
    ]
    everyone = companies + people
    digest = hashlib.sha256()
    with path.open("wb") as out:

        def write(obj: dict) -> None:
            line = (json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
            digest.update(line)
            out.write(line)

        write({"format": "fazhi-credit-records", "version": 1, "count": records, "exported_at": "", "source": "bench"})
        for n in range(records):
            day = f"2025-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
            write(
                {
                    "source_system": "bench",
                    "source_ref": f"{prefix}{n:08d}",
                    "item": "XZCF",
                    "provider": "310101-SCJG",
                    "subject": everyone[rng.randrange(len(everyone))],
                    "title": "销售过期食品",
                    "summary": f"罚款人民币{rng.randrange(1000, 100000)}元",
                    "legal_basis": "食品安全法第一百二十四条",
                    "amount": "20000.00",
                    "decided_on": day,
                    "act_ended_on": day,
                    "severe": False,
                    "hidden": False,
                }
            )
        out.write((json.dumps({"sha256": digest.hexdigest()}) + "\n").encode())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", default=PG_URL, help="PostgreSQL URL (the database is dropped and re-made)")
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--subjects", type=int, default=30_000)
    parser.add_argument("--reuse-database", action="store_true", help="skip creating and migrating the database")
    parser.add_argument("--prefix", default="B", help="prefix of the records' references (new ones: a new prefix)")
    parser.add_argument("--profile", action="store_true", help="profile the first import (cProfile, top 30)")
    parser.add_argument(
        "--seal-after",
        action="store_true",
        help="seal the audit trail once after the import (timed apart) instead of after every batch's commit",
    )
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "fazhi.settings.base",
            "FAZHI_VAR_DIR": str(OUT / "var"),
            "DATABASE_URL": args.database,
            "LOG_LEVEL": "WARNING",
        }
    )
    if not args.reuse_database:
        create_database(args.database)
        prepare()
    else:
        import django

        django.setup()
    path = OUT / "records.jsonl"
    write_file(path, args.records, args.subjects, args.prefix)
    from fazhi.audit import services as audit_services
    from fazhi.core.context import acting
    from fazhi.credit.exchange import import_records

    if args.seal_after:  # measure the import and the audit trail's sealing apart
        audit_services._seal_after_commit = lambda: None  # type: ignore[assignment]

    for label in ("first import", "re-import"):
        started = time.perf_counter()
        profiler = None
        if args.profile:
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
        with path.open("rb") as stream, acting(source="import", message="bench"):
            report = import_records(stream)
        if profiler is not None:
            import pstats

            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(35)
        seconds = time.perf_counter() - started
        if args.seal_after:
            sealing = time.perf_counter()
            sealed = audit_services.seal_pending()
            print(f"  audit trail: {sealed:,} entries sealed in {time.perf_counter() - sealing:.1f} s", flush=True)
        rate = args.records / seconds
        print(
            f"{label}: {args.records:,} records in {seconds:.1f} s ({rate:,.0f}/s; 1,000,000 ≈ "
            f"{1_000_000 / rate / 60:.1f} min) created {report.created} updated {report.updated} "
            f"unchanged {report.unchanged} refused {report.failed}",
            flush=True,
        )


if __name__ == "__main__":
    main()
