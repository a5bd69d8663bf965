from django.core.management.base import BaseCommand

from fazhi.casework.services import casework_sweep_task, sweep


class Command(BaseCommand):
    help = (
        "Alert the handling organisation of every citizen matter past its time limit, and escalate to the "
        "organisation above when it stays overdue. Idempotent; run it from cron or a systemd timer "
        "(`fazhi casework sweep`)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue", action="store_true", help="queue the sweep for the background worker instead of running it"
        )

    def handle(self, *args, enqueue: bool = False, **options):
        if enqueue:
            result = casework_sweep_task.enqueue()
            self.stdout.write(f"casework sweep queued ({result.id})")
            return
        counts = sweep()
        self.stdout.write(f"overdue matters alerted: {counts['alerted']}, escalated: {counts['escalated']}")
