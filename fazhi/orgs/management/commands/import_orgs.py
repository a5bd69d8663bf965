from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from fazhi.orgs.services import import_organisations, read_rows


class Command(BaseCommand):
    help = "Import organisations from CSV files (code,name,level,parent_code[,body_type,...]). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path)

    def handle(self, *args, files, verbosity=1, **options):
        for path in files:
            if not path.is_file():
                raise CommandError(f"{path}: no such file")
            try:
                rows = read_rows(path)
            except (ValidationError, UnicodeDecodeError) as exc:
                raise CommandError(f"{path}: {exc}") from exc
            with tqdm(total=len(rows), desc=path.name, unit="row", disable=verbosity < 1, leave=False) as bar:
                report = import_organisations(rows, source=path.name, progress=bar.update)
            self.stdout.write(f"{path.name}: {report.summary()}")
            for line in report.skipped:
                self.stdout.write(f"  skipped {line}")
