"""Survey workflows: build, open, close, invite, answer; results and the year's summary.

Every write is keyword-only, runs in ``transaction.atomic`` and refuses with a Django ``ValidationError`` or
``PermissionDenied`` carrying a message for the person — nothing is half-saved.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from fazhi.core.permissions import ADD, CHANGE, DELETE, policy_of
from fazhi.core.pii import mask_in_text
from fazhi.surveys.choices import (
    CHOICE_KINDS,
    SATISFIED_FROM,
    SCALE_MAX,
    SCALE_MIN,
    Audience,
    QuestionKind,
    SurveyStatus,
)
from fazhi.surveys.models import Answer, Choice, Invitation, Question, Response, Survey, token_hash

MAX_TEXT = 5000


def _check(user: Any, action: str, obj: Any) -> None:
    if user is not None and not policy_of(type(obj)).allows(user, action, obj):
        raise PermissionDenied(_("You may not change surveys of this organisation: it is outside your scope."))


# --- building ------------------------------------------------------------------------------------------------


def survey_save(*, survey: Survey, measures: Iterable[Any] | None = None, user: Any = None) -> Survey:
    """Create or change a survey's settings. Its audience is fixed once people have answered."""
    with transaction.atomic():
        _check(user, ADD if survey.pk is None else CHANGE, survey)
        if survey.pk is not None:
            stored = Survey.objects.select_for_update().get(pk=survey.pk)
            if stored.audience != survey.audience and stored.responses.exists():
                raise ValidationError({"audience": _("People have answered already: the audience cannot change.")})
        survey.full_clean()
        survey.save()
        if measures is not None:
            survey.measures.set(list(measures))
    return survey


def _has_responses(survey: Survey) -> bool:
    return survey.responses.exists()


def question_save(*, question: Question, choices: list[str] | None = None, user: Any = None) -> Question:
    """Create or change a question and its choices (labels in order; matched to existing choices by position).

    Once a survey has responses, what would corrupt its results is refused: changing a question's kind or its
    satisfaction flag, making it required (earlier respondents did not answer it), adding a required question,
    and removing choices. Wording, explanations, order and new optional questions or new choices are allowed.
    """
    with transaction.atomic():
        survey = Survey.objects.select_for_update().get(pk=question.survey_id)
        _check(user, CHANGE, survey)
        if survey.status == SurveyStatus.CLOSED:
            raise ValidationError(_("A closed survey cannot be changed."))
        answered = _has_responses(survey)
        if choices is not None:
            choices = [label.strip()[:200] for label in choices if label and label.strip()]
        if question.satisfaction and question.kind != QuestionKind.SCALE:
            raise ValidationError({"satisfaction": _("Only a 1–5 scale question can be a satisfaction question.")})
        if question.pk is not None:
            stored = Question.objects.get(pk=question.pk, survey=survey)
            if answered:
                if stored.kind != question.kind:
                    raise ValidationError({"kind": _("People have answered: the kind of question cannot change.")})
                if stored.satisfaction != question.satisfaction:
                    raise ValidationError(
                        {"satisfaction": _("People have answered: the satisfaction flag cannot change.")}
                    )
                if question.required and not stored.required:
                    raise ValidationError(
                        {"required": _("People have answered without this question: it cannot become required.")}
                    )
        elif answered and question.required:
            raise ValidationError(
                {"required": _("People have answered already: a question added now must be optional.")}
            )
        if question.kind in CHOICE_KINDS:
            existing = list(question.choices.all()) if question.pk else []
            wanted = choices if choices is not None else [c.label for c in existing]
            if answered and len(wanted) < len(existing):
                raise ValidationError({"choices": _("People have answered: choices cannot be removed.")})
            if len(wanted) < 2:
                raise ValidationError({"choices": _("A choice question needs at least two choices, one a line.")})
            if len(wanted) > 50:
                raise ValidationError({"choices": _("At most 50 choices.")})
            if len(set(wanted)) != len(wanted):
                raise ValidationError({"choices": _("Two choices have the same label.")})
        elif choices:
            raise ValidationError({"choices": _("Only choice questions have choices.")})
        if question.pk is None and not question.position:
            last = survey.questions.order_by("-position").values_list("position", flat=True).first()
            question.position = (last or 0) + 1
        question.full_clean()
        question.save()
        if question.kind in CHOICE_KINDS and choices is not None:
            existing = list(question.choices.order_by("position", "pk"))
            for position, label in enumerate(choices, start=1):
                if position <= len(existing):
                    choice = existing[position - 1]
                    if (choice.label, choice.position) != (label, position):
                        choice.label, choice.position = label, position
                        choice.save()
                else:
                    Choice.objects.create(question=question, label=label, position=position)
            for choice in existing[len(choices) :]:
                choice.delete()
        elif question.kind not in CHOICE_KINDS:
            question.choices.all().delete()  # a draft question that stopped being a choice question
    return question


