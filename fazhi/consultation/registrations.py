"""What consultation registers with the other apps at start-up (called once from ``AppConfig.ready``)."""

from django.utils.translation import gettext_lazy as _


def register() -> None:
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
