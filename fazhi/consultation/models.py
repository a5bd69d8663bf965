"""Draft-law and major-decision consultation (立法征求意见): a draft parsed into articles, comments on it from
citizens and from grassroots legislative contact points (基层立法联系点), moderation, clustering, adoption and the
published feedback report.

A consultation belongs to the organisation that runs it: its staff edit it and handle its comments. Once opened it
is public, and so are its articles and the comments a moderator approved.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.casework.models import Matter, Moderated, ModerationStatus
from fazhi.consultation.choices import (
    PUBLIC_STATUSES,
    Adoption,
    CommentStatus,
    ConsultationKind,
    ConsultationStatus,
    OfflineSource,
)
from fazhi.core.models import BaseModel
from fazhi.core.permissions import VIEW, ScopedPolicy, scopes_for

COMMENT_MAX_LENGTH = 5000


class Consultation(BaseModel):
    """A draft law/regulation or a major decision put out for public comment, with its open window."""

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=16, choices=ConsultationKind.choices, default=ConsultationKind.DRAFT_LAW
    )
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="consultations", verbose_name=_("run by")
    )
    explanation = models.TextField(_("explanation of the draft (起草说明)"), blank=True)
    draft_text = models.TextField(_("draft text"), blank=True)
    parse_report = models.JSONField(_("parse report"), default=list, blank=True, editable=False)
    opens_on = models.DateField(_("open from"))
    closes_on = models.DateField(_("open until"))
    allow_anonymous = models.BooleanField(
        _("anonymous comments allowed"),
        default=False,
        help_text=_("Visitors who are not signed in may comment; they get no personal reply."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ConsultationStatus.choices, default=ConsultationStatus.DRAFT, db_index=True
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    feedback_report = models.TextField(_("feedback report"), blank=True)
    feedback_published_at = models.DateTimeField(_("feedback published at"), null=True, blank=True, editable=False)
    law = models.ForeignKey(
        "laws.Work",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultations",
        verbose_name=_("resulting law"),
    )

    # Staff of the running organisation's scope; everyone once it is opened.
    policy = ScopedPolicy(org_field="organisation", public=Q(status__in=PUBLIC_STATUSES), public_actions=(VIEW,))

    class Meta:
        ordering = ("-opens_on", "-pk")
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        constraints = (
            models.CheckConstraint(condition=Q(closes_on__gte=models.F("opens_on")), name="consultation_window_order"),
        )

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("consultation:detail", kwargs={"pk": self.pk})

    def get_console_url(self) -> str:
        return reverse("consultation_console:detail", kwargs={"pk": self.pk})

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def accepting_comments(self) -> bool:
        today = timezone.localdate()
        return self.status == ConsultationStatus.OPEN and self.opens_on <= today <= self.closes_on


class DraftArticle(BaseModel):
    """One article (条) of the draft, as the law library's parser read it from the imported text."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="articles")
    position = models.PositiveIntegerField(_("position"))
    number = models.PositiveIntegerField(_("number"))
    suffix = models.PositiveSmallIntegerField(_("suffix"), default=0, help_text=_("1 for 之一, 2 for 之二 …"))
    label = models.CharField(_("label"), max_length=40)
    heading = models.CharField(_("chapter and section"), max_length=300, blank=True)
    text = models.TextField(_("text"))

    policy = ScopedPolicy(
        org_field="consultation__organisation",
        public=Q(consultation__status__in=PUBLIC_STATUSES),
        public_actions=(VIEW,),
    )

    class Meta:
        ordering = ("consultation", "position")
        verbose_name = _("draft article")
        verbose_name_plural = _("draft articles")
        constraints = (
            models.UniqueConstraint(fields=("consultation", "number", "suffix"), name="unique_draft_article"),
        )

    def __str__(self) -> str:
        return self.label

    @property
    def anchor(self) -> str:
        return f"art-{self.number}" + (f"-{self.suffix}" if self.suffix else "")

    def get_absolute_url(self) -> str:
        return f"{self.consultation.get_absolute_url()}#{self.anchor}"


