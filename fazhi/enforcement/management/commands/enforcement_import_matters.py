"""``fazhi enforcement import-matters FILE``: load an enforcement-matters catalogue (.xlsx or .csv; columns in
``fazhi.enforcement.catalogue``). Rows whose body or articles do not resolve are listed with why; re-running is
idempotent."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.core.context import acting
from fazhi.enforcement.catalogue import import_matters, read_rows


class Command(BaseCommand):
    help = "Import an enforcement-matters catalogue (Excel or CSV)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            rows = read_rows(path.read_bytes(), path.name)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        with acting(source="cli"):
            report = import_matters(rows)
        for number, why in report.skipped:
            self.stderr.write(f"row {number}: {why}")
        self.stdout.write(report.summary())
