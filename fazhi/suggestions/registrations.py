"""What suggestions registers with the other apps at start-up (called once from ``AppConfig.ready``)."""

from django.utils.translation import gettext_lazy as _


def register() -> None:
    _grant_roles()
    from django.urls import reverse

    from fazhi.attachments.targets import ATTACHABLE
    from fazhi.casework.registry import MatterType, register_matter
    from fazhi.core.portal import MenuEntry, register_menu
    from fazhi.core.setup import DEMO_LOADERS, ReferenceLoader
    from fazhi.suggestions import indicators  # noqa: F401  (registers the indicator formulas)
    from fazhi.suggestions.choices import CLOSED_STATUSES
    from fazhi.suggestions.demo import create_citizen_suggestion, create_demo_suggestions
    from fazhi.suggestions.models import Suggestion
    from fazhi.suggestions.workflow import SUGGESTION_WORKFLOW
    from fazhi.workflow.declaration import register_workflow

    register_matter(
        MatterType(
            model=Suggestion,
            label=_("People's suggestion"),
            title_field="theme",
            closed_statuses=CLOSED_STATUSES,
            # an anonymous submission has no personal page: the tracking page is all there is
            citizen_url=lambda s: reverse("suggestions:mine", args=[s.tracking_number]) if s.submitter_id else "",
            staff_url=lambda s: reverse("suggestions_console:detail", args=[s.pk]),
        )
    )
    register_workflow(SUGGESTION_WORKFLOW)  # steps and clocks: suggestions/workflow.py
    ATTACHABLE["suggestions.suggestion"] = "pk"  # the submitter's files
    DEMO_LOADERS.append(
        ReferenceLoader("a year of people's suggestions", lambda stdout: create_demo_suggestions(stdout=stdout))
    )
    DEMO_LOADERS.append(ReferenceLoader("the demo citizen's suggestion", create_citizen_suggestion))
    register_menu(
        MenuEntry(
            _("People's suggestions"),
            "suggestions:home",
            "(十二)",
            _("Make a suggestion for the city, take part in thematic solicitations, read answered suggestions."),
        )
    )
    register_menu(
        MenuEntry(_("Suggestions"), "suggestions_console:list", console=True, permission="suggestions.view_suggestion")
    )
    register_menu(
        MenuEntry(
            _("Solicitations"),
            "suggestions_console:solicitations",
            console=True,
            permission="suggestions.change_solicitation",
        )
    )


def _grant_roles() -> None:
    """Handlers take the steps on the suggestions routed to their organisation; the office also runs thematic
    solicitations and converts suggestions; leaders and evaluators read."""
    from fazhi.accounts.choices import RoleCode as R
    from fazhi.accounts.roles import grant

    grant(
        R.HANDLER,
        "suggestions.view_*",
        "suggestions.change_suggestion",
        *(
            f"suggestions.{action}_{model}"
            for model in ("suggestionroute", "handlingnote", "conversion")
            for action in ("add", "change")
        ),
    )
    grant(R.REVIEWER, "suggestions.view_*", "suggestions.add_*", "suggestions.change_*")
    grant(R.LEADER, "suggestions.view_*")
    grant(R.EVALUATOR, "suggestions.view_*")
