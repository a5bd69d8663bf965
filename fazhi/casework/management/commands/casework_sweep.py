from fazhi.casework.services import casework_sweep_task, sweep
from fazhi.core.management.sweep import SweepCommand


class Command(SweepCommand):
    help = (
        "Alert the handling organisation of every citizen matter past its time limit, and escalate to the "
        "organisation above when it stays overdue. Idempotent; run it from cron or a systemd timer "
        "(`fazhi casework sweep`)."
    )
    task, name = casework_sweep_task, "casework sweep"

    def run(self) -> str:
        counts = sweep()
        return f"overdue matters alerted: {counts['alerted']}, escalated: {counts['escalated']}"
