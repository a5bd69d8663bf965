"""What enforcement registers with the other apps at start-up (called once from ``AppConfig.ready``)."""

from django.utils.translation import gettext_lazy as _


def register() -> None:
    from django.urls import reverse

    from fazhi.attachments.targets import ATTACHABLE
    from fazhi.casework.registry import MatterType, register_matter
    from fazhi.core.portal import MenuEntry, register_menu
    from fazhi.core.setup import DEMO_LOADERS, ReferenceLoader
    from fazhi.enforcement import indicators  # noqa: F401  (registers the reports-answered-on-time indicator)
    from fazhi.enforcement.choices import REPORT_CLOSED
    from fazhi.enforcement.citing import article_uses
    from fazhi.enforcement.demo import create_demo_enforcement
    from fazhi.enforcement.demo_reports import create_demo_reports
    from fazhi.enforcement.models import EnforcementReport
    from fazhi.enforcement.scope import covers_enforcement_body
    from fazhi.enforcement.workflow import REPORT_WORKFLOW
    from fazhi.laws.hooks import ARTICLE_USES
    from fazhi.workflow.declaration import register_workflow

    ARTICLE_USES.append(article_uses)  # an article's page lists the matters, standards and list items applying it
    register_matter(
        MatterType(
            model=EnforcementReport,
            label=_("Report of a violation"),
            title_field="title",
            status_field="status",
            closed_statuses=set(REPORT_CLOSED),
            citizen_url=lambda r: reverse("enforcement:report", kwargs={"number": r.tracking_number}),
            staff_url=lambda r: reverse("enforcement_console:report", kwargs={"pk": r.pk}),
        )
    )
    register_workflow(REPORT_WORKFLOW)
    ATTACHABLE["enforcement.enforcementreport"] = "pk"  # the reporter's photos, content-checked by attachments

    def load_demo(stdout: object = None) -> None:
        create_demo_enforcement(stdout=stdout)
        create_demo_reports(stdout=stdout)

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
            _("Report a violation to an enforcement body"),
            "enforcement:report_new",
            "(十三)",
            _(
                "Report a violation to the 城管 or another enforcement body; you are told the result within 5 "
                "working days."
            ),
        )
    )
    register_menu(
        MenuEntry(
            _("Reports of violations"),
            "enforcement_console:reports",
            console=True,
            permission="enforcement.change_enforcementreport",
            usable=lambda user: covers_enforcement_body(user, "enforcement.change_enforcementreport"),
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
    """A body's staff read its powers and officers and answer the reports sent to it; the legal office
    (reviewers) keeps the catalogue, standards and lists; leaders and evaluators read."""
    from fazhi.accounts.choices import RoleCode as R
    from fazhi.accounts.roles import grant

    grant(R.HANDLER, "enforcement.view_*", "enforcement.change_enforcementreport")
    grant(R.REVIEWER, "enforcement.view_*", "enforcement.add_*", "enforcement.change_*", "enforcement.delete_*")
    grant(R.LEADER, "enforcement.view_*")
    grant(R.EVALUATOR, "enforcement.view_*")
