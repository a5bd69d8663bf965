from django.core.management.base import BaseCommand, CommandError

from fazhi.audit import anchors
from fazhi.audit.services import seal_grace, stale_unsealed, verify_chain


class Command(BaseCommand):
    help = (
        "Check the audit trail's keyed hash chain, the content of unsealed entries and the chain against the anchors "
        "in AUDIT_ANCHOR_FILE; report the first broken entry, and entries left unsealed longer than "
        "AUDIT_SEAL_GRACE_SECONDS (exit 1 in either case)."
    )

    def handle(self, *args, **options):
        pinned = anchors.read()
        checked, broken = verify_chain(anchors=pinned)
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
        if pinned.expected:
            at = pinned.highest
            pins = f"{len(pinned.expected)} anchors match, the last #{at} of {pinned.when[at]}"
        else:
            pins = f"no anchors in {anchors.anchor_file()} (run `fazhi audit anchor` from cron)"
        self.stdout.write(f"audit trail intact: {checked} entries verified; {pins}")
