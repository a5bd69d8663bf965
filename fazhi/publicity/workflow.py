"""The clocks of publicity, and the correction request declared once on the shared workflow.

* ``publicity.publish``: a decision is published within 20 工作日 of being made (市场监督管理行政处罚信息公示规定
  第九条; 政府信息公开条例 第二十六条 gives the same 20 工作日 for government information generally). Started at the
  decision date; a publication after it is recorded as late (``published_on_time``).
* ``publicity.withdraw``: a decision changed, revoked, found unlawful or void is withdrawn within 3 日 with the
  reason (行政处罚法 第四十八条第二款); 公示规定 第十一条 gives 3 工作日 to the market regulators, which is longer in
  every week with a weekend, so the law's 3 日 applies.
* ``publicity.correct``: the party who shows the published information is inaccurate has it corrected
  (公示规定 第十二条: 「应当及时更正」 — no number): the platform's target of 15 工作日 to answer, a policy value.

submitted → corrected (the body corrects the record and says what it changed) | declined (with the reason).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fazhi.casework.services import matter_workflow
from fazhi.publicity import services
from fazhi.publicity.choices import CORRECTION_CLOSED, CorrectionStatus
from fazhi.publicity.clocks import PUBLISH, WITHDRAW
from fazhi.publicity.models import CorrectionRequest
from fazhi.workflow.clocks import Clock, Duration, Provision, Unit
from fazhi.workflow.declaration import ClockEffect, FieldKind, Step, StepField

C = CorrectionStatus
CORRECT = Clock(
    "publicity.correct",
    _("answer the request to correct a published decision"),
    Duration(15, Unit.WORKING_DAYS),
    policy_note=_("The rule says only 「应当及时更正」 (promptly): the platform's target."),
    policy_under=Provision("市场监督管理行政处罚信息公示规定", 12),
)

CORRECTION_WORKFLOW = matter_workflow(
    model=CorrectionRequest,
    states=CorrectionStatus,
    matter_arg="request",
    initial_clock="publicity.correct",
    final_states=frozenset(CORRECTION_CLOSED),
    # The publication clocks time decisions, not requests: declared here so the time-limit page lists them.
    clocks=(CORRECT, PUBLISH, WITHDRAW),
    steps=(
        Step(
            "correct",
            _("Correct the published information"),
            (C.SUBMITTED,),
            C.CORRECTED,
            perform=services.correction_accept,
            fields=(
                StepField(
                    "correction",
                    _("What was corrected"),
                    FieldKind.LONG_TEXT,
                    max_length=2000,
                    help_text=_("Shown with the decision from now on."),
                ),
                StepField(
                    "content", _("Corrected decision content"), FieldKind.LONG_TEXT, required=False, max_length=2000
                ),
                StepField("violation", _("Corrected violation"), FieldKind.LONG_TEXT, required=False, max_length=2000),
            ),
            clock_effect=ClockEffect.STOP,
            done=_("Corrected: the published decision shows the correction."),
            citizen_hint=_("The body checks your evidence and corrects the record or tells you why not."),
        ),
        Step(
            "decline",
            _("Decline: the information is accurate"),
            (C.SUBMITTED,),
            C.DECLINED,
            perform=services.correction_decline,
            fields=(StepField("reason", _("Why it is not corrected"), FieldKind.LONG_TEXT, max_length=2000),),
            clock_effect=ClockEffect.STOP,
            done=_("The request is answered: not corrected."),
        ),
    ),
)
