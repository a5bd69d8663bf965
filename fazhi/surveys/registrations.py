"""What surveys registers with the other apps at start-up (called once from ``AppConfig.ready``)."""

from django.utils.translation import gettext_lazy as _


def register() -> None:
    _grant_roles()
    from fazhi.core.setup import DEMO_LOADERS, ReferenceLoader
    from fazhi.surveys.demo import create_citizen_answer, create_demo_survey, create_demo_year_surveys

    DEMO_LOADERS.append(ReferenceLoader("an open population survey", lambda stdout: create_demo_survey()))
    DEMO_LOADERS.append(
        ReferenceLoader("a year of satisfaction surveys", lambda stdout: create_demo_year_surveys(stdout=stdout))
    )
    DEMO_LOADERS.append(ReferenceLoader("the demo citizen's survey answer", create_citizen_answer))
    from fazhi.casework.signals import matter_closed
    from fazhi.core.portal import MenuEntry, register_menu
    from fazhi.surveys import indicators  # noqa: F401  (registers the satisfaction formulas)
    from fazhi.surveys.services import invite_when_matter_closed

    matter_closed.connect(invite_when_matter_closed, dispatch_uid="surveys.invite_when_matter_closed")

    from fazhi.casework.registry import CitizenRecordKind, register_citizen_records
    from fazhi.surveys.mine import my_survey_answers

    register_citizen_records(CitizenRecordKind("surveys.response", _("Surveys I answered"), my_survey_answers))

    register_menu(
        MenuEntry(
            _("Satisfaction surveys"),
            "surveys:list",
            "(二十八)",
            _("Tell us how satisfied you are with the rule of law and public legal services."),
        )
    )
    register_menu(MenuEntry(_("Surveys"), "surveys_console:list", console=True, permission="surveys.view_survey"))


def _grant_roles() -> None:
    """Surveys are run by the supervising office (their results feed the indicators); leaders and evaluators read.
    Service follow-up invitations are sent by the platform when a matter closes, not by its handler."""
    from fazhi.accounts.choices import RoleCode as R
    from fazhi.accounts.roles import grant

    grant(R.REVIEWER, "surveys.view_*", "surveys.add_*", "surveys.change_*")
    grant(R.LEADER, "surveys.view_*")
    grant(R.EVALUATOR, "surveys.view_*")
