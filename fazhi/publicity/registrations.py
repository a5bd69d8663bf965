"""What publicity registers with the other apps at start-up (called once from ``AppConfig.ready``)."""

from django.utils.translation import gettext_lazy as _


def register() -> None:
    from django.urls import reverse

    from fazhi.casework.registry import MatterType, register_matter
    from fazhi.core.portal import MenuEntry, register_menu
    from fazhi.core.setup import DEMO_LOADERS, ReferenceLoader
    from fazhi.enforcement.scope import covers_enforcement_body
    from fazhi.laws.hooks import ARTICLE_USES
    from fazhi.publicity import indicators  # noqa: F401  (registers the publication-on-time indicator)
    from fazhi.publicity.choices import CORRECTION_CLOSED
    from fazhi.publicity.citing import article_uses
    from fazhi.publicity.demo import create_demo_decisions
    from fazhi.publicity.from_cases import connect as connect_penalty_cases
    from fazhi.publicity.models import CorrectionRequest
    from fazhi.publicity.workflow import CORRECTION_WORKFLOW
    from fazhi.workflow.declaration import register_workflow

    register_matter(
        MatterType(
            model=CorrectionRequest,
            label=_("Request to correct a published decision"),
            title_field="title",
            status_field="status",
            closed_statuses=set(CORRECTION_CLOSED),
            citizen_url=lambda r: reverse("publicity:correction", kwargs={"number": r.tracking_number}),
            staff_url=lambda r: reverse("publicity_console:correction", kwargs={"pk": r.pk}),
        )
    )
    register_workflow(CORRECTION_WORKFLOW)
    ARTICLE_USES.append(article_uses)  # an article's page counts the published decisions citing it
    connect_penalty_cases()  # decisions recorded on penalty cases are published here (publicity/from_cases.py)
    DEMO_LOADERS.append(
        ReferenceLoader("published enforcement decisions", lambda stdout: _ignore(create_demo_decisions(stdout=stdout)))
    )
    register_menu(
        MenuEntry(
            _("Enforcement decisions"),
            "publicity:search",
            "(十三)",
            _("Search the permit, penalty, coercion and levy decisions published by enforcement bodies."),
        )
    )
    register_menu(
        MenuEntry(
            _("Published decisions"),
            "publicity_console:list",
            console=True,
            permission="publicity.view_publisheddecision",
            # only for staff over a body that enforces something (issue #20: show each role what it can use)
            usable=lambda user: covers_enforcement_body(user, "publicity.view_publisheddecision"),
        )
    )
    _grant_roles()


def _grant_roles() -> None:
    """The body's staff publish, withdraw and answer correction requests; leaders and evaluators read."""
    from fazhi.accounts.choices import RoleCode as R
    from fazhi.accounts.roles import grant

    handling = ("publicity.view_*", "publicity.add_*", "publicity.change_*")
    grant(R.HANDLER, *handling)
    grant(R.REVIEWER, *handling)
    grant(R.LEADER, "publicity.view_*")
    grant(R.EVALUATOR, "publicity.view_*")


def _ignore(_value: object) -> None:
    """A loader returns nothing (the count went to stdout)."""
