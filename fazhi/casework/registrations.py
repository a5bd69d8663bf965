"""What casework registers with the other apps at start-up (called once from ``AppConfig.ready``)."""

from django.utils.translation import gettext_lazy as _


def register() -> None:
    from fazhi.casework.services import load_default_time_limits
    from fazhi.core.portal import MenuEntry, register_menu
    from fazhi.core.setup import REFERENCE_LOADERS, ReferenceLoader

    REFERENCE_LOADERS.append(ReferenceLoader("time limits", load_default_time_limits))
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
    register_menu(MenuEntry(_("Time limits"), "casework_console:time_limits", console=True))
