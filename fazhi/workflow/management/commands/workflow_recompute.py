from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from fazhi.workflow.calendar import calendar
from fazhi.workflow.services import recompute_deadlines


class Command(BaseCommand):
    help = (
        "Recompute the deadline of every running clock (`fazhi workflow recompute`): run it after installing a "
        "newer holiday table (chinesecalendar), so deadlines counted past the known years become exact."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--only-estimated",
            action="store_true",
            help="only deadlines counted past the years the previous table knew (the usual case after an update)",
        )

    def handle(self, *args: Any, only_estimated: bool = False, **options: Any) -> None:
        calendar.cache_clear()
        report = recompute_deadlines(only_estimated=only_estimated)
        known = calendar().last_known.year
        lines = [f"{label}: {count}" for label, count in sorted(report.items())] or ["no running clocks"]
        self.stdout.write(f"holiday schedule known to the end of {known}; " + "; ".join(lines))
