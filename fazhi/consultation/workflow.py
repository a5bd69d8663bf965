"""A comment on a draft, declared once: its states, steps and clocks.

received (待审核) → published (发布) or not published (不予发布, with the reason) → adopted / partly adopted / not
adopted (采纳, 部分采纳, 不予采纳, always with the reason; may be re-marked) → feedback report published (反馈).

No provision in the library times either step: 立法法 第四十条 asks that the outcome of a consultation be made known
(征求意见的情况应当向社会通报) and 重大行政决策程序暂行条例 第十八条 and 第三十二条 that reasonable comments be
adopted and the adoption explained when the decision is published (及时公布), none with a number of days. Both clocks
are therefore policy targets, labelled as such.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from fazhi.casework.services import matter_workflow
from fazhi.consultation import services
from fazhi.consultation.choices import Adoption, CommentStatus
from fazhi.consultation.models import Comment
from fazhi.workflow.clocks import Clock, Duration, Provision
from fazhi.workflow.declaration import ClockEffect, FieldKind, Step, StepField

S = CommentStatus

MODERATE = Clock(
    services.MODERATE_CLOCK,
    _("publish the comment or say why not"),
    Duration(3),
    policy_note=_("No provision in the library times the moderation of comments: the city office's policy."),
    emergency=Duration(1),
)
FEEDBACK = Clock(
    services.FEEDBACK_CLOCK,
    _("publish the feedback report on the comment"),
    Duration(30),
    policy_under=Provision("重大行政决策程序暂行条例", 32),
    policy_note=_(
        "The adoption of public comments is to be explained when the decision is published (及时公布; 立法法 第四十条: "
        "征求意见的情况应当向社会通报), without a number of days: the city office's policy, counted from the decision "
        "or, while the consultation is still open, from its close."
    ),
)


def _staff_only(comment: Comment) -> Any:
    return _("Only the staff of %(org)s may handle the comments on this consultation.") % {"org": comment.organisation}


def _answer_refusal(comment: Comment) -> Any:
    if not services.feedback_published(comment):
        return _("Publish the feedback report on the consultation first: answering a comment is part of it.")
    return _staff_only(comment)


COMMENT_WORKFLOW = matter_workflow(
    model=Comment,
    states=CommentStatus,
    matter_arg="comment",
    final_states=frozenset({S.REJECTED, S.ANSWERED}),
    initial_clock=MODERATE.key,
    clocks=(MODERATE, FEEDBACK),
    steps=(
        Step(
            "approve",
            _("Publish"),
            (S.PENDING,),
            S.APPROVED,
            perform=services.comment_approve,
            fields=(StepField("note", _("Note"), required=False, max_length=500),),
            may=services.may_handle,
            refusal=_staff_only,
            clock_effect=ClockEffect.STOP,  # the decisions come once the comments are in
            done=_("Comment published."),
            citizen_hint=_("The organisation running the consultation publishes your comment or tells you why not."),
        ),
        Step(
            "reject",
            _("Do not publish"),
            (S.PENDING,),
            S.REJECTED,
            perform=services.comment_reject,
            fields=(StepField("note", _("Reason"), max_length=500, help_text=_("The author is told.")),),
            may=services.may_handle,
            refusal=_staff_only,
            clock_effect=ClockEffect.STOP,
            done=_("Comment not published; the author is told why."),
        ),
        Step(
            "adoption",
            _("Mark adoption"),
            services.MARKABLE,
            None,  # the decision chosen: adopted, partly adopted or not adopted
            perform=services.comment_mark_adoption,
            fields=(
                StepField("adoption", _("Adoption"), FieldKind.CHOICE, choices=Adoption),
                StepField("reason", _("Reason"), FieldKind.LONG_TEXT, max_length=2000),
            ),
            may=services.may_handle,
            refusal=_staff_only,
            clock_effect=ClockEffect.START,  # the first decision; a changed decision keeps the feedback's deadline
            clock=FEEDBACK.key,
            done=_("Adoption marked."),
        ),
        Step(
            "answer",
            _("Answer with the feedback report"),
            services.MARKABLE,
            S.ANSWERED,
            perform=services.comment_answer,
            fields=(StepField("note", _("Note to the author"), FieldKind.LONG_TEXT, required=False, max_length=2000),),
            may=services.may_answer,
            refusal=_answer_refusal,
            clock_effect=ClockEffect.STOP,
            done=_("The author is told that the feedback report is published."),
            citizen_hint=_("The feedback report on the consultation tells you what became of your comment."),
        ),
    ),
)
