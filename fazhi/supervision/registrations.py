"""What supervision registers with the other apps at start-up (called once from ``AppConfig.ready``)."""

from django.utils.translation import gettext_lazy as _


def register() -> None:
    _grant_roles()
    from fazhi.attachments.targets import ATTACHABLE
    from fazhi.core.portal import MenuEntry, register_menu
    from fazhi.core.setup import REFERENCE_LOADERS, ReferenceLoader
    from fazhi.supervision.services import load_reference_plan
    from fazhi.supervision.workflow import NOTICE_WORKFLOW, REPORT_WORKFLOW
    from fazhi.workflow.declaration import register_workflow

    register_menu(
        MenuEntry(
            _("Plan and progress"),
            "supervision:plan",
            "(二十六)(二十九)",
            _("The rule-of-law society plan, measure by measure, and how far its tasks have come."),
        )
    )
    register_menu(
        MenuEntry(_("Plan tasks"), "supervision_console:tasks", console=True, permission="supervision.view_task")
    )
    register_menu(
        MenuEntry(
            _("Supervision alerts"), "supervision_console:alerts", console=True, permission="supervision.view_alert"
        )
    )
    register_menu(
        MenuEntry(
            _("Indicator scorecard"),
            "supervision_console:scorecard",
            console=True,
            permission="indicators.view_indicatorvalue",
        )
    )
    register_menu(  # the dashboard itself refuses those without a division in reach (dashboard.py)
        MenuEntry(
            _("Plan dashboard"),
            "supervision_console:dashboard",
            console=True,
            permission="indicators.view_indicatorvalue",
        )
    )
    register_workflow(REPORT_WORKFLOW)  # steps and clocks: supervision/workflow.py
    register_workflow(NOTICE_WORKFLOW)
    ATTACHABLE["supervision.progressreport"] = "pk"  # evidence files on progress reports
    REFERENCE_LOADERS.append(ReferenceLoader("plan", load_reference_plan))
    _register_indicators()


def _register_indicators() -> None:
    from fazhi.core.portal import MenuEntry, register_menu
    from fazhi.core.setup import REFERENCE_LOADERS, ReferenceLoader
    from fazhi.supervision import indicators  # noqa: F401  (registers supervision's indicator formulas)
    from fazhi.supervision.indicator_defaults import load_default_indicators

    register_menu(
        MenuEntry(
            _("Indicators"),
            "supervision_console:indicators",
            console=True,
            permission="indicators.view_indicatorvalue",
        )
    )
    REFERENCE_LOADERS.append(ReferenceLoader("indicators", load_default_indicators))  # after the plan


def _grant_roles() -> None:
    """Plan staff (the supervising office) plan, delegate, review and issue notices; the organisation leading a task
    reads it, reports its progress, replies to notices and acknowledges alerts; leaders and evaluators read."""
    from fazhi.accounts.choices import RoleCode as R
    from fazhi.accounts.roles import grant

    grant(
        R.HANDLER,
        "supervision.view_plan",
        "supervision.view_chapter",
        "supervision.view_measure",
        "supervision.view_task",
        "supervision.view_taskmilestone",
        "supervision.view_progressreport",
        "supervision.add_progressreport",
        "supervision.change_progressreport",
        "supervision.view_supervisionnotice",
        "supervision.change_supervisionnotice",  # the reply
        "supervision.view_alert",
        "supervision.change_alert",  # acknowledging stops escalation
    )
    grant(R.REVIEWER, "supervision.view_*", "supervision.add_*", "supervision.change_*", "supervision.review_*")
    grant(R.LEADER, "supervision.view_*")
    grant(R.EVALUATOR, "supervision.view_*")
