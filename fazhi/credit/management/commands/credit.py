"""``fazhi credit …``: the credit platform's commands (docs/credit-records.md).

* ``fazhi credit sweep`` (daily): delete the records whose deletion is due (第三十七条), end expired query periods
  (第三十五条);
* ``fazhi credit import-records FILE --source SYSTEM``: a CSV/.xlsx table of records, per row, idempotent;
* ``fazhi credit import-subjects FILE``: a CSV/.xlsx table of subjects;
* ``fazhi credit export FILE`` / ``fazhi credit import FILE``: the JSON Lines exchange format with its checksum.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from fazhi.core.context import acting


class Command(BaseCommand):
    help = "Credit platform: sweep, import-records, import-subjects, export, import (see docs/credit-records.md)."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("sweep", help="delete due records (第三十七条) and end expired query periods (第三十五条)")
        records = sub.add_parser("import-records", help="import a CSV/.xlsx table of records")
        records.add_argument("file", type=Path)
        records.add_argument("--source", required=True, help="the source system's name")
        records.add_argument("--errors", type=int, default=50)
        subjects = sub.add_parser("import-subjects", help="import a CSV/.xlsx table of subjects")
        subjects.add_argument("file", type=Path)
        subjects.add_argument("--errors", type=int, default=50)
        export = sub.add_parser("export", help="export the records as JSON Lines with a checksum")
        export.add_argument("file", type=Path)
        export.add_argument("--source", default="fazhi", help="this platform's name in the header")
        imported = sub.add_parser("import", help="import a JSON Lines exchange file (checksum verified first)")
        imported.add_argument("file", type=Path)
        imported.add_argument("--errors", type=int, default=50)

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        started = time.perf_counter()
        try:
            with acting(source="cli", message=f"credit {action}"):
                getattr(self, "_" + action.replace("-", "_"))(**options)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"({time.perf_counter() - started:.1f} s)")

    def _file(self, path: Path) -> Path:
        if not path.is_file():
            raise CommandError(f"no such file: {path}")
        return path

    def _sweep(self, **options: Any) -> None:
        from fazhi.credit.records import sweep

        result = sweep()
        self.stdout.write(f"deleted {result.deleted}, query period ended {result.expired}")

    def _import_records(self, *, file: Path, source: str, errors: int, **options: Any) -> None:
        from fazhi.credit.importer import RECORD_REQUIRED, import_records, read_table

        with self._file(file).open("rb") as stream:
            report = import_records(read_table(stream, file.name, RECORD_REQUIRED), source_system=source)
        self._report(report.summary(), [(e.line, e.ref, e.reason) for e in report.errors], errors)

    def _import_subjects(self, *, file: Path, errors: int, **options: Any) -> None:
        from fazhi.credit.importer import SUBJECT_REQUIRED, read_table
        from fazhi.credit.subjects import import_subjects

        with self._file(file).open("rb") as stream:
            report = import_subjects(read_table(stream, file.name, SUBJECT_REQUIRED))
        self._report(report.summary(), [(e.line, e.ref, e.reason) for e in report.errors], errors)

    def _export(self, *, file: Path, source: str, **options: Any) -> None:
        from fazhi.credit.exchange import export_records

        with file.open("wb") as out:
            count = export_records(out, source=source)
        self.stdout.write(f"exported {count} records to {file}")

    def _import(self, *, file: Path, errors: int, **options: Any) -> None:
        from fazhi.credit.exchange import import_records

        with self._file(file).open("rb") as stream:
            report = import_records(stream)
        summary = (
            f"created {report.created}, updated {report.updated}, unchanged {report.unchanged}, refused {report.failed}"
        )
        self._report(summary, report.errors, errors)

    def _report(self, summary: str, rows: list[tuple[int, str, str]], limit: int) -> None:
        self.stdout.write(summary)
        for line, ref, reason in rows[:limit]:
            self.stdout.write(f"  line {line} {ref}: {reason}")
