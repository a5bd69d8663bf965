from fazhi.core.management.sweep import SweepCommand
from fazhi.hotline.services import hotline_sweep, hotline_sweep_task


class Command(SweepCommand):
    help = (
        "Close replied 12345 tickets whose reporter neither confirmed nor reopened them within HOTLINE_CONFIRM_DAYS "
        "(as closed without confirmation; no rating is recorded). Idempotent; run it from cron or a systemd timer "
        "next to the casework sweep (`fazhi hotline sweep`)."
    )
    task, name = hotline_sweep_task, "hotline sweep"

    def run(self) -> str:
        return f"tickets closed without confirmation: {hotline_sweep()['closed_unconfirmed']}"
