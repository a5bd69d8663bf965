from django.core.management.base import BaseCommand, CommandError

from fazhi.audit.services import verify_chain


class Command(BaseCommand):
    help = "Check the audit trail's hash chain and report the first broken link (exit 1 if broken)."

    def handle(self, *args, **options):
        checked, broken = verify_chain()
        if broken is not None:
            where = f"entry #{broken.seq}" + (f" (row id {broken.entry_id})" if broken.entry_id else "")
            raise CommandError(
                f"audit trail BROKEN at {where}: {broken.reason}; {checked} entries before it are intact"
            )
        self.stdout.write(f"audit trail intact: {checked} entries verified")
