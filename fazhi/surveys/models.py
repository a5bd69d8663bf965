"""Satisfaction surveys (群众满意度测评, plan measure (二十八)): population surveys, expert questionnaires and
service follow-ups.

A survey belongs to the organisation that runs it; staff build and read surveys within their scope. Open
population surveys are public to read. Respondents answer once: the database holds one response per signed-in
person and one per invitation (unique constraints), and invitations carry a single-use token.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import AuditedQuerySet, BaseModel
from fazhi.core.permissions import VIEW, ScopedPolicy
from fazhi.surveys.choices import Audience, QuestionKind, SurveyStatus

#: Policy action: read a survey as a respondent may (open population surveys) or as staff in scope.
READ = "read"


def public_q() -> Q:
    return Q(status=SurveyStatus.OPEN, audience=Audience.POPULATION)


class SurveyPolicy(ScopedPolicy):
    """Staff act on the surveys of their scope; ``read`` adds the open population surveys for everyone."""

    def filter(self, queryset: models.QuerySet, user: Any, action: str) -> models.QuerySet:
        if action == READ:
            return super().filter(queryset, user, VIEW) | queryset.filter(public_q())
        return super().filter(queryset, user, action)

    def allows_any(self, user: Any, action: str) -> bool:
        return action == READ or super().allows_any(user, action)

    def allows_object(self, user: Any, action: str, obj: models.Model) -> bool:
        if action == READ:
            is_public = obj.status == SurveyStatus.OPEN and obj.audience == Audience.POPULATION
            return is_public or super().allows_object(user, VIEW, obj)
        return super().allows_object(user, action, obj)


class SurveyQuerySet(AuditedQuerySet):
    def open_public(self, today: dt.date | None = None) -> SurveyQuerySet:
        """Population surveys taking answers today (the portal's list)."""
        today = today or timezone.localdate()
        return self.filter(public_q()).filter(
            Q(opens_on__isnull=True) | Q(opens_on__lte=today), Q(closes_on__isnull=True) | Q(closes_on__gte=today)
        )


class Survey(BaseModel):
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True, max_length=5000)
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="surveys", verbose_name=_("organisation")
    )
    audience = models.CharField(_("audience"), max_length=16, choices=Audience.choices, default=Audience.POPULATION)
    status = models.CharField(
        _("status"), max_length=8, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT, editable=False
    )
    opens_on = models.DateField(_("opens on"), null=True, blank=True, help_text=_("Empty: from the day it is opened."))
    closes_on = models.DateField(_("closes on"), null=True, blank=True, help_text=_("Empty: until it is closed."))
    anonymous = models.BooleanField(
        _("anonymous results"),
        default=True,
        help_text=_("Staff see the answers without the respondents' names (each person still answers once)."),
    )
    measures = models.ManyToManyField(
        "supervision.Measure", blank=True, related_name="surveys", verbose_name=_("plan measures evaluated")
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)

    objects = SurveyQuerySet.as_manager()
    policy = SurveyPolicy(org_field="organisation")

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        constraints = (
            models.CheckConstraint(
                condition=Q(opens_on__isnull=True) | Q(closes_on__isnull=True) | Q(closes_on__gte=models.F("opens_on")),
                name="survey_closes_after_opening",
            ),
        )

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("surveys_console:survey", args=[self.pk])

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("A survey cannot close before it opens.")})

    def accepting(self, today: dt.date | None = None) -> bool:
        """Open and within its dates: answers are taken."""
        today = today or timezone.localdate()
        return (
            self.status == SurveyStatus.OPEN
            and (self.opens_on is None or self.opens_on <= today)
            and (self.closes_on is None or today <= self.closes_on)
        )

    @property
    def by_invitation(self) -> bool:
        return self.audience != Audience.POPULATION


class Question(BaseModel):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions", verbose_name=_("survey"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.CharField(_("question"), max_length=500)
    help_text = models.CharField(_("explanation"), max_length=500, blank=True)
    kind = models.CharField(_("kind"), max_length=8, choices=QuestionKind.choices, default=QuestionKind.SCALE)
    required = models.BooleanField(_("required"), default=True)
    satisfaction = models.BooleanField(
        _("satisfaction question"),
        default=False,
        help_text=_("A 1–5 scale whose scores feed the satisfaction indicators."),
    )

    policy = ScopedPolicy(org_field="survey__organisation")

    class Meta:
        ordering = ("survey", "position", "pk")
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = (
            models.CheckConstraint(
                condition=Q(satisfaction=False) | Q(kind=QuestionKind.SCALE), name="satisfaction_question_is_scale"
            ),
        )

    def __str__(self) -> str:
        return self.text


class Choice(BaseModel):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices", verbose_name=_("question"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    label = models.CharField(_("label"), max_length=200)

    policy = ScopedPolicy(org_field="question__survey__organisation")

    class Meta:
        ordering = ("question", "position", "pk")
        verbose_name = _("choice")
        verbose_name_plural = _("choices")

    def __str__(self) -> str:
        return self.label


def token_hash(token: str) -> str:
    """Invitations store only the token's SHA-256: a copy of the database does not let anyone answer."""
    return hashlib.sha256(token.encode()).hexdigest()


class Invitation(BaseModel):
    """A named person asked to answer: a user of the platform, or an expert by e-mail address."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("survey"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="survey_invitations",
        verbose_name=_("user"),
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    name = models.CharField(_("name"), max_length=100, blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    used_at = models.DateTimeField(_("answered at"), null=True, blank=True, editable=False)
    # The record the invitation is about (a closed ticket, a suggestion …), if any.
    about_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    about_id = models.CharField(max_length=64, blank=True)
    about = GenericForeignKey("about_type", "about_id")

    policy = ScopedPolicy(org_field="survey__organisation")

    class Meta:
        ordering = ("survey", "pk")
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = (
            models.UniqueConstraint(
                fields=("survey", "user"), condition=Q(user__isnull=False), name="one_invitation_per_user"
            ),
            models.UniqueConstraint(
                fields=("survey", "email"), condition=~Q(email=""), name="one_invitation_per_email"
            ),
            models.CheckConstraint(condition=Q(user__isnull=False) | ~Q(email=""), name="invitation_names_someone"),
        )

    def __str__(self) -> str:
        from fazhi.core.pii import mask_email

        return self.name or (str(self.user) if self.user_id else mask_email(self.email))


class Response(BaseModel):
    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses", verbose_name=_("survey"))
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="survey_responses",
        verbose_name=_("respondent"),
    )
    invitation = models.OneToOneField(
        Invitation, null=True, blank=True, on_delete=models.SET_NULL, related_name="response"
    )

    policy = ScopedPolicy(org_field="survey__organisation", owner="respondent")

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = (
            models.UniqueConstraint(
                fields=("survey", "respondent"),
                condition=Q(respondent__isnull=False),
                name="one_response_per_person",
            ),
        )

    def __str__(self) -> str:
        return _("Response %(id)s to %(survey)s") % {"id": self.pk, "survey": self.survey}


class Answer(BaseModel):
    """One answer; a multiple-choice question has one row per ticked choice."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    choice = models.ForeignKey(Choice, null=True, blank=True, on_delete=models.PROTECT, related_name="answers")
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True, max_length=5000)

    policy = ScopedPolicy(org_field="response__survey__organisation", owner="response__respondent")

    class Meta:
        ordering = ("response", "question__position", "pk")
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = (
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=5), name="answer_score_1_to_5"
            ),
            models.UniqueConstraint(fields=("response", "question", "choice"), name="one_answer_per_choice"),
        )
