from django.core.management import call_command
from django.core.management.base import BaseCommand

from fazhi.core.setup import DEMO_LOADERS, REFERENCE_LOADERS


class Command(BaseCommand):
    def check_time_limits(self) -> None:
        """Every article a time limit names must be in the law library (a typo or a missing law is said here,
        once the corpus is loaded, not discovered by a citizen)."""
        from fazhi.workflow.provisions import unresolved

        missing = unresolved()
        if missing:
            for clock, provision in missing:
                self.stderr.write(f"WARNING time limit {clock.key}: {provision.citation} is not in the law library")
        else:
            self.stdout.write("time limits: every provision resolves in the law library")

    help = "Migrate, load the reference data and (with --demo) create demo accounts. Safe to re-run."

    def add_arguments(self, parser):
        parser.add_argument("--demo", action="store_true", help="create one demo account per role")

    def handle(self, *args, demo=False, **options):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        for loader in REFERENCE_LOADERS:
            self.stdout.write(f"reference data: {loader.name}")
            loader.load(self.stdout)
        self.check_time_limits()
        if demo:
            from fazhi.platform.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, create_demo_accounts

            create_demo_accounts()
            for loader in DEMO_LOADERS:
                self.stdout.write(f"demo data: {loader.name}")
                loader.load(self.stdout)
            self.stdout.write(f"\nDemo accounts (password for all: {DEMO_PASSWORD}):")
            for account in DEMO_ACCOUNTS:
                self.stdout.write(f"  {account.username:<14} {account.what}")
