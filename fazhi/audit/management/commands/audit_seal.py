from django.core.management.base import BaseCommand

from fazhi.audit.services import audit_seal_task, seal_pending


class Command(BaseCommand):
    help = (
        "Seal committed audit entries that are not yet in the hash chain (normally sealed right after their commit; "
        "this sweep catches what a crash left). Idempotent; run it from cron (`fazhi audit seal`)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue", action="store_true", help="queue the sweep for the background worker instead of running it"
        )

    def handle(self, *args, **options):
        if options["enqueue"]:
            result = audit_seal_task.enqueue()
            self.stdout.write(f"audit sealing queued ({result.id})")
            return
        self.stdout.write(f"audit entries sealed: {seal_pending()}")
