import json
import sys

from django.core.management.base import BaseCommand

from fazhi.laws.models import Article
from fazhi.laws.resolver import resolver


class Command(BaseCommand):
    help = 'Batch citation resolution: {"citation": "..."} lines → {"law", "article", "text"} or {"error"} lines.'

    def add_arguments(self, parser):
        parser.add_argument("--jsonl", action="store_true", required=True, help="JSON lines in and out")

    def handle(self, *args, **options):
        out = self.stdout._out
        for line in sys.stdin:
            if not line.strip():
                continue
            try:
                citation = str(json.loads(line)["citation"])
            except (ValueError, KeyError, TypeError):
                out.write(json.dumps({"error": "expected a JSON object with a 'citation'"}) + "\n")
                continue
            found = resolver().find(citation[:2000])
            if not found:
                out.write(json.dumps({"error": "no citation found"}, ensure_ascii=False) + "\n")
                continue
            first = found[0]
            if first.status != "FOUND" or first.number is None:
                out.write(json.dumps({"error": f"{first.status}: {first.reason}"}, ensure_ascii=False) + "\n")
                continue
            article = Article.objects.filter(
                version_id=first.work.current_version_id, number=first.number, suffix=first.suffix
            ).first()
            out.write(
                json.dumps(
                    {"law": first.work.title, "article": first.number, "text": article.text if article else ""},
                    ensure_ascii=False,
                )
                + "\n"
            )
            out.flush()
