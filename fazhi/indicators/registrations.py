"""What the indicators app registers at start-up (called once from ``AppConfig.ready``)."""


def register() -> None:
    from fazhi.attachments.targets import ATTACHABLE
    from fazhi.audit.models import FORMER_LABELS
    from fazhi.indicators.values import connect_signals

    ATTACHABLE["indicators.indicatorvalue"] = "pk"  # evidence files on values entered by hand
    # The models were supervision's: audit entries written before the move name them so (migration 0001).
    FORMER_LABELS["indicators.indicator"] = ("supervision.indicator",)
    FORMER_LABELS["indicators.indicatorvalue"] = ("supervision.indicatorvalue",)
    connect_signals()  # recompute indicator values when the records their formulas read change
