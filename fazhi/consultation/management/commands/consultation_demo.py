from django.core.management.base import BaseCommand

from fazhi.consultation.demo import load_demo


class Command(BaseCommand):
    help = "Demo data: contact points under a few real streets and one open consultation. Safe to re-run."

    def handle(self, *args, **options):
        points, consultation = load_demo()
        self.stdout.write(f"contact points created: {points}; consultation created: {'yes' if consultation else 'no'}")