def question_delete(*, question: Question, user: Any = None) -> None:
    with transaction.atomic():
        survey = Survey.objects.select_for_update().get(pk=question.survey_id)
        _check(user, CHANGE, survey)
        if _has_responses(survey) or survey.status == SurveyStatus.CLOSED:
            raise ValidationError(_("People have answered this survey: its questions cannot be deleted."))
        question.delete()


def survey_open(*, survey: Survey, user: Any = None) -> Survey:
    """draft → open. The survey needs questions, and every choice question at least two choices."""
    with transaction.atomic():
        survey = Survey.objects.select_for_update().get(pk=survey.pk)
        _check(user, CHANGE, survey)
        if survey.status != SurveyStatus.DRAFT:
            raise ValidationError(_("Only a draft survey can be opened."))
        questions = list(survey.questions.prefetch_related("choices"))
        if not questions:
            raise ValidationError(_("Add at least one question before opening the survey."))
        for question in questions:
            if question.kind in CHOICE_KINDS and len(question.choices.all()) < 2:
                raise ValidationError(_("“%(q)s” needs at least two choices.") % {"q": question.text})
        today = timezone.localdate()
        if survey.closes_on and survey.closes_on < today:
            raise ValidationError(_("The closing date has passed: change it before opening."))
        survey.status, survey.opened_at = SurveyStatus.OPEN, timezone.now()
        survey.save()
    return survey


def survey_close(*, survey: Survey, user: Any = None) -> Survey:
    """open → closed: no more answers; results stay."""
    with transaction.atomic():
        survey = Survey.objects.select_for_update().get(pk=survey.pk)
        _check(user, CHANGE, survey)
        if survey.status != SurveyStatus.OPEN:
            raise ValidationError(_("Only an open survey can be closed."))
        survey.status, survey.closed_at = SurveyStatus.CLOSED, timezone.now()
        survey.save()
    return survey


def survey_reopen(*, survey: Survey, closes_on: dt.date, user: Any = None) -> Survey:
    """closed → open again, until a new closing date (today or later): answers given before stay. Needs the right
    to change the survey in its organisation's scope; the save is audited like every change (status, dates)."""
    with transaction.atomic():
        survey = Survey.objects.select_for_update().get(pk=survey.pk)
        _check(user, CHANGE, survey)
        if survey.status != SurveyStatus.CLOSED:
            raise ValidationError(_("Only a closed survey can be reopened."))
        if closes_on < timezone.localdate():
            raise ValidationError({"closes_on": _("The new closing date cannot be in the past.")})
        if survey.opens_on and closes_on < survey.opens_on:
            raise ValidationError({"closes_on": _("A survey cannot close before it opens.")})
        survey.status, survey.closes_on, survey.closed_at = SurveyStatus.OPEN, closes_on, None
        survey.save()
    return survey


# --- inviting --------------------------------------------------------------------------------------------------


def answer_url(token: str) -> str:
    return reverse("surveys:answer_token", args=[token])


@task()
def send_invitation_email(email: str, subject: str, body: str) -> None:
    send_mail(subject, body, None, [email])


def _issue(invitation: Invitation) -> str:
    token = secrets.token_urlsafe(24)
    invitation.token_hash = token_hash(token)
    invitation.save()
    return token


