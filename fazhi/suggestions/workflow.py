"""The people's suggestion, declared once: its states, steps and clocks (上海市人民建议征集若干规定 第十条–第十六条).

登记 → 受理 (or 不予受理) → 转送 to a lead and co-handling organisations → 办理 (notes) → 答复 → 落实转化 → 办结.
The rules require time limits (第十一条: 按照规定的时限要求) but give no numbers, so every clock here is a
policy target labelled as such; 第十四条 asks for speed during emergencies (the fast track).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fazhi.casework.services import matter_workflow
from fazhi.suggestions import services
from fazhi.suggestions.choices import ConversionKind, NoteKind, SuggestionStatus
from fazhi.suggestions.models import Suggestion
from fazhi.workflow.clocks import Clock, Duration, Provision
from fazhi.workflow.declaration import ClockEffect, FieldKind, Step, StepField

S = SuggestionStatus
RULES = "上海市人民建议征集若干规定"
TIME_LIMITS = Provision(RULES, 11)  # 按照规定的时限要求: limits required, numbers left to the organs
FAST_TRACK = Provision(RULES, 14)  # 突发事件应急处置期间 … 及时、快速
POLICY = _("The rules require time limits (第十一条) without setting them: the city office's policy.")
OPEN = (S.REGISTERED, S.ACCEPTED, S.ROUTED, S.HANDLING, S.REPLIED)


def _policy_clock(key: str, label: str, days: int, emergency_days: int) -> Clock:
    return Clock(
        key,
        label,
        Duration(days),
        policy_under=TIME_LIMITS,
        policy_note=POLICY,
        emergency=Duration(emergency_days),
        emergency_basis=FAST_TRACK,
    )


CLOCKS = (
    _policy_clock("suggestions.accept", _("accept the suggestion or say why not"), 5, 1),
    _policy_clock("suggestions.route", _("route the suggestion to the organisations that handle it"), 5, 1),
    _policy_clock("suggestions.answer", _("answer the suggestion"), 60, 15),
    _policy_clock("suggestions.close", _("close the suggestion after the answer"), 30, 10),
)


def _receiver_only(suggestion: Suggestion) -> str:
    return _("Only handlers of %(org)s may take this step.") % {"org": suggestion.organisation}


def _lead_only(suggestion: Suggestion) -> str:
    return _("Only handlers of the lead organisation (%(org)s) may take this step.") % {"org": suggestion.organisation}


NOTE = StepField("note", _("Note to the submitter"), FieldKind.LONG_TEXT, required=False, max_length=5000)
TEXT_5000 = dict(kind=FieldKind.LONG_TEXT, max_length=5000)

SUGGESTION_WORKFLOW = matter_workflow(
    model=Suggestion,
    states=SuggestionStatus,
    matter_arg="suggestion",
    final_states=frozenset({S.CLOSED, S.DECLINED}),
    initial_clock="suggestions.accept",
    clocks=CLOCKS,
    steps=(
        Step(
            "accept",
            _("Accept for handling"),
            (S.REGISTERED,),
            S.ACCEPTED,
            perform=services.suggestion_accept,
            fields=(
                StepField(
                    "emergency",
                    _("Emergency (第十四条): put it on the fast track"),
                    FieldKind.OPTIONAL_BOOLEAN,
                    initial_from="is_emergency",
                ),
                NOTE,
            ),
            may=services.may_handle,
            refusal=_receiver_only,
            clock_effect=ClockEffect.START,
            clock="suggestions.route",
            done=_("Accepted."),
            citizen_hint=_("The receiving organisation accepts the suggestion or tells you why not."),
        ),
        Step(
            "decline",
            _("Do not accept"),
            (S.REGISTERED, S.ACCEPTED),
            S.DECLINED,
            perform=services.suggestion_decline,
            fields=(StepField("reason", _("Why it is not taken as a suggestion"), **TEXT_5000),),
            may=services.may_handle,
            refusal=_receiver_only,
            clock_effect=ClockEffect.STOP,
            done=_("Not accepted; the submitter is told why."),
        ),
        Step(
            "route",
            _("Route to organisations"),
            (S.ACCEPTED, S.ROUTED, S.HANDLING),
            S.ROUTED,
            perform=services.suggestion_route,
            fields=(
                StepField(
                    "lead",
                    _("Lead organisation"),
                    FieldKind.ORGANISATION,
                    help_text=_("Type part of its name, short name or pinyin initials and choose."),
                ),
                StepField(
                    "co_handlers",
                    _("Co-handling organisations"),
                    FieldKind.ORGANISATIONS,
                    required=False,
                    max_length=2000,
                    help_text=_("Choose one or more, one after the other; separate names typed by hand with 、."),
                ),
                StepField("note", _("Instructions"), required=False, max_length=500),
            ),
            may=services.may_handle,
            refusal=_receiver_only,
            clock_effect=ClockEffect.START,
            clock="suggestions.answer",
            done=_("Routed."),
            citizen_hint=_("The suggestion is passed on to the organisations responsible for it (第十一条)."),
        ),
        Step(
            "note",
            _("Add a handling note"),
            (S.ROUTED, S.HANDLING, S.REPLIED),
            perform=services.suggestion_note,
            fields=(
                StepField("kind", _("Kind"), FieldKind.CHOICE, choices=NoteKind, required=False, default=NoteKind.NOTE),
                StepField("text", _("Note"), **TEXT_5000),
            ),
            may=services.may_take_part,
            refusal=_("Only the organisations this suggestion was routed to may add handling notes."),
            done=_("Note added."),
            creates=True,
        ),
        Step(
            "reply",
            _("Send the answer"),
            (S.ROUTED, S.HANDLING),
            S.REPLIED,
            perform=services.suggestion_reply,
            fields=(StepField("text", _("Answer to the submitter"), FieldKind.LONG_TEXT, max_length=10000),),
            may=services.may_handle,
            refusal=_lead_only,
            clock_effect=ClockEffect.START,
            clock="suggestions.close",
            done=_("Answer sent."),
            citizen_hint=_("The lead organisation answers you (第十二条)."),
        ),
        Step(
            "convert",
            _("Record a conversion"),
            (S.HANDLING, S.REPLIED, S.CLOSED),
            perform=services.conversion_add,
            fields=(
                StepField("kind", _("Way"), FieldKind.CHOICE, choices=ConversionKind),
                StepField("description", _("What was done"), FieldKind.LONG_TEXT, max_length=2000),
                StepField(
                    "url",
                    _("Link to the resulting rule, measure or decision"),
                    FieldKind.URL,
                    required=False,
                    max_length=500,
                ),
                StepField("work", _("Or a law in the library (its key)"), FieldKind.LAW, required=False),
            ),
            may=services.may_handle,
            refusal=_lead_only,
            done=_("Conversion recorded."),
            creates=True,
        ),
        Step(
            "close",
            _("Close the suggestion"),
            (S.REPLIED,),
            S.CLOSED,
            perform=services.suggestion_close,
            fields=(StepField("note", _("Closing note"), required=False, max_length=5000),),
            may=services.may_handle,
            refusal=_lead_only,
            clock_effect=ClockEffect.STOP,
            done=_("Closed."),
            citizen_hint=_("The lead organisation closes the suggestion."),
        ),
        Step(
            "commend",
            _("Commend"),
            (S.REPLIED, S.CLOSED),
            perform=services.suggestion_commend,
            fields=(StepField("text", _("Commendation"), max_length=500),),
            may=services.may_handle,
            refusal=_receiver_only,
            done=_("Commended."),
        ),
        Step(
            "emergency",
            _("Fast track"),
            OPEN,
            perform=services.suggestion_set_emergency,
            fields=(
                StepField("emergency", _("Emergency (fast track)"), FieldKind.BOOLEAN, initial_from="is_emergency"),
            ),
            may=services.may_handle,
            refusal=_receiver_only,
            done=_("Fast track updated."),
        ),
    ),
)
