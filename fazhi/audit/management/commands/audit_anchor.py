import json

from django.core.management.base import BaseCommand

from fazhi.audit.anchors import anchor_file
from fazhi.audit.services import anchor_head


class Command(BaseCommand):
    help = (
        "Seal pending entries and append the chain's head, signed with the audit key, to AUDIT_ANCHOR_FILE; print "
        "the same line (ship it somewhere write-once). Run it from cron; `fazhi audit verify` checks the chain "
        "against every anchor."
    )

    def handle(self, *args, **options):
        record = anchor_head()
        self.stdout.write(json.dumps(record, sort_keys=True))
        self.stderr.write(f"anchored #{record['seq']} in {anchor_file()}")
