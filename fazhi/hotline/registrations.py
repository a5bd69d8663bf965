"""What hotline registers with the other apps at start-up (called once from ``AppConfig.ready``)."""

from django.utils.translation import gettext_lazy as _


def register() -> None:
    _grant_roles()
    from django.urls import reverse

    from fazhi.attachments.targets import ATTACHABLE
    from fazhi.casework.registry import MatterType, register_matter
    from fazhi.core.portal import MenuEntry, register_menu
    from fazhi.core.setup import DEMO_LOADERS, REFERENCE_LOADERS, ReferenceLoader
    from fazhi.hotline import indicators  # noqa: F401  (registers the hotline's indicator formulas)
    from fazhi.hotline.catalogue import load_catalogue, load_departments
    from fazhi.hotline.choices import CLOSED_STATUSES, WAITING_STATUSES
    from fazhi.hotline.demo import create_citizen_ticket, create_demo_tickets
    from fazhi.hotline.models import Ticket
    from fazhi.hotline.workflow import HOTLINE_WORKFLOW
    from fazhi.workflow.declaration import register_workflow

    register_matter(
        MatterType(
            model=Ticket,
            label=_("12345 hotline ticket"),
            title_field="title",
            status_field="status",
            closed_statuses=set(CLOSED_STATUSES),
            citizen_url=lambda t: reverse("hotline:detail", kwargs={"number": t.tracking_number}),
            staff_url=lambda t: reverse("hotline_console:detail", kwargs={"pk": t.pk}),
            # The reply awaits the citizen's confirmation: no staff deadline; `fazhi hotline sweep` closes it
            # as unconfirmed after HOTLINE_CONFIRM_DAYS.
            waiting_statuses=WAITING_STATUSES,
            list_fields=("description",),  # the title is its first words
        )
    )
    register_workflow(HOTLINE_WORKFLOW)  # steps and clocks: hotline/workflow.py
    ATTACHABLE["hotline.ticket"] = "tracking_number"  # photos of the problem, content-checked by attachments
    REFERENCE_LOADERS.append(ReferenceLoader("hotline categories", load_catalogue))
    REFERENCE_LOADERS.append(ReferenceLoader("departments handling hotline categories", load_departments))
    DEMO_LOADERS.append(ReferenceLoader("a year of 12345 tickets", lambda stdout: create_demo_tickets(stdout=stdout)))
    DEMO_LOADERS.append(ReferenceLoader("the demo citizen's 12345 ticket", create_citizen_ticket))
    register_menu(
        MenuEntry(
            _("12345 hotline"),
            "hotline:submit",
            "(十二)",
            _("Report a problem to the 12345 citizen service hotline and follow it to its reply."),
        )
    )
    register_menu(
        MenuEntry(_("Hotline tickets"), "hotline_console:list", console=True, permission="hotline.view_ticket")
    )
    register_menu(
        MenuEntry(_("Hotline intake (phone)"), "hotline_console:intake", console=True, permission="hotline.add_ticket")
    )


def _grant_roles() -> None:
    """The 12345 centre registers calls and dispatches; the organisation a ticket is dispatched to handles it
    (reply, re-dispatch within its area, return to the centre, link); the city office keeps the catalogue
    (CityWidePolicy); leaders and evaluators read."""
    from fazhi.accounts.choices import RoleCode as R
    from fazhi.accounts.roles import grant

    handling = [
        "hotline.view_servicecategory",
        "hotline.view_categorydepartment",
        "hotline.view_ticket",
        "hotline.change_ticket",
        *(f"hotline.{action}_{model}" for model in ("dispatch", "ticketlink") for action in ("view", "add", "change")),
    ]
    grant(R.HANDLER, *handling)
    grant(R.OPERATOR, *handling, "hotline.add_ticket")  # intake: a call becomes a ticket
    grant(
        R.REVIEWER,
        *handling,
        *(
            f"hotline.{action}_{model}"
            for model in ("servicecategory", "categorydepartment")
            for action in ("add", "change")
        ),
    )
    grant(R.LEADER, "hotline.view_*")
    grant(R.EVALUATOR, "hotline.view_*")
