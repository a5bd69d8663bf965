from fazhi.core.management.sweep import SweepCommand
from fazhi.supervision.services import supervision_sweep, supervision_sweep_task


class Command(SweepCommand):
    help = (
        "Raise alerts for overdue and stalled tasks and unanswered supervision notices, escalate unacknowledged "
        "ones. Idempotent; run it from cron or a systemd timer (`fazhi supervision sweep`)."
    )
    task, name = supervision_sweep_task, "supervision sweep"

    def run(self) -> str:
        return supervision_sweep().summary()
