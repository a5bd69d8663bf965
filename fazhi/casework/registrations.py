"""What casework registers with the other apps at start-up (called once from ``AppConfig.ready``)."""

from typing import Any

from django.utils.translation import gettext_lazy as _


def _handles(user: Any, *, moderated: bool) -> bool:
    """Whether a role grants the user the change permission on some kind of matter (a citizen's right to change
    their own submission does not make a queue theirs)."""
    from fazhi.casework.registry import MATTER_TYPES
    from fazhi.core.permissions import CHANGE, perm_codename, scopes_for

    kinds = [t for t in MATTER_TYPES.values() if t.moderated or not moderated]
    return any(scopes_for(user, perm_codename(t.model, CHANGE)) for t in kinds)


def handles_matters(user: Any) -> bool:
    """The work queue is for those who may handle some kind of matter somewhere."""
    return _handles(user, moderated=False)


def moderates(user: Any) -> bool:
    """The moderation queue is for those who may handle some kind of matter that is moderated."""
    return _handles(user, moderated=True)


def register() -> None:
    _grant_roles()
    from fazhi.core.portal import MenuEntry, register_menu

    register_menu(
        MenuEntry(
            _("My matters"),
            "casework:mine",
            "(十二)",
            _("Every suggestion, ticket and comment you submitted, with each step of its handling."),
        )
    )
    register_menu(MenuEntry(_("Work queue"), "casework_console:queue", console=True, usable=handles_matters))
    register_menu(MenuEntry(_("Moderation queue"), "casework_console:moderation", console=True, usable=moderates))
    register_menu(
        MenuEntry(
            _("Sensitive words"),
            "casework_console:words",
            console=True,
            model="casework.SensitiveWord",
            usable=moderates,  # the moderators' tool: reading the list is no use to anyone else
        )
    )
    register_menu(MenuEntry(_("Time limits"), "workflow_console:clocks", console=True))


def _grant_roles() -> None:
    """Sensitive words are a city-wide setting (CityWidePolicy): the city office keeps the list."""
    from fazhi.accounts.choices import RoleCode as R
    from fazhi.accounts.roles import grant

    grant(R.REVIEWER, "casework.view_sensitiveword", "casework.add_sensitiveword", "casework.change_sensitiveword")
    grant(R.LEADER, "casework.view_sensitiveword")
    grant(R.EVALUATOR, "casework.view_sensitiveword")
