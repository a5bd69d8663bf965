"""What orgs registers with the other apps at start-up (called once from ``AppConfig.ready``)."""

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.utils.translation import gettext_lazy as _


def _load_organisations(stdout: Any) -> None:
    call_command(
        "import_orgs",
        settings.DATA_DIR / "divisions" / "shanghai.csv",
        settings.DATA_DIR / "orgs" / "bodies.csv",
        settings.DATA_DIR / "orgs" / "departments.csv",  # the city's and the districts' working departments
        stdout=stdout,
        verbosity=0,
    )


def register() -> None:
    from fazhi.core.portal import MenuEntry, register_menu
    from fazhi.core.setup import REFERENCE_LOADERS, ReferenceLoader

    register_menu(
        MenuEntry(
            _("Organisations"),
            "orgs:list",
            "(二十六)(二十八)",
            _("Shanghai's districts, streets and towns, and the bodies that serve them."),
        )
    )
    # First of all reference data: every other loader files its records under organisations.
    REFERENCE_LOADERS.append(ReferenceLoader("organisations", _load_organisations))
