from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from fazhi.core.context import acting
from fazhi.publicity.importer import import_rows, read_table


class Command(BaseCommand):
    help = (
        "Import published decisions from another system: a CSV (UTF-8) or .xlsx file with the columns of "
        "docs/enforcement.md. Refused rows are listed with their line and reason; the rest go in. Re-importing "
        "is idempotent (source system + source_ref). `fazhi publicity import FILE --source SYSTEM`."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--source", required=True, help="the source system's name, e.g. scjg-zhzf")
        parser.add_argument("--errors", type=int, default=50, help="how many refused rows to list (default 50)")

    def handle(self, *args: Any, file: Path, source: str, errors: int, **options: Any) -> None:
        if not file.is_file():
            raise CommandError(f"no such file: {file}")
        started = time.perf_counter()
        try:
            with file.open("rb") as stream, acting(source="import", message=f"import {file.name} from {source}"):
                report = import_rows(read_table(stream, file.name), source_system=source)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"created {report.created}, updated {report.updated}, unchanged {report.unchanged}, "
            f"refused {report.failed} in {seconds:.1f} s"
        )
        for error in report.errors[:errors]:
            self.stdout.write(f"  line {error.line} {error.source_ref}: {error.reason}")
