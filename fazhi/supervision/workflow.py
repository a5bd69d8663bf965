"""Plan supervision (督察督办), declared once: the progress report's review, the 督办 notice's reply, and the clocks
that time them and the stalled rule.

A progress report is submitted (``services.report_submit``, not a step: it creates the report and starts the review
clock with ``begin``), then a reviewer accepts it (its percentage and milestone then count) or returns it with a
comment. A 督办 notice is issued (``services.notice_issue``, not a step) with the reply date its issuer chooses, and
the responsible organisation replies once. A task's own deadline is set by its planner, not by a clock.

No provision in the library times any of this. The plan (data/plan/plan.txt, 七、加强组织保障,
clauses (二十六)–(三十) and its closing paragraph) asks the city's 依法治市办 to 抓好督察督办 and brings
法治社会建设 into the 法治督察 mechanism ((二十九)), without time limits. 政府督查工作条例 (2020) asks government
督查 to 严格控制督查频次和时限 (第十五条) but sets no number for reviewing reports or answering a 督办, and it
governs the 督查 of people's governments, not the Party committee office's 法治督察. So every clock here is the
city office's policy, labelled so, with this note.

Supervision's records are not citizen matters: no MatterEvent history; a step is recorded by saving the record
(audited) and the services notify the people concerned.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fazhi.supervision import services
from fazhi.supervision.choices import NoticeStatus, ReportStatus
from fazhi.supervision.models import STALLED_CLOCK, ProgressReport, SupervisionNotice
from fazhi.workflow.clocks import Clock, Duration, Unit
from fazhi.workflow.declaration import ClockEffect, FieldKind, Step, StepField, Workflow

R, N = ReportStatus, NoticeStatus
POLICY = _(
    "No provision in the library sets this time limit: the plan asks for 督察督办 (规划 (二十九) and its closing "
    "paragraph: 抓好督察督办) without one, and 政府督查工作条例 第十五条 asks only to control 督查时限. The city "
    "office's policy."
)

REVIEW_CLOCK = "supervision.report_review"
NOTICE_CLOCK = "supervision.notice_reply"

CLOCKS = (
    Clock(REVIEW_CLOCK, _("accept or return the progress report"), Duration(10, Unit.WORKING_DAYS), policy_note=POLICY),
    # The issuer chooses the reply date; the clock is started with the calendar days up to it (services.notice_issue),
    # so its amount here is only the date the notice form proposes.
    Clock(NOTICE_CLOCK, _("reply to the supervision notice"), Duration(10), policy_note=POLICY),
    # The stalled rule (models.stalled_q): a task not done with no report accepted for this many days.
    Clock(
        STALLED_CLOCK,
        _("have a progress report accepted on a task in progress (else the task is stalled)"),
        Duration(settings.SUPERVISION_STALLED_DAYS),
        policy_note=POLICY,
    ),
)

REVIEWERS_ONLY = _(
    "You may not review this report: a reviewer whose scope covers the task reviews it, never the person who "
    "submitted it."
)


REPORT_WORKFLOW = Workflow(
    model=ProgressReport,
    states=ReportStatus,
    matter_arg="report",
    final_states=frozenset({R.ACCEPTED, R.RETURNED}),
    initial_clock=REVIEW_CLOCK,
    clocks=CLOCKS,
    record=services.record_step,  # save (audited) and tell the people concerned
    steps=(
        Step(
            "accept",
            pgettext_lazy("progress report step", "Accept"),
            (R.SUBMITTED,),
            R.ACCEPTED,
            perform=services.report_accept,
            fields=(StepField("comment", _("Comment"), FieldKind.LONG_TEXT, required=False, max_length=2000),),
            may=services.may_review,
            refusal=REVIEWERS_ONLY,
            clock_effect=ClockEffect.STOP,
            done=_("Report accepted."),
        ),
        Step(
            "return",
            _("Return"),
            (R.SUBMITTED,),
            R.RETURNED,
            perform=services.report_return,
            fields=(StepField("comment", _("Comment"), FieldKind.LONG_TEXT, max_length=2000),),
            may=services.may_review,
            refusal=REVIEWERS_ONLY,
            clock_effect=ClockEffect.STOP,
            done=_("Report returned."),
        ),
    ),
)

NOTICE_WORKFLOW = Workflow(
    model=SupervisionNotice,
    states=NoticeStatus,
    matter_arg="notice",
    final_states=frozenset({N.REPLIED}),
    initial_clock=NOTICE_CLOCK,
    clocks=CLOCKS,
    record=services.record_step,  # save (audited) and tell the people concerned
    steps=(
        Step(
            "reply",
            _("Send reply"),
            (N.ISSUED,),
            N.REPLIED,
            perform=services.notice_reply,
            fields=(StepField("reply", _("Reply"), FieldKind.LONG_TEXT, max_length=5000),),
            may=services.may_reply,
            refusal=_("Only the responsible organisation may reply to this notice, and not the person who issued it."),
            clock_effect=ClockEffect.STOP,
            done=pgettext_lazy("supervision notice step", "Reply sent."),
        ),
    ),
)
