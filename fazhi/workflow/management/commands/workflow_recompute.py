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

    def handle(self, *args: Any, **options: Any) -> None:
        calendar.cache_clear()
        report = recompute_deadlines()
        known = calendar().last_known.year
        lines = [f"{label}: {count}" for label, count in sorted(report.items())] or ["no running clocks"]
        self.stdout.write(f"holiday schedule known to the end of {known}; " + "; ".join(lines))
