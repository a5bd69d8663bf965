import sys

from django.core.management.base import BaseCommand, CommandError

from fazhi.laws.retrieval.batch import serve_jsonl
from fazhi.laws.search import engine


class Command(BaseCommand):
    help = 'Batch search: {"q": "..."} lines on stdin → {"hits": [{"law", "article", "text", "score"}]} lines.'

    def add_arguments(self, parser):
        parser.add_argument("--jsonl", action="store_true", required=True, help="JSON lines in and out")
        parser.add_argument("--limit", type=int, default=10)

    def handle(self, *args, limit, **options):
        current = engine()
        if current is None:
            raise CommandError("no search index yet: run `fazhi import laws` first")
        serve_jsonl(current, sys.stdin, self.stdout._out, limit=max(1, min(limit, 100)))
