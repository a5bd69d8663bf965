"""What penalties registers with the other apps at start-up (called once from ``AppConfig.ready``)."""

from django.utils.translation import gettext_lazy as _


def register() -> None:
    from fazhi.attachments.targets import ATTACHABLE
    from fazhi.core.portal import MenuEntry, register_menu
    from fazhi.core.setup import DEMO_LOADERS, ReferenceLoader
    from fazhi.enforcement.scope import covers_enforcement_body
    from fazhi.penalties import indicators  # noqa: F401  (registers the enforcement indicators)
    from fazhi.penalties.demo import load_demo_cases
    from fazhi.penalties.workflow import PENALTY_WORKFLOW
    from fazhi.workflow.declaration import register_workflow

    register_workflow(PENALTY_WORKFLOW)  # steps and clocks: penalties/workflow.py
    ATTACHABLE["penalties.penaltycase"] = "pk"  # evidence, its SHA-256 recorded at upload (第四十七条)
    DEMO_LOADERS.append(ReferenceLoader("penalty cases of two districts", load_demo_cases))
    register_menu(
        MenuEntry(
            _("Penalty cases"),
            "penalties_console:list",
            console=True,
            permission="penalties.view_penaltycase",
            # only for staff over a body that enforces something (issue #20: show each role what it can use)
            usable=lambda user: covers_enforcement_body(user, "penalties.view_penaltycase"),
        )
    )
    _grant_roles()


def _grant_roles() -> None:
    """The enforcement body's staff file and handle its cases (legal review also needs the officer's
    qualification, checked by the step); leaders and evaluators read."""
    from fazhi.accounts.choices import RoleCode as R
    from fazhi.accounts.roles import grant

    handling = ("penalties.view_*", "penalties.add_*", "penalties.change_*")
    grant(R.HANDLER, *handling)
    grant(R.REVIEWER, *handling)
    grant(R.LEADER, "penalties.view_*")
    grant(R.EVALUATOR, "penalties.view_*")