def invite(
    survey: Survey,
    users: Iterable[Any] = (),
    *,
    emails: Iterable[tuple[str, str] | str] = (),
    about: Any = None,
    by: Any = None,
) -> list[Invitation]:
    """Invite people to answer ``survey``: platform users (inbox + e-mail) and experts by e-mail address.

    ``emails`` holds addresses or ``(address, name)`` pairs. ``about`` is the record the invitation is about (a
    closed ticket …). Each invitation carries a fresh single-use token, sent only in the message. Someone already
    invited who has not answered gets a new link (the old one stops working); someone who answered is skipped.
    ``by``: the staff member inviting (checked against the survey's scope); ``None`` for system calls.
    """
    from fazhi.notifications.services import notify

    if by is not None and not policy_of(Invitation).allows(by, ADD, Invitation(survey=survey)):
        raise PermissionDenied(_("You may not invite people to surveys of this organisation."))
    if survey.status != SurveyStatus.OPEN:
        raise ValidationError(_("Open the survey before inviting people."))
    about_fields: dict[str, Any] = {}
    if about is not None:
        about_fields = {"about_type": ContentType.objects.get_for_model(about), "about_id": str(about.pk)}
    pairs = [(e, "") if isinstance(e, str) else (e[0], e[1]) for e in emails]
    invited: list[Invitation] = []
    site = settings.SITE_URL.rstrip("/")
    with transaction.atomic():
        for user in {u.pk: u for u in users if u is not None}.values():
            invitation = Invitation.objects.filter(survey=survey, user=user).first()
            if invitation is not None and invitation.used_at is not None:
                continue
            if invitation is None:
                invitation = Invitation(survey=survey, user=user, **about_fields)
            token = _issue(invitation)
            notify(
                user,
                title=_("Please answer the survey “%(title)s”") % {"title": survey.title},
                body=_("Your opinion helps us improve. The link is for you only and works once."),
                url=answer_url(token),
            )
            invited.append(invitation)
        for address, name in pairs:
            address = address.strip().lower()
            invitation = Invitation.objects.filter(survey=survey, email=address).first()
            if invitation is not None and invitation.used_at is not None:
                continue
            if invitation is None:
                invitation = Invitation(survey=survey, email=address, name=name.strip()[:100], **about_fields)
            invitation.full_clean(exclude=["token_hash"])
            token = _issue(invitation)
            subject = _("Please answer the survey “%(title)s”") % {"title": survey.title}
            body = _("%(org)s asks for your opinion. Answer here (the link is for you only and works once):") % {
                "org": survey.organisation
            }
            body = f"{body}\n\n{site}{answer_url(token)}"
            transaction.on_commit(lambda a=address, s=subject, b=body: send_invitation_email.enqueue(a, s, b))
            invited.append(invitation)
    return invited


def follow_up_survey(organisation: Any) -> Survey | None:
    """The service follow-up survey answering for ``organisation``: its own open one, else the nearest ancestor's."""
    if organisation is None:
        return None
    today = timezone.localdate()
    candidates = Survey.objects.filter(
        audience=Audience.SERVICE,
        status=SurveyStatus.OPEN,
        organisation__in=[*organisation.ancestors(), organisation],
    ).filter(Q(opens_on__isnull=True) | Q(opens_on__lte=today), Q(closes_on__isnull=True) | Q(closes_on__gte=today))
    return candidates.order_by("-organisation__depth", "-opened_at").first()


def invite_after_service(*, about: Any, user: Any, organisation: Any = None) -> Invitation | None:
    """Call when a matter is closed: invite the person served to the organisation's follow-up survey.

    ``organisation`` defaults to ``about.organisation``. Returns the invitation, or ``None`` when there is no one
    to ask (no user), no open follow-up survey, or the person has already been invited or answered — a module
    closing a matter never fails because of a survey.
    """
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    survey = follow_up_survey(organisation or getattr(about, "organisation", None))
    if survey is None or Invitation.objects.filter(survey=survey, user=user).exists():
        return None
    invited = invite(survey, [user], about=about)
    return invited[0] if invited else None


def invite_when_matter_closed(sender: Any, *, matter: Any, **kwargs: Any) -> None:
    """Receiver of ``casework.signals.matter_closed``: the follow-up invitation goes out once the closing commits.

    ``robust``: a failure here is logged, never turned into a failure of the step that closed the matter.
    """
    user = getattr(matter, "submitter", None)
    transaction.on_commit(lambda: invite_after_service(about=matter, user=user), robust=True)


def invitation_for_token(token: str) -> Invitation | None:
    if not token or len(token) > 100:
        return None
    return (
        Invitation.objects.select_related("survey__organisation", "user").filter(token_hash=token_hash(token)).first()
    )


# --- answering ---------------------------------------------------------------------------------------------------


