from django.core.management.base import BaseCommand, CommandError

from fazhi.audit.services import seal_grace, stale_unsealed, verify_chain


class Command(BaseCommand):
    help = (
        "Check the audit trail's hash chain and the content of unsealed entries; report the first broken entry, "
        "and entries left unsealed longer than AUDIT_SEAL_GRACE_SECONDS (exit 1 in either case)."
    )

    def handle(self, *args, **options):
        checked, broken = verify_chain()
        if broken is not None:
            raise CommandError(
                f"audit trail BROKEN at {broken.where}: {broken.reason}; {checked} entries before it are intact"
            )
        stale = stale_unsealed()
        if stale:
            raise CommandError(
                f"audit trail intact ({checked} entries verified), but {stale} entries written more than "
                f"{int(seal_grace().total_seconds())} s ago are not sealed into the chain: run `fazhi audit seal`"
            )
        self.stdout.write(f"audit trail intact: {checked} entries verified")
