"""People's suggestions (人民建议征集, 上海市人民建议征集若干规定): thematic solicitations, suggestions with the
elements of 第十条, their routing to one lead and several co-handling organisations, handling notes, the reply,
conversions (第十三条), the submitter's evaluation and commendations (第十六条)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Avg, Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.casework.models import Matter, Moderated, ModerationStatus
from fazhi.core.models import AuditedQuerySet, BaseModel
from fazhi.core.permissions import EVERYWHERE, ScopedPolicy, perm_codename, scopes_for
from fazhi.core.pii import EncryptedCharField, validate_phone
from fazhi.suggestions.choices import (
    ANSWERED_STATUSES,
    Channel,
    ConversionKind,
    NoteKind,
    SolicitationState,
    SubmitterKind,
    SuggestionStatus,
)


class SolicitationQuerySet(AuditedQuerySet):
    def published(self) -> SolicitationQuerySet:
        return self.filter(is_published=True)

    def open_now(self) -> SolicitationQuerySet:
        today = timezone.localdate()
        return self.published().filter(opens_on__lte=today, closes_on__gte=today)


class Solicitation(BaseModel):
    """专项征集 (第八条第二、三款): a topic published with background, questions, how to submit and a time window;
    afterwards a collective feedback report (第十二条第一项)."""

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    title = models.CharField(_("topic"), max_length=200)
    background = models.TextField(_("background"), max_length=10000)
    questions = models.TextField(_("questions"), max_length=5000, help_text=_("What suggestions are sought on."))
    how_to_submit = models.TextField(
        _("how to submit"), max_length=2000, blank=True, help_text=_("Other ways besides this portal, if any.")
    )
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    is_published = models.BooleanField(_("published"), default=False)
    allow_anonymous = models.BooleanField(
        _("anonymous submissions allowed"),
        default=False,
        help_text=_("Anonymous submitters get a tracking number but no personal reply."),
    )
    is_emergency = models.BooleanField(
        _("emergency"),
        default=False,
        help_text=_("During an emergency response (第十四条): every item on the fast track."),
    )
    feedback = models.TextField(_("feedback report"), max_length=20000, blank=True)
    feedback_published_at = models.DateTimeField(_("feedback published at"), null=True, blank=True, editable=False)

    policy = ScopedPolicy(public=Q(is_published=True), public_actions=("view",))
    objects = SolicitationQuerySet.as_manager()

    class Meta:
        ordering = ("-opens_on", "-pk")
        verbose_name = _("thematic solicitation")
        verbose_name_plural = _("thematic solicitations")
        constraints = (
            models.CheckConstraint(condition=Q(closes_on__gte=models.F("opens_on")), name="solicitation_window"),
        )

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("suggestions:solicitation", args=[self.pk])

    @property
    def state(self) -> str:
        if not self.is_published:
            return SolicitationState.DRAFT
        today = timezone.localdate()
        if today < self.opens_on:
            return SolicitationState.UPCOMING
        return SolicitationState.OPEN if today <= self.closes_on else SolicitationState.CLOSED

    def get_state_display(self) -> Any:
        return SolicitationState(self.state).label


class SuggestionPolicy(ScopedPolicy):
    """The receiving or lead organisation's subtree (``organisation``), plus every co-handling organisation's
    subtree through the routes, plus the submitter for reading (and attaching files to) their own."""

    def _routed_q(self, scopes: list[str]) -> Q:
        routed = Q()
        for path in scopes:
            routed |= Q(organisation__path__startswith=path)
        return Q(pk__in=SuggestionRoute.objects.filter(routed).values("suggestion_id"))

    def filter(self, queryset: models.QuerySet, user: Any, action: str) -> models.QuerySet:
        base = super().filter(queryset, user, action)
        scopes = scopes_for(user, perm_codename(queryset.model, action))
        if scopes is EVERYWHERE or not scopes:
            return base
        return base | queryset.filter(self._routed_q(scopes))


class SuggestionQuerySet(AuditedQuerySet):
    def published(self) -> SuggestionQuerySet:
        """Shown on the portal: the submitter consented, a moderator approved, and it has been answered."""
        return self.filter(consent_publish=True, moderation=ModerationStatus.APPROVED, status__in=ANSWERED_STATUSES)

    def with_ratings(self) -> SuggestionQuerySet:
        """Annotate the public evaluations: ``rating_count``, ``rating_mean`` (None without any) and
        ``submitter_rating`` (the submitter's own score, or None). Subqueries, so other annotations' joins (a count
        of conversions) do not multiply them."""
        ratings = Evaluation.objects.filter(suggestion=OuterRef("pk")).order_by().values("suggestion")
        return self.annotate(
            rating_count=Coalesce(Subquery(ratings.annotate(n=Count("pk")).values("n")), 0),
            rating_mean=Subquery(ratings.annotate(mean=Avg("score")).values("mean")),
            submitter_rating=Subquery(
                Evaluation.objects.filter(suggestion=OuterRef("pk"), by_submitter=True).values("score")[:1]
            ),
        )


class Suggestion(BaseModel, Matter, Moderated):
    """One suggestion (第二条第二款) with the elements of 第十条: theme, facts, proposal, who suggests."""

    tracking_prefix = "JY"

    solicitation = models.ForeignKey(
        Solicitation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="suggestions",
        verbose_name=_("thematic solicitation"),
    )
    theme = models.CharField(_("theme"), max_length=200)
    facts = models.TextField(_("facts and reasons"), max_length=5000)
    proposal = models.TextField(_("proposal"), max_length=5000)
    submitter_kind = models.CharField(
        _("suggested by"), max_length=16, choices=SubmitterKind.choices, default=SubmitterKind.CITIZEN
    )
    submitter_name = models.CharField(_("name of the person or organisation"), max_length=100, blank=True)
    contact_phone = EncryptedCharField(_("contact phone"), blank=True, mask="phone", validators=[validate_phone])
    contact_email = EncryptedCharField(_("contact e-mail"), blank=True, mask="email")
    consent_publish = models.BooleanField(_("may be published"), default=False)
    status = models.CharField(
        _("status"), max_length=16, choices=SuggestionStatus.choices, default=SuggestionStatus.REGISTERED
    )
    # 第十条第二款: personal claims and matters for lawsuits, arbitration or reconsideration are flagged, not lost.
    not_a_suggestion = models.BooleanField(_("may not be a suggestion (第十条第二款)"), default=False)
    not_a_suggestion_terms = models.CharField(_("terms found"), max_length=200, blank=True)
    channels = models.CharField(_("channels pointed to"), max_length=100, blank=True)
    fingerprint = models.CharField(max_length=64, db_index=True, editable=False)
    answer_due_at = models.DateTimeField(_("answer due"), null=True, blank=True, editable=False)
    reply = models.TextField(_("reply"), max_length=10000, blank=True)
    replied_at = models.DateTimeField(_("answered at"), null=True, blank=True, db_index=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    replied_on_time = models.BooleanField(_("answered within the time limit"), null=True, editable=False)
    commended_at = models.DateTimeField(_("commended at"), null=True, blank=True)
    commendation = models.CharField(_("commendation"), max_length=500, blank=True)

    policy = SuggestionPolicy(owner="submitter", owner_actions=("view", "change"))
    objects = SuggestionQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("people's suggestion")
        verbose_name_plural = _("people's suggestions")
        indexes = (
            models.Index(fields=("submitter", "fingerprint", "created_at")),
            models.Index(fields=("status", "due_at")),
        )

    def __str__(self) -> str:
        return f"{self.tracking_number} {self.theme}"

    def get_absolute_url(self) -> str:
        return reverse("suggestions:mine", args=[self.tracking_number])

    @property
    def masked_phone(self) -> str:
        return type(self)._meta.get_field("contact_phone").masked(self.contact_phone) if self.contact_phone else ""

    @property
    def masked_email(self) -> str:
        return type(self)._meta.get_field("contact_email").masked(self.contact_email) if self.contact_email else ""

    @property
    def channel_labels(self) -> list[Any]:
        return [Channel(code).label for code in self.channels.split(",") if code in Channel.values]

    @property
    def lead_route(self) -> SuggestionRoute | None:
        return next((r for r in self.routes.all() if r.is_lead), None)


class SuggestionRoute(BaseModel):
    """转送 (第十一条): the organisation that leads the handling, and those that take part when a suggestion spans
    several organisations' duties."""

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="routes")
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    is_lead = models.BooleanField(_("leads the handling"), default=False)
    note = models.CharField(_("instructions"), max_length=500, blank=True)

    policy = ScopedPolicy(org_field="organisation")

    class Meta:
        ordering = ("-is_lead", "pk")
        verbose_name = _("routing")
        verbose_name_plural = _("routings")
        constraints = (models.UniqueConstraint(fields=("suggestion", "organisation"), name="unique_route"),)

    def __str__(self) -> str:
        return f"{self.suggestion.tracking_number} → {self.organisation}"


