"""Enforcement rules: how long the discretion (band) proposal and the no-penalty check take (target p95 ≤ 10 ms).

Sets up a throwaway SQLite installation (or uses ``DATABASE_URL``): the organisation directory, the sample law
corpus and the enforcement demo (20 matters, 6 standards in 2 versions each, 2 city lists). Then, in the same run:

- the engine alone: ``propose_band`` and ``check_exemption`` called in-process, random answers, random matters;
- through the API: ``POST /api/v1/enforcement/propose/`` and ``/check/`` with Django's test client (routing,
  authentication, parsing, serialisation — no network), the same answers;
- a floor: reading one matter by primary key, the cheapest query the engine makes.

    .venv/bin/python bench/enforcement_rules.py [--calls 2000]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _p95(values: list[float]) -> float:
    return sorted(values)[int(len(values) * 0.95) - 1]


def _summary(name: str, timings: tuple[list[float], list[float]]) -> str:
    wall, cpu = ([t * 1000 for t in series] for series in timings)
    return (
        f"{name:<34} n={len(wall):>5}  wall p50 {statistics.median(wall):6.2f} p95 {_p95(wall):6.2f} "
        f"max {max(wall):7.2f} ms | CPU p50 {statistics.median(cpu):6.2f} p95 {_p95(cpu):6.2f} ms"
    )


def _time(calls: int, work: Callable[[int], object]) -> tuple[list[float], list[float]]:
    """Wall-clock and this process's CPU time per call (the machine may be shared: CPU time is the work itself)."""
    wall, cpu = [], []
    for i in range(calls):
        start, start_cpu = time.perf_counter(), time.process_time()
        work(i)
        cpu.append(time.process_time() - start_cpu)
        wall.append(time.perf_counter() - start)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="fazhi-enforcement-bench-"))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp / 'fazhi.sqlite3'}")
    os.environ["FAZHI_VAR_DIR"] = str(tmp / "var")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings.base")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from fazhi.enforcement.api import views as api_views
    from fazhi.enforcement.demo import DEMO_YEAR, create_demo_enforcement
    from fazhi.enforcement.models import EnforcementMatter
    from fazhi.enforcement.rules import check_exemption, propose_band
    from fazhi.laws.testing import load_sample_corpus

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command(
        "import_orgs",
        settings.DATA_DIR / "divisions" / "shanghai.csv",
        settings.DATA_DIR / "orgs" / "bodies.csv",
        settings.DATA_DIR / "orgs" / "departments.csv",
        verbosity=0,
    )
    load_sample_corpus()
    counts = create_demo_enforcement()
    print(f"set-up {time.perf_counter() - started:.0f} s: {counts}")

    rng = random.Random(13)
    standard_matters = list(EnforcementMatter.objects.filter(standard__isnull=False))
    listed_matters = list(EnforcementMatter.objects.filter(exemption_items__isnull=False).distinct())
    days = [f"{DEMO_YEAR - 1 + rng.randrange(2)}-{rng.randrange(1, 13):02d}-15" for _ in range(50)]

    def band_answers(matter: EnforcementMatter) -> dict[str, object]:
        version = matter.standard.versions.order_by("-number").first()
        assert version is not None
        return {
            f.key: (rng.choice([True, False]) if f.kind == "yes_no" else rng.randrange(0, 12))
            for f in version.factors.all()
        }

    band_cases = [(m, band_answers(m)) for m in (rng.choice(standard_matters) for _ in range(200))]
    check_cases = [
        (
            m,
            {
                k: v
                for k, v in {
                    "first_violation": rng.choice([True, False]),
                    "harm": rng.choice(["none", "minor", "serious"]),
                    "corrected": rng.choice([True, False]),
                    "corrected_days": rng.randrange(0, 20),
                }.items()
                if k in _asked(m)
            },
        )
        for m in (rng.choice(listed_matters) for _ in range(200))
    ]

    import datetime as dt

    def engine_band(i: int) -> object:
        matter, answers = band_cases[i % len(band_cases)]
        return propose_band(matter, dt.date.fromisoformat(days[i % len(days)]), answers)

    def engine_check(i: int) -> object:
        matter, answers = check_cases[i % len(check_cases)]
        return check_exemption(matter, answers)

    def floor(i: int) -> object:
        return EnforcementMatter.objects.get(pk=band_cases[i % len(band_cases)][0].pk)

    # The engine's endpoints are throttled per caller in production; the benchmark measures the work, not the limit.
    api_views.CheckView.throttle_classes = ()
    api_views.ProposeView.throttle_classes = ()
    setup_test_environment()
    client = Client()

    def api_band(i: int) -> object:
        matter, answers = band_cases[i % len(band_cases)]
        body = {"matter": matter.pk, "act_date": days[i % len(days)], "answers": answers}
        response = client.post("/api/v1/enforcement/propose/", json.dumps(body), content_type="application/json")
        assert response.status_code == 200, response.content
        return response

    def api_check(i: int) -> object:
        matter, answers = check_cases[i % len(check_cases)]
        body = {"matter": matter.pk, "answers": answers}
        response = client.post("/api/v1/enforcement/check/", json.dumps(body), content_type="application/json")
        assert response.status_code == 200, response.content
        return response

    for work in (engine_band, engine_check, api_band, api_check, floor):  # warm caches (resolver, templates)
        _time(20, work)
    print(f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")
    results = {
        "floor: one matter by primary key": _time(args.calls, floor),
        "engine: propose_band": _time(args.calls, engine_band),
        "engine: check_exemption": _time(args.calls, engine_check),
        "API: POST enforcement/propose/": _time(args.calls, api_band),
        "API: POST enforcement/check/": _time(args.calls, api_check),
    }
    for name, timings in results.items():
        print(_summary(name, timings))
    for i, kind in ((0, "wall"), (1, "CPU")):
        worst = max(_p95(t[i]) for name, t in results.items() if not name.startswith("floor")) * 1000
        print(f"target p95 <= 10 ms ({kind}): {'met' if worst <= 10 else 'NOT met'} (worst p95 {worst:.2f} ms)")
    print(f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


def _asked(matter: object) -> set[str]:
    from django.utils import timezone

    from fazhi.enforcement.rules import items_covering, questions_for

    return set(questions_for(items_covering(matter, timezone.localdate())))  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
