import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from fazhi.laws.services import import_corpus


class Command(BaseCommand):
    help = "Import the law corpus (Markdown, see data/README.md). Idempotent: unchanged files are skipped."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, nargs="?", default=None, help="corpus root (default: data/laws)")

    def handle(self, *args, path=None, verbosity=1, **options):
        root = path or settings.DATA_DIR / "laws"
        if not root.is_dir():
            raise CommandError(f"{root}: no such directory")
        started = time.perf_counter()
        with tqdm(desc="laws", unit="doc", disable=verbosity < 1, leave=False) as bar:
            report = import_corpus(root, progress=bar.update)
        self.stdout.write(f"laws: {report.summary()} ({time.perf_counter() - started:.1f} s)")
        if report.warnings:
            out = Path(settings.VAR_DIR) / "reports" / "laws-import-warnings.txt"
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text("\n".join(report.warnings) + "\n", encoding="utf-8")
            kinds = ", ".join(f"{k} {n}" for k, n in report.warning_kinds.most_common())
            self.stdout.write(f"  passages not parsed as expected (file:line in {out}): {kinds}")
            if verbosity > 1:
                for line in report.warnings:
                    self.stdout.write(f"  {line}")
