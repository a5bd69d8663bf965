"""What casework registers with the other apps at start-up (called once from ``AppConfig.ready``)."""

from django.utils.translation import gettext_lazy as _


def register() -> None:
    from fazhi.core.portal import MenuEntry, register_menu

    register_menu(
        MenuEntry(
            _("My matters"),
            "casework:mine",
            "(十二)",
            _("Every suggestion, ticket and comment you submitted, with each step of its handling."),
        )
    )
    register_menu(MenuEntry(_("Work queue"), "casework_console:queue", console=True))
    register_menu(MenuEntry(_("Moderation queue"), "casework_console:moderation", console=True))
    register_menu(
        MenuEntry(_("Sensitive words"), "casework_console:words", console=True, model="casework.SensitiveWord")
    )
    register_menu(MenuEntry(_("Time limits"), "workflow_console:clocks", console=True))
