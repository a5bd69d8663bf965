"""The 12345 ticket, declared once: its states, steps and clocks.

registered → dispatch (派发; again to re-dispatch, with a reason; the organisation it went to may return it to
the centre, 退回, with a reason) → reply (答复) → the reporter confirms and rates
(办结), or reopens (重办) and the handlers reply again; an anonymous ticket closes with its reply. Staff link related
tickets and merge a duplicate into the ticket that goes on. Two things happen outside the steps: intake (a new
ticket starts its first clock with ``begin``), and ``fazhi hotline sweep``, which closes a reply nobody confirmed.

No regulation in the library sets 12345 time limits (Shanghai has no 12345 regulation; the State Council's
guidance on hotlines sets none): the clocks are the hotline centre's policy. A category's own limit
(``ServiceCategory.time_limit_days``) replaces the handling clock's amount (``services.handling_amount``). While a
reply waits for the reporter's confirmation no clock runs: the ticket waits for the citizen, not for staff. The
clock's label says what the citizen waits for (dispatch, or handling and reply), so the steps carry no hint.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fazhi.casework.services import matter_workflow
from fazhi.hotline import services
from fazhi.hotline.choices import AWAITING_REPLY, CLOSED_STATUSES, REOPENABLE_CLOSED, TicketStatus
from fazhi.hotline.models import DESCRIPTION_MAX_LENGTH, Ticket
from fazhi.workflow.clocks import Clock, Duration
from fazhi.workflow.declaration import ClockEffect, FieldKind, Step, StepField

T = TicketStatus
POLICY = _("No regulation in the library sets 12345 time limits: the hotline centre's policy.")

CLOCKS = (
    Clock(
        "hotline.dispatch",
        _("dispatch the ticket to the organisation responsible"),
        Duration(1),
        policy_note=POLICY,
        emergency=Duration(1),
    ),
    Clock("hotline.handle", _("handle the ticket and reply"), Duration(5), policy_note=POLICY, emergency=Duration(1)),
)


def _handled_by(ticket: Ticket) -> str:
    return _("This ticket is handled by %(org)s: only its staff may reply.") % {"org": ticket.organisation or "—"}


def _reporter(user, ticket: Ticket) -> bool:
    return services.is_reporter(user, ticket)


REPORTER_ONLY = _("Only the person who reported this ticket may confirm, rate or reopen it.")
NUMBER = dict(kind=FieldKind.TEXT, max_length=24)

HOTLINE_WORKFLOW = matter_workflow(
    model=Ticket,
    states=TicketStatus,
    matter_arg="ticket",
    final_states=frozenset(CLOSED_STATUSES),
    initial_clock="hotline.dispatch",
    clocks=CLOCKS,
    steps=(
        Step(
            "dispatch",
            _("Dispatch or re-dispatch"),
            AWAITING_REPLY,
            T.DISPATCHED,
            perform=services.ticket_dispatch,
            fields=(
                StepField(
                    "organisation",
                    _("Send to"),
                    FieldKind.ORGANISATION,
                    help_text=_("Type part of its name, short name or pinyin initials and choose."),
                ),
                StepField(
                    "reason",
                    _("Reason"),
                    required=False,
                    max_length=500,
                    help_text=_("Required when the ticket was routed wrongly and goes elsewhere."),
                ),
            ),
            may=services.may_handle,
            refusal=_("Only staff handling this ticket may dispatch it."),
            clock_effect=ClockEffect.START,  # with the category's own limit (services.handling_amount)
            clock="hotline.handle",
            done=_("Dispatched."),
        ),
        Step(
            "return",
            _("Return to the hotline centre (退回)"),
            (T.DISPATCHED, T.REOPENED),
            T.REGISTERED,
            perform=services.ticket_return,
            fields=(
                StepField(
                    "reason",
                    _("Why it is returned"),
                    FieldKind.LONG_TEXT,
                    max_length=500,
                    help_text=_(
                        "E.g. not within our responsibilities, or the address lies outside our area; the centre "
                        "dispatches it again. The hotline centre's policy: no regulation in the library governs "
                        "returning a ticket."
                    ),
                ),
            ),
            may=services.may_handle,
            refusal=_("Only staff handling this ticket may return it."),
            clock_effect=ClockEffect.START,  # the centre's dispatch clock starts afresh
            clock="hotline.dispatch",
            done=_("Returned to the hotline centre."),
        ),
        Step(
            "reply",
            _("Send the reply"),
            AWAITING_REPLY,
            T.REPLIED,  # an anonymous ticket: closed (services.ticket_reply)
            perform=services.ticket_reply,
            fields=(
                StepField("text", _("Reply to the reporter"), FieldKind.LONG_TEXT, max_length=DESCRIPTION_MAX_LENGTH),
            ),
            may=services.may_handle,
            refusal=_handled_by,
            clock_effect=ClockEffect.STOP,  # the reply waits for the citizen: no staff deadline
            done=pgettext_lazy("ticket step", "Reply sent."),
        ),
        Step(
            "confirm",
            _("Confirm and rate"),
            (T.REPLIED,),
            T.CLOSED,
            perform=services.ticket_confirm,
            fields=(
                StepField(
                    "rating",
                    _("How satisfied are you with the handling?"),
                    FieldKind.INTEGER,
                    min_value=1,
                    max_value=5,
                    help_text=_("1: very dissatisfied … 5: very satisfied."),
                ),
                StepField("comment", _("Comment (optional)"), required=False, max_length=500),
            ),
            may=_reporter,
            refusal=REPORTER_ONLY,
            clock_effect=ClockEffect.STOP,
            done=_("Thank you: your rating was recorded and the ticket is closed."),
        ),
        Step(
            "reopen",
            _("Reopen the ticket"),
            (T.REPLIED, *REOPENABLE_CLOSED),
            T.REOPENED,
            perform=services.ticket_reopen,
            fields=(StepField("reason", _("What is still wrong?"), FieldKind.LONG_TEXT, max_length=500),),
            may=_reporter,
            refusal=REPORTER_ONLY,
            clock_effect=ClockEffect.START,  # with the category's own limit (services.handling_amount)
            clock="hotline.handle",
            done=_("The ticket was reopened and sent back to its handlers."),
        ),
        Step(
            "link",
            _("Link another ticket"),
            tuple(TicketStatus.values),
            perform=services.ticket_link,
            fields=(
                StepField("other", _("Tracking number of the other ticket"), **NUMBER),
                StepField("note", _("Note"), required=False, max_length=300),
            ),
            may=services.may_handle,
            refusal=services.handled_elsewhere,
            done=_("Linked."),
            creates=True,
        ),
        Step(
            "merge",
            _("Merge into another ticket"),
            (T.REGISTERED, T.DISPATCHED, T.REPLIED, T.REOPENED),
            T.MERGED,
            perform=services.ticket_merge_into,
            fields=(
                StepField(
                    "into",
                    _("Tracking number of the ticket it duplicates"),
                    help_text=_("This ticket closes as merged; its reporter hears the outcome of the other."),
                    **NUMBER,
                ),
            ),
            may=services.may_handle,
            refusal=services.handled_elsewhere,
            clock_effect=ClockEffect.STOP,
            done=_("Merged; its reporter will hear the outcome of the other ticket."),
        ),
    ),
)