def _clean_answer(question: Question, value: Any, choices: dict[int, Choice]) -> list[dict[str, Any]]:
    """One question's value → the Answer rows to create ([] when unanswered). Raises ValidationError."""

    def as_int(item: Any) -> int:
        if isinstance(item, bool):
            raise ValueError
        return int(str(item).strip())

    if question.kind == QuestionKind.TEXT:
        text = "" if value is None else str(value).strip()
        if len(text) > MAX_TEXT:
            raise ValidationError(_("At most %(n)s characters.") % {"n": MAX_TEXT})
        if "\x00" in text:
            raise ValidationError(_("Text may not contain NUL characters."))
        return [{"text": text}] if text else []
    if question.kind == QuestionKind.SCALE:
        if value in (None, ""):
            return []
        try:
            score = as_int(value)
        except (TypeError, ValueError):
            raise ValidationError(_("Choose a score from 1 to 5.")) from None
        if not SCALE_MIN <= score <= SCALE_MAX:
            raise ValidationError(_("Choose a score from 1 to 5."))
        return [{"score": score}]
    items = value if isinstance(value, list | tuple) else ([] if value in (None, "") else [value])
    if question.kind == QuestionKind.SINGLE and len(items) > 1:
        raise ValidationError(_("Choose one answer."))
    picked: list[Choice] = []
    for item in items:
        try:
            choice = choices.get(as_int(item))
        except (TypeError, ValueError):
            choice = None
        if choice is None or choice.question_id != question.pk:
            raise ValidationError(_("This choice does not belong to the question."))
        if choice not in picked:
            picked.append(choice)
    return [{"choice": c} for c in picked]


def response_submit(
    *, survey: Survey, answers: Mapping[Any, Any], user: Any = None, invitation: Invitation | None = None
) -> Response:
    """Record one person's answers to ``survey``. ``answers``: question id → value (choice id, list of choice ids,
    score 1–5 or text). Answer through an invitation (its token was checked by the caller) or signed in to a
    population survey. Errors are keyed ``q<question id>`` so forms show them beside the question.
    """
    user = user if user is not None and user.is_authenticated else None
    with transaction.atomic():
        # Not locked: respondents of one survey must not queue behind each other; the constraints settle races.
        survey = Survey.objects.get(pk=survey.pk)
        if not survey.accepting():
            raise ValidationError(_("This survey is not taking answers (it is closed or not open yet)."))
        if invitation is not None:
            invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
            if invitation.survey_id != survey.pk:
                raise PermissionDenied(_("This invitation is for another survey."))
            if invitation.used_at is not None:
                raise ValidationError(_("This invitation has been used: the survey was answered already."))
            respondent = invitation.user
        elif survey.by_invitation:
            raise PermissionDenied(_("This survey is answered by invitation only: use the link you received."))
        elif user is None:
            raise PermissionDenied(_("Log in to answer this survey: each person answers once."))
        else:
            respondent = user
        if respondent is not None and Response.objects.filter(survey=survey, respondent=respondent).exists():
            raise ValidationError(_("You have already answered this survey. Thank you!"))

        questions = {q.pk: q for q in survey.questions.all()}
        choices = {c.pk: c for c in Choice.objects.filter(question__survey=survey)}
        given: dict[int, Any] = {}
        errors: dict[str, list[str]] = {}
        for key, value in answers.items():
            try:
                qid = int(str(key).lstrip("q"))
            except ValueError:
                qid = -1
            if qid not in questions:
                errors.setdefault("answers", []).append(
                    _("Question %(key)s is not part of this survey.") % {"key": str(key)[:20]}
                )
                continue
            given[qid] = value
        rows: list[Answer] = []
        for qid, question in questions.items():
            try:
                cleaned = _clean_answer(question, given.get(qid), choices)
            except ValidationError as exc:
                errors[f"q{qid}"] = exc.messages
                continue
            if not cleaned and question.required:
                errors[f"q{qid}"] = [_("This question needs an answer.")]
            rows.extend(Answer(question=question, **values) for values in cleaned)
        if errors:
            raise ValidationError(errors)
        try:
            with transaction.atomic():
                response = Response.objects.create(survey=survey, respondent=respondent, invitation=invitation)
        except IntegrityError:  # a second submission raced past the check above
            raise ValidationError(_("You have already answered this survey. Thank you!")) from None
        for row in rows:
            row.response = response
        Answer.objects.bulk_create(rows)
        if invitation is not None:
            invitation.used_at = timezone.now()
            invitation.save()
    # The satisfaction indicators recompute after commit: the registry watches saved responses (indicators.py).
    return response


# --- results -----------------------------------------------------------------------------------------------------


