"""What the workflow app registers with the other apps at start-up (called once from ``AppConfig.ready``)."""


def register() -> None:
    _grant_roles()
    from fazhi.laws.hooks import ARTICLE_USES
    from fazhi.workflow.provisions import article_uses

    ARTICLE_USES.append(article_uses)  # an article's page lists the time limits it sets


def _grant_roles() -> None:
    """Time limits are public; the city office changes a policy limit (CityWidePolicy: a city-wide grant only)."""
    from fazhi.accounts.choices import RoleCode as R
    from fazhi.accounts.roles import grant

    grant(R.REVIEWER, "workflow.view_clocksetting", "workflow.add_clocksetting", "workflow.change_clocksetting")
    grant(R.LEADER, "workflow.view_clocksetting")
    grant(R.EVALUATOR, "workflow.view_clocksetting")
