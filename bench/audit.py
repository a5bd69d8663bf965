"""Audit trail: what an entry costs to write, seal and verify.

Sets up a throwaway SQLite installation (or uses ``DATABASE_URL``), then in-process:

- append + seal: ``--entries`` audit events, each in its own transaction (so each commit seals its one entry, as a
  submission does), timed per entry;
- the hashing alone: computing content hash and chain link for an entry (no database), per entry;
- verify: ``verify_chain`` over the whole chain (and the anchors, when the platform has them), per entry.

    .venv/bin/python bench/audit.py [--entries 2000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=2000)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="fazhi-audit-bench-"))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp / 'fazhi.sqlite3'}")
    os.environ["FAZHI_VAR_DIR"] = str(tmp / "var")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings.base")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    from fazhi.audit import services
    from fazhi.audit.models import AuditEntry
    from fazhi.orgs.models import Organisation

    call_command("migrate", verbosity=0)
    org = Organisation.objects.create(code="31", name="上海市", kind="city")
    services.seal_pending()

    timings = []
    for i in range(args.entries):
        start = time.perf_counter()
        with transaction.atomic():
            services.log_event(org, "bench", f"event {i}", n=i)
        timings.append(time.perf_counter() - start)
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry is not None
    rounds = 20000
    start = time.perf_counter()
    for _ in range(rounds):
        entry.compute_content_hash()
        entry.compute_hash()
    hashing = (time.perf_counter() - start) / rounds
    total = AuditEntry.objects.count()
    start = time.perf_counter()
    checked, broken = services.verify_chain()
    verify = time.perf_counter() - start
    assert broken is None and checked == total, (checked, total, broken)
    print(f"entries: {total} ({connection_vendor()})")
    print(
        f"append + seal, one entry per transaction: median {statistics.median(timings) * 1e3:.2f} ms, "
        f"p95 {sorted(timings)[int(len(timings) * 0.95)] * 1e3:.2f} ms"
    )
    print(f"hashing one entry (content + link, no database): {hashing * 1e6:.1f} µs")
    print(f"verify: {verify:.2f} s for {checked} entries, {verify / checked * 1e6:.0f} µs per entry")


def connection_vendor() -> str:
    from django.db import connection

    return connection.vendor


if __name__ == "__main__":
    main()
