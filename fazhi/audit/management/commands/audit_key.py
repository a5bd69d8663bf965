from django.core.management.base import BaseCommand, CommandError

from fazhi.audit.keys import current_key_id, new_key_line


class Command(BaseCommand):
    help = (
        "Print a new audit key as id:secret. To rotate, put it first in AUDIT_KEYS and keep the older keys after it: "
        "entries written with them go on verifying."
    )

    def add_arguments(self, parser):
        parser.add_argument("key_id", help="a short name for the key, e.g. 2027a (up to 32 characters, no colon)")

    def handle(self, *args, key_id: str, **options):
        if not key_id or ":" in key_id or len(key_id) > 32:
            raise CommandError("the key id is up to 32 characters, without a colon")
        self.stdout.write(new_key_line(key_id))
        self.stderr.write(f"current key: {current_key_id() or '(none)'}; AUDIT_KEYS={key_id}:…,<the current keys>")
