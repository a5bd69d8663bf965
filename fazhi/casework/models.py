"""What every citizen matter shares: a tracking number, a handling organisation, a status with a deadline and a
timestamped history; and what public text shares: moderation before it is shown.

A module's matter model (a people's suggestion, a 12345 work order, a comment on a draft) inherits
:class:`Matter` (and :class:`Moderated` when its text can be published) next to ``BaseModel``, and registers
itself with :func:`fazhi.casework.registry.register_matter` so that it appears in 我的办件 and the staff queues.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fazhi.core.models import BaseModel
from fazhi.core.permissions import CityWidePolicy, OwnerOnlyPolicy, RestrictedQuerySet
from fazhi.workflow.models import ClockedModel

# Crockford's base32 without I, L, O, U: readable over the phone, no ambiguous characters.
_TRACKING_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_tracking_number(prefix: str) -> str:
    """``JY20261127-4F7K2Q``: the kind, the day, and six random characters (32⁶ ≈ 10⁹ a day per kind)."""
    day = timezone.localdate().strftime("%Y%m%d")
    return f"{prefix}{day}-{''.join(secrets.choice(_TRACKING_ALPHABET) for _ in range(6))}"


class Matter(ClockedModel):
    """Abstract: a citizen's matter handled by an organisation within a time limit (its clock: ``ClockedModel``)."""

    #: Two or three capital letters that start this kind's tracking numbers (JY 建议, GD 工单, YJ 意见).
    tracking_prefix: str = "MT"

    tracking_number = models.CharField(_("tracking number"), max_length=24, unique=True, editable=False)
    submitter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("submitter"),
        help_text=_("Empty for an anonymous submission, which gets no personal reply."),
    )
    organisation = models.ForeignKey(
        "orgs.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("handling organisation"),
    )
    is_emergency = models.BooleanField(_("emergency"), default=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    overdue_alerted_at = models.DateTimeField(null=True, blank=True, editable=False)
    escalated_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if not self.tracking_number:
            self.tracking_number = new_tracking_number(self.tracking_prefix)
        super().save(*args, **kwargs)

    @property
    def is_overdue(self) -> bool:
        """Past its deadline and waiting for staff (a matter waiting for its submitter is never late)."""
        from fazhi.casework.registry import matter_type_of

        if self.closed_at is not None or self.due_at is None or self.due_at >= timezone.now():
            return False
        matter_type = matter_type_of(self)
        return getattr(self, matter_type.status_field) not in matter_type.waiting_statuses


class ModerationStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("moderation status", "awaiting moderation")
    APPROVED = "approved", pgettext_lazy("moderation status", "approved for publication")
    REJECTED = "rejected", pgettext_lazy("moderation status", "not published")


class Moderated(models.Model):
    """Abstract: text that is shown publicly only after a moderator approved it."""

    moderation = models.CharField(
        _("moderation"), max_length=12, choices=ModerationStatus.choices, default=ModerationStatus.PENDING
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("moderated by"),
        editable=False,
    )
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True, editable=False)
    moderation_note = models.CharField(_("moderation note"), max_length=500, blank=True)
    flagged_words = models.CharField(
        _("flagged words"), max_length=500, blank=True, help_text=_("Sensitive words found when it was submitted.")
    )

    class Meta:
        abstract = True


class MatterEvent(models.Model):
    """One step in a matter's history: what it became, when, who did it, and what the submitter is told.

    Append-only (never edited); the matter's own audit entries record the field changes, this records the story
    told in 我的办件 and on the staff timeline. ``submitter`` is copied from the matter so that a citizen's whole
    history is one indexed query.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    matter = GenericForeignKey("content_type", "object_id")
    submitter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="matter_events"
    )
    status = models.CharField(_("status"), max_length=32)
    status_label = models.CharField(_("status"), max_length=100)
    note = models.TextField(_("note"), blank=True, max_length=5000)
    public_note = models.BooleanField(
        _("shown to the submitter"), default=True, help_text=_("Internal notes stay on the staff timeline.")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    policy = OwnerOnlyPolicy(owner="submitter", owner_actions=("view",))
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ("at", "pk")
        verbose_name = _("matter event")
        verbose_name_plural = _("matter events")
        indexes = (
            models.Index(fields=("content_type", "object_id", "at")),
            models.Index(fields=("submitter", "at")),
        )

    def __str__(self) -> str:
        return f"{self.label} @ {self.at:%Y-%m-%d %H:%M}"

    @property
    def label(self) -> str:
        """The status in the reader's language, by its kind's current wording (``status_label`` keeps the words
        written at the time: a label corrected later — 已截止 → 已办结 — shows corrected on old events too)."""
        from fazhi.casework.registry import MATTER_TYPES

        model = ContentType.objects.get_for_id(self.content_type_id).model_class()
        matter_type = MATTER_TYPES.get(model._meta.label_lower) if model is not None else None
        if matter_type is None:
            return self.status_label
        return matter_type.status_label(self.status)


class SensitiveWord(BaseModel):
    """A word that holds a submission for a moderator (``flag``) or refuses it outright (``block``)."""

    class Action(models.TextChoices):
        FLAG = "flag", _("hold for moderation")
        BLOCK = "block", _("refuse the submission")

    word = models.CharField(_("word"), max_length=50, unique=True)
    action = models.CharField(_("action"), max_length=8, choices=Action.choices, default=Action.FLAG)
    is_active = models.BooleanField(_("active"), default=True)

    policy = CityWidePolicy()

    class Meta:
        ordering = ("word",)
        verbose_name = _("sensitive word")
        verbose_name_plural = _("sensitive words")

    def __str__(self) -> str:
        return self.word
