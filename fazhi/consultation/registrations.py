"""What consultation registers with the other apps at start-up (called once from ``AppConfig.ready``)."""

from django.utils.translation import gettext_lazy as _


def register() -> None:
    _grant_roles()
    from fazhi.consultation.demo import load_demo
    from fazhi.core.setup import DEMO_LOADERS, ReferenceLoader

    DEMO_LOADERS.append(ReferenceLoader("contact points and a consultation", lambda stdout: load_demo()))
    from fazhi.consultation.matters import register
    from fazhi.core.portal import MenuEntry, register_menu

    register()  # comments appear in 我的办件 and the staff queues

    register_menu(
        MenuEntry(
            _("Public consultations"),
            "consultation:list",
            "(十二)",
            _("Comment on draft laws and major decisions, article by article, and read the feedback."),
        )
    )
    register_menu(
        MenuEntry(
            _("Consultations"),
            "consultation_console:list",
            console=True,
            permission="consultation.view_consultation",
        )
    )


def _grant_roles() -> None:
    """The running organisation's office (reviewers) opens consultations; handlers handle the comments (moderation,
    clusters, adoption) and, at a contact point, enter the comments collected offline."""
    from fazhi.accounts.choices import RoleCode as R
    from fazhi.accounts.roles import grant

    grant(
        R.HANDLER,
        "consultation.view_*",
        "consultation.add_comment",
        "consultation.change_comment",
        "consultation.add_commentcluster",
        "consultation.change_commentcluster",
    )
    grant(R.REVIEWER, "consultation.view_*", "consultation.add_*", "consultation.change_*")
    grant(R.LEADER, "consultation.view_*")
    grant(R.EVALUATOR, "consultation.view_*")
