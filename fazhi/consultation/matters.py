"""Where comments meet the shared casework foundation (``fazhi.casework``): rate limits, sensitive-word screening,
duplicate detection, the status history shown in 我的办件, and the registration of comments as a kind of matter.

Kept in one module so the rest of the app reaches the foundation one way.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fazhi.casework.abuse import normalise_for_duplicates, screen_or_refuse, throttle
from fazhi.casework.registry import MatterType, register_matter
from fazhi.casework.services import record_event
from fazhi.consultation.choices import CommentStatus

__all__ = ["comment_received", "normalise_for_duplicates", "register", "screen_text", "throttle"]

THROTTLE_SCOPE = "consultation.comment"


def screen_text(text: str) -> list[str]:
    """Sensitive words to flag for the moderator; a blocking word refuses the comment with a message."""
    return screen_or_refuse(text)


def comment_received(comment: Any, *, actor: Any) -> None:
    """Save a new comment with the first clock of its workflow (moderation), add it to its history (我的办件) and
    tell its author, if any. Every later step goes through ``workflow.py``."""
    from fazhi.workflow.engine import begin

    comment.status = CommentStatus.PENDING
    begin(comment)
    record_event(
        comment,
        status=CommentStatus.PENDING,
        actor=actor,
        note="",
        notify_submitter=comment.submitter_id is not None,
        set_deadline=False,
    )


def _moderate(comment: Any, **decision: Any) -> Any:
    """The shared moderation queue's decision, taken as this module's own step (history, notification)."""
    from fazhi.consultation.services import comment_moderate

    return comment_moderate(comment=comment, **decision)


def register() -> None:
    """Comments as a kind of matter, and their workflow (steps and clocks: ``workflow.py``)."""
    from fazhi.consultation.models import Comment
    from fazhi.consultation.workflow import COMMENT_WORKFLOW
    from fazhi.workflow.declaration import register_workflow

    register_matter(
        MatterType(
            model=Comment,
            label=_("Comment on a draft"),
            title_field="text",
            status_field="status",
            closed_statuses={CommentStatus.REJECTED, CommentStatus.ANSWERED},
            citizen_url=lambda c: f"{c.consultation.get_absolute_url()}#mine",
            staff_url=lambda c: f"{reverse('consultation_console:comments', args=[c.consultation_id])}#comment-{c.pk}",
            moderate=_moderate,  # the shared moderation queue takes the workflow's approve/reject steps
        )
    )
    register_workflow(COMMENT_WORKFLOW)
