"""What laws registers with the other apps at start-up (called once from ``AppConfig.ready``)."""

from django.utils.translation import gettext_lazy as _


def register() -> None:
    _grant_roles()
    from fazhi.core.portal import MenuEntry, register_menu
    from fazhi.core.setup import REFERENCE_LOADERS, ReferenceLoader
    from fazhi.laws.services import load_reference_corpus

    register_menu(
        MenuEntry(
            _("Law library"),
            "laws:home",
            "(五)(六)(八)",
            _("Laws, regulations and interpretations in force, searchable in plain words."),
        )
    )
    register_menu(
        MenuEntry(
            _("Interpretations"), "laws_console:interpretations", console=True, permission="laws.add_interpretation"
        )
    )
    register_menu(
        MenuEntry(_("Must-know lists"), "laws_console:lists", console=True, permission="laws.add_mustknowlist")
    )
    REFERENCE_LOADERS.append(ReferenceLoader("laws", load_reference_corpus))


def _grant_roles() -> None:
    """The law texts are reference data (read by all, changed by the importer). Interpretations and must-know lists
    are written by legal-education editors and by the supervising office that publishes them."""
    from fazhi.accounts.choices import RoleCode as R
    from fazhi.accounts.roles import grant

    content = [
        f"laws.{action}_{model}"
        for model in ("interpretation", "mustknowlist", "mustknowitem")
        for action in ("view", "add", "change")
    ]
    grant(R.EDITOR, *content)
    grant(R.REVIEWER, *content)
    grant(R.LEADER, "laws.view_*")
    grant(R.EVALUATOR, "laws.view_*")