class CommentCluster(BaseModel):
    """Similar comments grouped (automatically, then by hand) so staff can answer them together."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="clusters")
    title = models.CharField(_("title"), max_length=200)
    is_manual = models.BooleanField(
        _("arranged by hand"), default=False, help_text=_("Re-clustering leaves clusters arranged by hand alone.")
    )

    policy = ScopedPolicy(org_field="consultation__organisation")

    class Meta:
        ordering = ("consultation", "pk")
        verbose_name = _("comment cluster")
        verbose_name_plural = _("comment clusters")

    def __str__(self) -> str:
        return self.title


class CommentPolicy(ScopedPolicy):
    """The running organisation's staff handle comments; a contact point's staff also see the ones it entered;
    authors see their own; everyone sees approved comments of a public consultation."""

    def filter(self, queryset: models.QuerySet, user: Any, action: str) -> models.QuerySet:
        allowed = super().filter(queryset, user, action)
        if action != VIEW:
            return allowed
        scopes = scopes_for(user, "consultation.add_comment")
        if not scopes or not isinstance(scopes, list):
            return allowed  # none, or everywhere (then super() already returned everything it may)
        entered = Q(pk__in=[])
        for path in scopes:
            entered |= Q(contact_point__path__startswith=path)
        return queryset.filter(Q(pk__in=allowed.values("pk")) | entered)


class Comment(Matter, Moderated, BaseModel):
    """A comment on the whole draft or on one article: a citizen's (signed in or, where allowed, anonymous) or
    one that a contact point gathered offline and entered with its source.

    A matter (tracking number, history in 我的办件; ``submitter`` is the author, empty when anonymous or gathered
    offline) handled by the consultation's organisation, moderated before it is shown.
    """

    tracking_prefix = "YJ"

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="comments")
    article = models.ForeignKey(
        DraftArticle,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="comments",
        verbose_name=_("article"),
        help_text=_("Empty: a comment on the whole draft."),
    )
    text = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH)
    status = models.CharField(
        _("status"), max_length=12, choices=CommentStatus.choices, default=CommentStatus.PENDING, db_index=True
    )
    # Offline comments (基层立法联系点): who gathered them, how, when and from how many people.
    contact_point = models.ForeignKey(
        "orgs.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("contact point"),
    )
    source = models.CharField(_("source"), max_length=12, choices=OfflineSource.choices, blank=True)
    source_date = models.DateField(_("gathered on"), null=True, blank=True)
    participants = models.PositiveIntegerField(_("number of people"), null=True, blank=True)
    source_note = models.CharField(_("source details"), max_length=200, blank=True)
    # The same author (or contact point) giving the same text twice is one comment: see services.dedupe_key.
    dedupe_key = models.CharField(max_length=64, blank=True, editable=False)

    adoption = models.CharField(_("adoption"), max_length=12, choices=Adoption.choices, blank=True, db_index=True)
    adoption_reason = models.TextField(_("reason"), blank=True, max_length=2000)
    adoption_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    adoption_at = models.DateTimeField(_("adoption marked at"), null=True, blank=True, editable=False)
    cluster = models.ForeignKey(
        CommentCluster,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
        verbose_name=_("cluster"),
    )

    policy = CommentPolicy(
        org_field="organisation",
        owner="submitter",
        owner_actions=(VIEW,),
        public=Q(moderation=ModerationStatus.APPROVED, consultation__status__in=PUBLIC_STATUSES),
        public_actions=(VIEW,),
    )

    class Meta:
        ordering = ("consultation", "created_at", "pk")
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        constraints = (
            models.UniqueConstraint(
                fields=("consultation", "dedupe_key"), condition=~Q(dedupe_key=""), name="unique_comment_per_author"
            ),
            models.CheckConstraint(
                condition=Q(contact_point__isnull=True) | Q(submitter__isnull=True), name="comment_one_origin"
            ),
        )

    def __str__(self) -> str:
        return f"{self.consultation}: {self.text[:30]}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.organisation_id is None and self.consultation_id:
            self.organisation_id = self.consultation.organisation_id  # handled by the organisation running it
        if self.status == CommentStatus.PENDING and self.moderation != ModerationStatus.PENDING:
            self.status = self.moderation  # made with its moderation decided (fixtures); steps: workflow.py
        super().save(*args, **kwargs)

    @property
    def is_offline(self) -> bool:
        return self.contact_point_id is not None

    @property
    def target_label(self) -> str:
        return self.article.label if self.article_id else str(_("whole draft"))

    def public_author(self) -> str:
        """How the comment is signed in public and in exports: never more than a masked name."""
        if self.contact_point_id:
            return str(self.contact_point)
        if self.submitter_id is None:
            return str(_("anonymous"))
        name = self.submitter.display_name or self.submitter.username
        return name[0] + "*" * min(max(len(name) - 1, 1), 3)
