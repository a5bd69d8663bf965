"""The report of a violation declared once on the shared workflow (上海市城市管理行政执法条例 第二十六条).

submitted ─┬─ answer ──────────────────────────────► answered (result told; rated by the reporter then)
           └─ transfer (why, to whom) ─► transferred ─┬─ answer ─► answered
                                                      └─ transfer (again)

Clocks (both 第二十六条第二款): ``enforcement.report_answer``, 5 工作日 from receipt at the body now
holding it (restarted at each transfer, the competent body's own period); ``enforcement.report_transfer``,
3 工作日 from receipt, the limit a transfer is measured against (``transferred_on_time``).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fazhi.casework.services import matter_workflow
from fazhi.enforcement import reports
from fazhi.enforcement.choices import REPORT_CLOSED, ReportStatus
from fazhi.enforcement.models import EnforcementReport
from fazhi.workflow.declaration import ClockEffect, FieldKind, Step, StepField

S = ReportStatus

REPORT_WORKFLOW = matter_workflow(
    model=EnforcementReport,
    states=ReportStatus,
    matter_arg="report",
    initial_clock=reports.ANSWER.key,
    final_states=frozenset(REPORT_CLOSED),
    clocks=(reports.ANSWER, reports.TRANSFER),
    steps=(
        Step(
            "answer",
            _("Tell the reporter the result"),
            (S.SUBMITTED, S.TRANSFERRED),
            S.ANSWERED,
            perform=reports.report_answer,
            fields=(
                StepField(
                    "result",
                    _("Result of the check"),
                    FieldKind.LONG_TEXT,
                    max_length=2000,
                    help_text=_("What was found and done. The reporter reads it; the reported party never does."),
                ),
            ),
            clock_effect=ClockEffect.STOP,
            done=_("The reporter has been told the result."),
            citizen_hint=_("The body checks your report and tells you the result within 5 working days."),
        ),
        Step(
            "transfer",
            _("Not our remit: transfer to the competent body"),
            (S.SUBMITTED, S.TRANSFERRED),
            S.TRANSFERRED,
            perform=reports.report_transfer,
            fields=(
                StepField("to", _("Competent body"), FieldKind.ORGANISATION),
                StepField(
                    "reason",
                    _("Why it is not our remit"),
                    FieldKind.LONG_TEXT,
                    max_length=2000,
                    help_text=_("Shown to the reporter (第二十六条第二款: 应当向举报人说明情况)."),
                ),
            ),
            clock_effect=ClockEffect.START,
            clock=reports.ANSWER.key,
            done=_("Transferred; the reporter is told why."),
        ),
    ),
)
