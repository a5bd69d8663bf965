import json
import sys

from django.core.management.base import BaseCommand, CommandError

from fazhi.laws.retrieval.batch import peak_rss_mb, serve_jsonl
from fazhi.laws.search import engine


class Command(BaseCommand):
    help = 'Batch search: {"q": "..."} lines on stdin → {"hits": [{"law", "article", "text", "score"}]} lines.'

    def add_arguments(self, parser):
        parser.add_argument("--jsonl", action="store_true", required=True, help="JSON lines in and out")
        parser.add_argument("--limit", type=int, default=10)
        parser.add_argument("--stats", action="store_true", help="print the peak memory as JSON on stderr at the end")

    def handle(self, *args, limit, stats=False, **options):
        current = engine()
        if current is None:
            raise CommandError("no search index yet: run `fazhi import laws` first")
        serve_jsonl(current, sys.stdin, self.stdout._out, limit=max(1, min(limit, 100)))
        if stats:
            sys.stderr.write(json.dumps({"peak_rss_mb": peak_rss_mb()}) + "\n")