class HandlingNote(BaseModel):
    """Research, meetings and notes while handling (第十一条第二款); internal, on the staff timeline."""

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="notes")
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=NoteKind.choices, default=NoteKind.NOTE)
    text = models.TextField(_("text"), max_length=5000)

    policy = ScopedPolicy(org_field="organisation")

    class Meta:
        ordering = ("created_at", "pk")
        verbose_name = _("handling note")
        verbose_name_plural = _("handling notes")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:40]}"


class Conversion(BaseModel):
    """How the suggestion was put into effect (第十三条), with a link to the resulting rule, measure or decision."""

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="conversions")
    kind = models.CharField(_("way"), max_length=16, choices=ConversionKind.choices)
    description = models.TextField(_("description"), max_length=2000)
    url = models.URLField(_("link"), max_length=500, blank=True)
    work = models.ForeignKey(
        "laws.Work",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("law in the library"),
    )

    policy = ScopedPolicy(org_field="suggestion__organisation")

    class Meta:
        ordering = ("created_at", "pk")
        verbose_name = _("conversion")
        verbose_name_plural = _("conversions")

    def __str__(self) -> str:
        return self.get_kind_display()

    @property
    def link(self) -> str:
        return self.work.get_absolute_url() if self.work_id else self.url


class Evaluation(BaseModel):
    """公众评价 (第七条): a rating of the answer, 1 (poor) to 5 (very good), once per person. The submitter rates
    their own answered suggestion (``by_submitter``); anyone signed in rates one published on the portal."""

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="evaluations")
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    by_submitter = models.BooleanField(_("by the submitter"), default=False, editable=False)
    score = models.PositiveSmallIntegerField(_("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = models.TextField(_("comment"), max_length=2000, blank=True)

    policy = ScopedPolicy(org_field="suggestion__organisation", owner="evaluator")

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = (
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=5), name="evaluation_score_1_to_5"),
            models.UniqueConstraint(fields=("suggestion", "evaluator"), name="one_evaluation_per_person"),
            models.UniqueConstraint(
                fields=("suggestion",), condition=Q(by_submitter=True), name="one_evaluation_by_the_submitter"
            ),
        )

    def __str__(self) -> str:
        return f"{self.suggestion.tracking_number}: {self.score}"
