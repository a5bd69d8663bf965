"""What reports registers with the other apps at start-up (called once from ``AppConfig.ready``)."""

from django.utils.translation import gettext_lazy as _


def register() -> None:
    _grant_roles()
    from fazhi.core.portal import MenuEntry, register_menu
    from fazhi.core.setup import DEMO_LOADERS, ReferenceLoader
    from fazhi.reports.demo import create_demo_year
    from fazhi.reports.interpretations_demo import create_demo_interpretations

    # Interpretations of laws published in the demo year (the white paper's interpretations indicator).
    DEMO_LOADERS.append(
        ReferenceLoader("a year of interpretations", lambda stdout: create_demo_interpretations(stdout=stdout))
    )
    DEMO_LOADERS.append(ReferenceLoader("a year of plan supervision", lambda stdout: create_demo_year(stdout=stdout)))

    register_menu(MenuEntry(_("White paper"), "reports_console:whitepaper", console=True, model="reports.Selection"))


def _grant_roles() -> None:
    """The white paper covers the city (CityWidePolicy): the city office selects its cases; leaders, evaluators read."""
    from fazhi.accounts.choices import RoleCode as R
    from fazhi.accounts.roles import grant

    grant(R.REVIEWER, "reports.view_selection", "reports.add_selection", "reports.change_selection")
    grant(R.LEADER, "reports.view_selection")
    grant(R.EVALUATOR, "reports.view_selection")
