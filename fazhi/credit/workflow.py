"""The subject's objection and repair, declared once on the shared workflow (clocks in clocks.py).

**Objection** (异议, 上海市社会信用条例 第三十六条). Every date of the centre counts from the day the objection was
received: submitted (``credit.objection.mark``, 1 工作日) → *mark* (the record shows 异议中; the clock becomes
``credit.objection.decide``, 5 工作日 from receipt) → either the centre decides (*correct*: the record corrected or
deleted by status, with the reason; *uphold*: not corrected, with the reason), or *transfer* to the provider (by 2
工作日 from receipt, shown on the objection) whose ``credit.objection.provider`` (5 工作日 from the transfer) runs
until it decides with the same two steps; the centre is told (第三十六条第二款第二项), the applicant by each step.

**Repair** (信用修复, 第三十八条; 沪营商条例 第六十七条). submitted (the provider reviews, ``credit.repair.review``:
policy, 10 工作日) → *confirm* (the provider's written proof; the centre's ``credit.repair.withdraw``, 3 工作日, starts)
or *refuse* (with reasons) → *withdraw* (the record hidden from the public view, status repaired;
``credit.repair.share``, 3 工作日, starts) → *share* (the result sent to the bodies concerned) → repaired.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.casework.services import matter_workflow
from fazhi.credit import rights
from fazhi.credit.choices import OBJECTION_CLOSED, REPAIR_CLOSED, ObjectionStatus, RepairStatus
from fazhi.credit.clocks import (
    DELETION,
    OBJECTION_DECIDE,
    OBJECTION_MARK,
    OBJECTION_PROVIDER,
    OBJECTION_TRANSFER,
    REPAIR_REVIEW,
    REPAIR_SHARE,
    REPAIR_WITHDRAW,
)
from fazhi.credit.models import TEXT_MAX, Objection, RepairApplication
from fazhi.workflow.declaration import ClockEffect, FieldKind, Step, StepField

OS = ObjectionStatus
RS = RepairStatus


class ObjectionOutcome(models.TextChoices):
    CORRECT = rights.ObjectionOutcome.CORRECT, _("correct the record")
    DELETE = rights.ObjectionOutcome.DELETE, _("delete the record")


def _text(name: str, label: Any, *, required: bool = True, help_text: Any = "") -> StepField:
    return StepField(name, label, FieldKind.LONG_TEXT, required=required, max_length=TEXT_MAX, help_text=help_text)


DECIDING = (OS.MARKED, OS.TRANSFERRED)

OBJECTION_WORKFLOW = matter_workflow(
    model=Objection,
    states=ObjectionStatus,
    matter_arg="objection",
    initial_clock=OBJECTION_MARK.key,
    final_states=frozenset(OBJECTION_CLOSED),
    # The deletion clock times records (第三十七条), not objections: declared here so the time-limit page lists it.
    clocks=(OBJECTION_MARK, OBJECTION_DECIDE, OBJECTION_TRANSFER, OBJECTION_PROVIDER, DELETION),
    steps=(
        Step(
            "mark",
            _("Mark the record as under objection"),
            (OS.SUBMITTED,),
            OS.MARKED,
            perform=rights.objection_mark,
            fields=(_text("note", _("Note to the applicant"), required=False),),
            clock_effect=ClockEffect.START,  # from the day received (rights.objection_mark)
            clock=OBJECTION_DECIDE.key,
            done=_("The record is marked as under objection."),
            citizen_hint=_("The credit centre marks the record as under objection within 1 working day."),
        ),
        Step(
            "transfer",
            _("Transfer to the providing body"),
            (OS.MARKED,),
            OS.TRANSFERRED,
            perform=rights.objection_transfer,
            fields=(_text("note", _("What the provider should check"), required=False),),
            clock_effect=ClockEffect.START,
            clock=OBJECTION_PROVIDER.key,
            done=_("Transferred to the providing body."),
            citizen_hint=_(
                "The credit centre decides within 5 working days of receiving your objection, or transfers it "
                "within 2 working days to the body that provided the record."
            ),
        ),
        Step(
            "correct",
            _("Correct or delete the record"),
            DECIDING,
            OS.CORRECTED,
            perform=rights.objection_correct,
            fields=(
                StepField("outcome", _("Outcome"), FieldKind.CHOICE, choices=ObjectionOutcome),
                _text("reason", _("Reason (told to the applicant)")),
                StepField("title", _("Corrected title"), required=False, max_length=200),
                _text("summary", _("Corrected summary"), required=False),
            ),
            clock_effect=ClockEffect.STOP,
            done=_("The record is corrected and the applicant told."),
            citizen_hint=_("The providing body decides within 5 working days of receiving the transfer."),
        ),
        Step(
            "uphold",
            _("Do not correct: the record is accurate"),
            DECIDING,
            OS.UPHELD,
            perform=rights.objection_uphold,
            fields=(_text("reason", _("Why it is not corrected")),),
            clock_effect=ClockEffect.STOP,
            done=_("The objection is answered: not corrected."),
        ),
    ),
)


def _may_withdraw(user: Any, repair: RepairApplication) -> bool:
    return rights.may_take_repair_step(user, repair, withdrawn=False)


def _may_share(user: Any, repair: RepairApplication) -> bool:
    return rights.may_take_repair_step(user, repair, withdrawn=True)


REPAIR_WORKFLOW = matter_workflow(
    model=RepairApplication,
    states=RepairStatus,
    matter_arg="repair",
    initial_clock=REPAIR_REVIEW.key,
    final_states=frozenset(REPAIR_CLOSED),
    clocks=(REPAIR_REVIEW, REPAIR_WITHDRAW, REPAIR_SHARE),
    steps=(
        Step(
            "confirm",
            _("Confirm the repair (written proof)"),
            (RS.SUBMITTED,),
            RS.PROVIDER_CONFIRMED,
            perform=rights.repair_confirm,
            fields=(
                _text(
                    "proof",
                    _("Written proof of repair"),
                    help_text=_("What the subject did and what the body checked (第三十八条: 信用修复记录的书面证明)."),
                ),
            ),
            clock_effect=ClockEffect.START,
            clock=REPAIR_WITHDRAW.key,
            done=_("Confirmed: the credit centre withdraws the record."),
            citizen_hint=_("The providing body reviews your application and proof."),
        ),
        Step(
            "refuse",
            _("Refuse the repair"),
            (RS.SUBMITTED,),
            RS.REFUSED,
            perform=rights.repair_refuse,
            fields=(_text("reason", _("Reasons (told to the applicant)")),),
            clock_effect=ClockEffect.STOP,
            done=_("The application is refused and the applicant told."),
        ),
        Step(
            "withdraw",
            _("Withdraw the record from the public view"),
            (RS.PROVIDER_CONFIRMED,),
            None,
            perform=rights.repair_withdraw,
            may=_may_withdraw,
            refusal=_("The record is already withdrawn, or you do not handle this application."),
            clock_effect=ClockEffect.START,
            clock=REPAIR_SHARE.key,
            done=_("The record is withdrawn from the public view."),
            citizen_hint=_(
                "The credit centre withdraws the record from the public view within 3 working days of the "
                "provider's proof, then shares the result with the bodies concerned within 3 working days."
            ),
        ),
        Step(
            "share",
            _("Share the result with the bodies concerned"),
            (RS.PROVIDER_CONFIRMED,),
            RS.REPAIRED,
            perform=rights.repair_share,
            may=_may_share,
            refusal=_("Withdraw the record first, or you do not handle this application."),
            fields=(_text("note", _("Note to the applicant"), required=False),),
            clock_effect=ClockEffect.STOP,
            done=_("The result is shared and the applicant told."),
        ),
    ),
)
