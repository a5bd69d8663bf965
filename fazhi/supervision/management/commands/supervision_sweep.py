from django.core.management.base import BaseCommand

from fazhi.supervision.services import supervision_sweep, supervision_sweep_task


class Command(BaseCommand):
    help = (
        "Raise alerts for overdue and stalled tasks and unanswered supervision notices, escalate unacknowledged "
        "ones. Idempotent; run it from cron or a systemd timer (`fazhi supervision sweep`)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue", action="store_true", help="queue the sweep for the background worker instead of running it"
        )

    def handle(self, *args, enqueue: bool = False, **options):
        if enqueue:
            result = supervision_sweep_task.enqueue()
            self.stdout.write(f"supervision sweep queued ({result.id})")
            return
        self.stdout.write(supervision_sweep().summary())
