"""What enforcement registers with the other apps at start-up (called once from ``AppConfig.ready``)."""

from django.utils.translation import gettext_lazy as _


def register() -> None:
    from fazhi.core.portal import MenuEntry, register_menu
    from fazhi.core.setup import DEMO_LOADERS, ReferenceLoader
    from fazhi.enforcement.citing import article_uses
    from fazhi.enforcement.demo import create_demo_enforcement
    from fazhi.laws.hooks import ARTICLE_USES

    ARTICLE_USES.append(article_uses)  # an article's page lists the matters, standards and list items applying it

    def load_demo(stdout: object = None) -> None:
        create_demo_enforcement(stdout=stdout)

    DEMO_LOADERS.append(ReferenceLoader("enforcement powers, officers, standards and no-penalty lists", load_demo))
    register_menu(
        MenuEntry(
            _("Administrative enforcement"),
            "enforcement:home",
            "(十三)",
            _(
                "Who enforces what: each body's powers, officers, discretion standards and no-penalty lists; "
                "check whether a minor violation may go unpunished."
            ),
        )
    )
    register_menu(
        MenuEntry(
            _("Enforcement powers and standards"),
            "enforcement_console:matters",
            console=True,
            permission="enforcement.change_enforcementmatter",
        )
    )
    _grant_roles()


def _grant_roles() -> None:
    """A body's staff read its powers and officers; the legal office (reviewers) keeps the catalogue, standards
    and lists; leaders and evaluators read."""
    from fazhi.accounts.choices import RoleCode as R
    from fazhi.accounts.roles import grant

    grant(R.HANDLER, "enforcement.view_*")
    grant(R.REVIEWER, "enforcement.view_*", "enforcement.add_*", "enforcement.change_*", "enforcement.delete_*")
    grant(R.LEADER, "enforcement.view_*")
    grant(R.EVALUATOR, "enforcement.view_*")
