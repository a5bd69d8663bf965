from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fazhi.supervision.services import import_plan


class Command(BaseCommand):
    help = "Import a plan document (chapters 一、… and measures (一)…) from a UTF-8 text file. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--key", help="the plan's key (default: the plan of the same title, else from the file name)"
        )

    def handle(self, *args, file: Path, key: str | None = None, **options):
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        try:
            text = file.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise CommandError(f"{file}: not UTF-8 text") from exc
        report = import_plan(text=text, key=key, source=file.name)
        for line in report.skipped:
            self.stdout.write(f"  skipped {line}")
        if report.plan is None:
            raise CommandError(f"{file}: nothing imported")
        self.stdout.write(
            f"{file.name}: {report.plan.title} ({report.plan.key}): {report.plan.chapters.count()} chapters, "
            f"{report.plan.measures.count()} measures; {report.summary()}"
        )
