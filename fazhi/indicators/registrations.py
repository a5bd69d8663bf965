"""What the indicators app registers at start-up (called once from ``AppConfig.ready``)."""


def register() -> None:
    _grant_roles()
    from fazhi.attachments.targets import ATTACHABLE
    from fazhi.audit.models import FORMER_LABELS
    from fazhi.indicators.values import connect_signals

    ATTACHABLE["indicators.indicatorvalue"] = "pk"  # evidence files on values entered by hand
    # The models were supervision's: audit entries written before the move name them so (migration 0001).
    FORMER_LABELS["indicators.indicator"] = ("supervision.indicator",)
    FORMER_LABELS["indicators.indicatorvalue"] = ("supervision.indicatorvalue",)
    connect_signals()  # recompute indicator values when the records their formulas read change


def _grant_roles() -> None:
    """Indicators are the plan staff's: the supervising office enters manual values (definitions need the grant
    city-wide, IndicatorPolicy); leaders and evaluators read them (the scorecard, the dashboard)."""
    from fazhi.accounts.choices import RoleCode as R
    from fazhi.accounts.roles import grant

    grant(R.REVIEWER, "indicators.view_*", "indicators.add_*", "indicators.change_*")
    grant(R.LEADER, "indicators.view_*")
    grant(R.EVALUATOR, "indicators.view_*")
