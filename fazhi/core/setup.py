"""Reference data every installation loads (``fazhi setup``); modules add their loaders in AppConfig.ready()."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.management import call_command


@dataclass(frozen=True)
class ReferenceLoader:
    name: str
    load: Callable[..., None]  # called with the command's stdout; must be idempotent and quick when up to date


def _load_organisations(stdout) -> None:
    call_command(
        "import_orgs",
        settings.DATA_DIR / "divisions" / "shanghai.csv",
        settings.DATA_DIR / "orgs" / "bodies.csv",
        stdout=stdout,
        verbosity=0,
    )


REFERENCE_LOADERS: list[ReferenceLoader] = [ReferenceLoader("organisations", _load_organisations)]


#: Demo data (``fazhi setup --demo``, so ``make run``), after the demo accounts: each module adds its loader in
#: AppConfig.ready(); loaders must be idempotent.
DEMO_LOADERS: list[ReferenceLoader] = []
