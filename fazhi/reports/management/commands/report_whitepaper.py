"""``fazhi report whitepaper --year 2025 --out FILE.pdf [--format pdf|html]``."""

from __future__ import annotations

import time
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from fazhi.core.context import acting
from fazhi.reports.choices import ReportFormat
from fazhi.reports.models import check_year
from fazhi.reports.whitepaper import render_html, render_pdf


class Command(BaseCommand):
    help = "Generate the annual white paper (plan measure 30) as PDF or HTML."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--year", required=True, help="the year reported on, e.g. 2025")
        parser.add_argument("--out", required=True, help="the file to write (.pdf or .html)")
        parser.add_argument(
            "--format",
            choices=ReportFormat.values,
            help="pdf or html (default: from the file name's extension, else pdf)",
        )

    def handle(self, *args, year: str, out: str, format: str | None = None, **options) -> None:
        try:
            year_number = check_year(year)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        path = Path(out)
        kind = format or (ReportFormat.HTML if path.suffix.lower() in (".html", ".htm") else ReportFormat.PDF)
        if path.is_dir():
            raise CommandError(_("%(path)s is a directory: give a file name.") % {"path": path})
        if not path.parent.is_dir():
            raise CommandError(
                _("Cannot write %(path)s: the directory %(dir)s does not exist.") % {"path": path, "dir": path.parent}
            )
        started = time.perf_counter()
        try:
            with acting(source="cli", action="report.whitepaper"):
                content = render_html(year_number).encode() if kind == ReportFormat.HTML else render_pdf(year_number)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        try:
            path.write_bytes(content)
        except OSError as exc:
            raise CommandError(
                _("Cannot write %(path)s: %(error)s.") % {"path": path, "error": exc.strerror or exc}
            ) from exc
        self.stdout.write(
            f"white paper {year_number} ({kind}, {len(content) // 1024} KiB) written to {path} "
            f"in {time.perf_counter() - started:.1f} s"
        )
