from django_tasks import task as background_task

from fazhi.core.management.sweep import SweepCommand
from fazhi.publicity.services import expire_due


@background_task()
def publicity_sweep_task() -> int:
    return expire_due()


class Command(SweepCommand):
    help = (
        "End the publication of decisions whose period has passed (公示规定 第十三条, 沪营商条例 第六十五条): they "
        "leave the public search and stay on record. Idempotent; run daily (`fazhi publicity sweep`)."
    )
    task, name = publicity_sweep_task, "publicity sweep"

    def run(self) -> str:
        return f"publications ended: {expire_due()}"
