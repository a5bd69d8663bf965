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
from fazhi.workflow.clocks import Clock, Duration, register_clock

__all__ = ["comment_event", "normalise_for_duplicates", "register", "screen_text", "throttle"]

THROTTLE_SCOPE = "consultation.comment"


def screen_text(text: str) -> list[str]:
    """Sensitive words to flag for the moderator; a blocking word refuses the comment with a message."""
    return screen_or_refuse(text)


def comment_event(comment: Any, *, status: str, actor: Any, note: str) -> None:
    """Move the comment to ``status``, add the step to its history (我的办件) and tell its author, if any."""
    record_event(comment, status=status, actor=actor, note=note, notify_submitter=comment.submitter_id is not None)


def _moderate(comment: Any, **decision: Any) -> Any:
    """The shared moderation queue's decision, taken as this module's own step (history, notification)."""
    from fazhi.consultation.services import comment_moderate

    return comment_moderate(comment=comment, **decision)


MODERATE = Clock(
    "consultation.moderate",
    _("publish the comment or say why not"),
    Duration(3),
    policy_note=_("No provision in the library times the moderation of comments: the city office's policy."),
    emergency=Duration(1),
)


def register() -> None:
    from fazhi.consultation.models import Comment

    register_clock(MODERATE)

    register_matter(
        MatterType(
            model=Comment,
            label=_("Comment on a draft"),
            title_field="text",
            status_field="status",
            closed_statuses={CommentStatus.REJECTED, CommentStatus.ANSWERED},
            citizen_url=lambda c: f"{c.consultation.get_absolute_url()}#mine",
            staff_url=lambda c: f"{reverse('consultation_console:comments', args=[c.consultation_id])}#comment-{c.pk}",
            status_clocks={CommentStatus.PENDING: MODERATE.key},  # moderated within 3 days (policy)
            moderate=_moderate,
        )
    )
