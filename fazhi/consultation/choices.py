from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fazhi.casework.models import ModerationStatus as Moderation  # noqa: F401  (one vocabulary for moderation)


class ConsultationKind(models.TextChoices):
    DRAFT_LAW = "draft_law", _("draft law or regulation")
    MAJOR_DECISION = "major_decision", _("major administrative decision")


class ConsultationStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("consultation status", "in preparation")
    OPEN = "open", pgettext_lazy("consultation status", "open for comments")
    CLOSED = "closed", pgettext_lazy("consultation status", "closed")
    FEEDBACK = "feedback", pgettext_lazy("consultation status", "feedback published")


#: The statuses in which a consultation (its text, articles and approved comments) is public.
PUBLIC_STATUSES = (ConsultationStatus.OPEN, ConsultationStatus.CLOSED, ConsultationStatus.FEEDBACK)


class Adoption(models.TextChoices):
    ADOPTED = "adopted", _("adopted")
    PARTLY = "partly", _("partly adopted")
    NOT_ADOPTED = "not_adopted", _("not adopted")


class OfflineSource(models.TextChoices):
    FORUM = "forum", _("forum (座谈会)")
    VISIT = "visit", _("visit (走访)")
    LETTER = "letter", _("letter (信函)")
    PHONE = "phone", _("telephone")
    OTHER = "other", _("other")


class CommentStatus(models.TextChoices):
    """A comment's way through the consultation, as its author follows it in 我的办件."""

    PENDING = "pending", pgettext_lazy("comment status", "received, awaiting moderation")
    APPROVED = "approved", pgettext_lazy("comment status", "published")
    REJECTED = "rejected", pgettext_lazy("comment status", "not published")
    ADOPTED = "adopted", pgettext_lazy("comment status", "adopted")
    PARTLY = "partly", pgettext_lazy("comment status", "partly adopted")
    NOT_ADOPTED = "not_adopted", pgettext_lazy("comment status", "not adopted")
    ANSWERED = "answered", pgettext_lazy("comment status", "feedback report published")
