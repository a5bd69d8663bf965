import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from fazhi.attachments.pending import purge_abandoned


class Command(BaseCommand):
    help = (
        "Remove files kept for a form's next submit (var/private/pending/) that no session can use any more: older "
        "than the longest session (SESSION_ABSOLUTE_HOURS). Idempotent; run it daily from cron "
        "(`fazhi attachments purge`)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=float, help="remove kept files older than this (default: a session's life)")

    def handle(self, *args, **options):
        hours = options["hours"]
        if hours is not None and hours <= 0:
            raise CommandError("--hours must be more than 0.")
        removed = purge_abandoned(dt.timedelta(hours=hours) if hours is not None else None)
        self.stdout.write(f"abandoned kept uploads removed: {removed}")