def _share(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class OptionCount:
    label: str
    count: int
    share: Decimal | None  # % of the people who answered the question


@dataclass
class QuestionResult:
    """One question's results. ``options``: choices, or the scores 1–5 of a scale; ``texts``: free-text answers."""

    question_id: int
    position: int
    text: str
    kind: str
    satisfaction: bool
    answered: int  # people who answered this question
    options: list[OptionCount] = field(default_factory=list)
    mean: Decimal | None = None  # scale questions
    satisfied_share: Decimal | None = None  # scale: % of scores 4–5
    texts: list[str] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return str(QuestionKind(self.kind).label)


def question_results(questions: Iterable[Question], responses: Any) -> list[QuestionResult]:
    """Results of ``questions`` over the ``responses`` QuerySet (counted in the database, texts as stored)."""
    answers = Answer.objects.filter(response__in=responses)
    results: list[QuestionResult] = []
    for question in questions:
        mine = answers.filter(question=question)
        answered = mine.values("response").distinct().count()
        result = QuestionResult(
            question.pk, question.position, question.text, question.kind, question.satisfaction, answered
        )
        if question.kind in CHOICE_KINDS:
            counts = dict(_count_by(mine, "choice"))
            result.options = [
                OptionCount(c.label, counts.get(c.pk, 0), _share(counts.get(c.pk, 0), answered))
                for c in question.choices.all()
            ]
        elif question.kind == QuestionKind.SCALE:
            counts = dict(_count_by(mine, "score"))
            total = sum(counts.values())
            result.options = [
                OptionCount(str(s), counts.get(s, 0), _share(counts.get(s, 0), answered))
                for s in range(SCALE_MIN, SCALE_MAX + 1)
            ]
            if total:
                mean = Decimal(sum(s * n for s, n in counts.items())) / Decimal(total)
                result.mean = mean.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
                result.satisfied_share = _share(sum(n for s, n in counts.items() if s >= SATISFIED_FROM), total)
        else:
            texts = mine.exclude(text="").order_by("pk").values_list("text", flat=True)
            result.texts = [mask_in_text(text) for text in texts]  # phone and ID numbers people typed in
        results.append(result)
    return results


def _count_by(answers: Any, column: str) -> list[tuple[Any, int]]:
    from django.db.models import Count

    return list(answers.values_list(column).annotate(n=Count("pk")).order_by())


def survey_results(survey: Survey) -> list[QuestionResult]:
    return question_results(survey.questions.prefetch_related("choices"), survey.responses.all())


@dataclass
class SurveySummary:
    """One survey's year in numbers, for the annual white paper (``fazhi.reports``)."""

    survey_id: int
    title: str
    organisation: str  # its name
    audience: str  # Audience value
    audience_label: str
    status: str
    response_count: int  # responses submitted in the year
    questions: list[QuestionResult]  # results over those responses


def year_summary(year: int) -> list[SurveySummary]:
    """Per survey that took answers in ``year`` (at least one response that year): the count and the results.

    Surveys are in order of organisation and title; the results count only the responses of that year, so a
    survey running across New Year appears in both years with each year's answers. Empty when no survey ran.
    """
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    surveys = (
        Survey.objects.filter(responses__created_at__date__gte=start, responses__created_at__date__lte=end)
        .distinct()
        .select_related("organisation")
        .prefetch_related("questions__choices")
        .order_by("organisation__path", "title", "pk")
    )
    summaries = []
    for survey in surveys:
        responses = survey.responses.filter(created_at__date__gte=start, created_at__date__lte=end)
        summaries.append(
            SurveySummary(
                survey_id=survey.pk,
                title=survey.title,
                organisation=survey.organisation.name,
                audience=survey.audience,
                audience_label=str(survey.get_audience_display()),
                status=survey.status,
                response_count=responses.count(),
                questions=question_results(survey.questions.all(), responses),
            )
        )
    return summaries


def survey_delete(*, survey: Survey, user: Any = None) -> None:
    """Only a draft (never answered) survey can be deleted; an answered one is closed instead."""
    with transaction.atomic():
        _check(user, DELETE, survey)
        if survey.status != SurveyStatus.DRAFT or survey.responses.exists():
            raise ValidationError(_("Only a draft survey can be deleted; close an open survey instead."))
        survey.delete()


def invitation_delete(*, invitation: Invitation, user: Any = None) -> None:
    """Withdraw an unanswered invitation (its link stops working)."""
    with transaction.atomic():
        _check(user, DELETE, invitation)
        if invitation.used_at is not None:
            raise ValidationError(_("This invitation has been answered: it stays with the response."))
        invitation.delete()
