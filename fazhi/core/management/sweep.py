"""The shape every scheduled sweep command shares: run now, or ``--enqueue`` it for the background worker."""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.management.base import BaseCommand


class SweepCommand(BaseCommand):
    """Subclasses name the django-tasks ``task`` that runs the sweep and say what one run did in ``run()``."""

    task: ClassVar[Any]
    name: ClassVar[str]  # "casework sweep", as the queued message says

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--enqueue", action="store_true", help="queue the sweep for the background worker instead of running it"
        )

    def handle(self, *args: Any, enqueue: bool = False, **options: Any) -> None:
        if enqueue:
            result = self.task.enqueue()
            self.stdout.write(f"{self.name} queued ({result.id})")
            return
        self.stdout.write(self.run())

    def run(self) -> str:
        raise NotImplementedError
