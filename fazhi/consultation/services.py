"""Writes of the consultation module: the draft and its articles, opening and closing, comments (online and
offline), moderation, clustering, adoption and the feedback report.

All keyword-only, in ``transaction.atomic``, raising ``ValidationError``/``PermissionDenied`` with a message for
the person; a refused write leaves nothing behind. A comment's steps (publish, do not publish, mark adoption,
answer) are declared in ``workflow.py``: each service here does only its own part inside
``fazhi.workflow.engine.transition``, which locks the row, checks the state and who may act, moves the status,
drives the clock and records the step (history in 我的办件, the author told; a refusal in the audit trail).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.consultation.choices import Adoption, CommentStatus, ConsultationStatus, Moderation, OfflineSource
from fazhi.consultation.drafts import parse_draft
from fazhi.consultation.matters import comment_received, screen_text
from fazhi.consultation.models import COMMENT_MAX_LENGTH, Comment, CommentCluster, Consultation, DraftArticle
from fazhi.core.permissions import ADD, CHANGE, path_in_scopes, perm_codename, policy_of, scopes_for
from fazhi.orgs.choices import BodyType
from fazhi.orgs.models import Organisation
from fazhi.workflow.clocks import clock_named
from fazhi.workflow.engine import amount_in_force, start_clock, transition

MIN_COMMENT_LENGTH = 2
MAX_OFFLINE_ROWS = 500

S = CommentStatus
MODERATE_CLOCK = "consultation.moderate"
FEEDBACK_CLOCK = "consultation.feedback"
#: A published comment, decided or not: its adoption can be marked (again) and it is answered by the feedback.
MARKABLE = (S.APPROVED, S.ADOPTED, S.PARTLY, S.NOT_ADOPTED)
DECIDED = (S.ADOPTED, S.PARTLY, S.NOT_ADOPTED)


def _messages(exc: ValidationError | PermissionDenied) -> str:
    return " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)


def _require(user: Any, action: str, obj: Any, message: str) -> None:
    if user is not None and not policy_of(type(obj)).allows(user, action, obj):
        raise PermissionDenied(message)


def _require_change(user: Any, consultation: Consultation) -> None:
    _require(
        user,
        CHANGE,
        consultation,
        _("Only the staff of %(org)s may do this for this consultation.") % {"org": consultation.organisation},
    )


def _require_handle(user: Any, comment: Comment) -> None:
    _require(
        user,
        CHANGE,
        comment,
        _("Only the staff of %(org)s may handle the comments on this consultation.")
        % {"org": comment.consultation.organisation},
    )


def may_handle(user: Any, comment: Comment) -> bool:
    """The running organisation's staff (``change_comment`` within its subtree). Read from the user's grants and the
    comment's organisation, without a query per comment: the console offers the steps on hundreds at once."""
    organisation = comment.organisation
    return organisation is not None and path_in_scopes(
        organisation.path, scopes_for(user, perm_codename(Comment, CHANGE))
    )


def feedback_published(comment: Comment) -> bool:
    return comment.consultation.status == ConsultationStatus.FEEDBACK


def may_answer(user: Any, comment: Comment) -> bool:
    """Answering is part of publishing the feedback report: offered once it is out (for a comment published later)."""
    return may_handle(user, comment) and feedback_published(comment)


# --- the consultation and its draft ---------------------------------------------------------------------------


def _store_articles(consultation: Consultation) -> list[str]:
    parsed = parse_draft(consultation.draft_text, consultation.title)
    consultation.articles.all().delete()
    DraftArticle.objects.bulk_create(
        [
            DraftArticle(
                consultation=consultation,
                position=position,
                number=article.number,
                suffix=article.suffix,
                label=article.label,
                heading=" ".join(article.heading_path)[:300],
                text=article.text,
            )
            for position, article in enumerate(parsed.articles, start=1)
        ]
    )
    return parsed.problems


@transaction.atomic
def consultation_save(*, consultation: Consultation, user: Any) -> Consultation:
    """Create or edit a consultation; while it is in preparation its draft text is (re)parsed into articles.

    Once opened, the text is frozen: comments refer to its articles.
    """
    adding = consultation.pk is None
    if not adding:
        _require_change(user, consultation)
        stored = Consultation.objects.get(pk=consultation.pk)
        if stored.status != ConsultationStatus.DRAFT and stored.draft_text != consultation.draft_text:
            raise ValidationError(
                {"draft_text": _("The draft text cannot change once the consultation is opened: comments refer to it.")}
            )
    consultation.full_clean()
    if consultation.closes_on < consultation.opens_on:
        raise ValidationError({"closes_on": _("The consultation cannot close before it opens.")})
    consultation.save()
    if user is not None and not policy_of(Consultation).allows(user, ADD if adding else CHANGE, consultation):
        raise PermissionDenied(
            _("You may not run a consultation for %(org)s: it is outside your scope.")
            % {"org": consultation.organisation}
        )
    if consultation.status == ConsultationStatus.DRAFT:
        consultation.parse_report = _store_articles(consultation)
        consultation.save(update_fields=["parse_report", "updated_at"])
    return consultation


@transaction.atomic
def consultation_open(*, consultation: Consultation, user: Any) -> Consultation:
    _require_change(user, consultation)
    if consultation.status != ConsultationStatus.DRAFT:
        raise ValidationError(_("Only a consultation in preparation can be opened."))
    if not consultation.draft_text.strip() and not consultation.explanation.strip():
        raise ValidationError(_("Add the draft text or an explanation before opening the consultation."))
    if consultation.closes_on < timezone.localdate():
        raise ValidationError(_("The open window has already ended; change the closing date first."))
    consultation.status = ConsultationStatus.OPEN
    consultation.opened_at = timezone.now()
    consultation.save()
    return consultation


@transaction.atomic
def consultation_close(*, consultation: Consultation, user: Any) -> Consultation:
    _require_change(user, consultation)
    if consultation.status != ConsultationStatus.OPEN:
        raise ValidationError(_("Only an open consultation can be closed."))
    consultation.status = ConsultationStatus.CLOSED
    consultation.closed_at = timezone.now()
    consultation.save()
    return consultation


@transaction.atomic
def consultation_link_law(*, consultation: Consultation, work: Any, user: Any) -> Consultation:
    """When the law passes, the consultation points to it in the law library (``None`` removes the link)."""
    _require_change(user, consultation)
    consultation.law = work
    consultation.save()
    return consultation


# --- comments -------------------------------------------------------------------------------------------------


def dedupe_key(text: str, origin: str) -> str:
    """What "the same comment" means: the same author (or contact point) and the same words, punctuation,
    spacing and letter case aside."""
    from fazhi.consultation.matters import normalise_for_duplicates

    return hashlib.sha256(f"{origin}\n{normalise_for_duplicates(text)}".encode()).hexdigest()


def _clean_text(text: Any) -> str:
    if not isinstance(text, str):
        raise ValidationError({"text": _("Write your comment.")})
    text = text.strip()
    if len(text) < MIN_COMMENT_LENGTH:
        raise ValidationError({"text": _("Write your comment.")})
    if len(text) > COMMENT_MAX_LENGTH:
        raise ValidationError(
            {"text": _("A comment can be at most %(n)s characters long.") % {"n": COMMENT_MAX_LENGTH}}
        )
    return text


def _check_article(consultation: Consultation, article: DraftArticle | None) -> None:
    if article is not None and article.consultation_id != consultation.pk:
        raise ValidationError({"article": _("That article belongs to another consultation.")})


def comment_submit(
    *,
    consultation: Consultation,
    text: Any,
    user: Any,
    article: DraftArticle | None = None,
    anonymous: bool = False,
) -> Comment:
    """A citizen's comment on the draft or one article; held for moderation before it is shown."""
    if not consultation.is_public:
        raise ValidationError(_("This consultation is not open for comments."))
    if not consultation.accepting_comments:
        raise ValidationError(_("This consultation is closed: comments are no longer accepted."))
    _check_article(consultation, article)
    text = _clean_text(text)
    signed_in = user is not None and user.is_authenticated
    if not signed_in and not consultation.allow_anonymous:
        raise PermissionDenied(_("Sign in to comment on this consultation."))
    if anonymous and not consultation.allow_anonymous:
        raise ValidationError(_("This consultation does not accept anonymous comments."))
    author = user if signed_in and not anonymous else None
    flagged = screen_text(text)
    comment = Comment(
        consultation=consultation,
        article=article,
        text=text,
        submitter=author,
        flagged_words="、".join(flagged)[:500],
        dedupe_key=dedupe_key(text, f"user:{author.pk}") if author is not None else "",
    )
    if author is None:
        recent = Comment.objects.filter(
            consultation=consultation,
            submitter__isnull=True,
            contact_point__isnull=True,
            created_at__gte=timezone.now() - dt.timedelta(hours=1),
        ).only("text")
        if any(dedupe_key(c.text, "anon") == dedupe_key(text, "anon") for c in recent):
            raise ValidationError(_("The same comment was just submitted. It is already waiting for moderation."))
    try:
        with transaction.atomic():
            comment_received(comment, actor=author)
    except IntegrityError:
        raise ValidationError(
            _("You have already submitted this comment on this consultation; it is not counted twice.")
        ) from None
    return comment


def comment_moderate(*, comment: Comment, approve: bool, note: str = "", user: Any) -> Comment:
    """Approve a comment for publication, or refuse it with a reason the author is told (the steps ``approve`` and
    ``reject``; the shared moderation queue's decision comes here too)."""
    if approve:
        return comment_approve(comment=comment, note=note, user=user)
    return comment_reject(comment=comment, note=note, user=user)


def _moderated(step: Any, decision: str, note: str) -> None:
    comment = step.matter
    comment.moderation = decision
    comment.moderated_by, comment.moderated_at, comment.moderation_note = step.user, timezone.now(), note
    step.note = note
    step.notify = comment.submitter_id is not None


def comment_approve(*, comment: Comment, user: Any, note: str = "") -> Comment:
    """发布: the comment is shown on the consultation's page."""
    with transition(comment, "approve", user) as step:
        _moderated(step, Moderation.APPROVED, (note or "").strip()[:500])
    return step.matter


def comment_reject(*, comment: Comment, user: Any, note: str) -> Comment:
    """不予发布, with the reason the author is told."""
    with transition(comment, "reject", user) as step:
        note = (note or "").strip()[:500]
        if not note:
            raise ValidationError({"note": _("Say why the comment is not published.")})
        _moderated(step, Moderation.REJECTED, note)
    return step.matter


def _check_adoption(adoption: str, reason: str) -> str:
    if adoption not in Adoption.values:
        raise ValidationError({"adoption": _("Choose adopted, partly adopted or not adopted.")})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the decision.")})
    if len(reason) > 2000:
        raise ValidationError({"reason": _("The reason can be at most 2000 characters long.")})
    return reason


def comment_mark_adoption(*, comment: Comment, adoption: str, reason: str, user: Any) -> Comment:
    """采纳, 部分采纳 or 不予采纳, with the reason. The first decision starts the feedback's clock (from the close of
    the consultation when it is still open); a changed decision keeps it."""
    with transition(comment, "adoption", user) as step:
        reason = _check_adoption(adoption, reason)
        comment = step.matter
        first = comment.status not in DECIDED
        comment.adoption, comment.adoption_reason = adoption, reason
        comment.adoption_by, comment.adoption_at = user, timezone.now()
        step.target, step.note = adoption, reason
        step.notify = comment.submitter_id is not None
        step.keep_clock = True  # the clock is driven here: its amount depends on the consultation's window
        if first:
            clock = clock_named(FEEDBACK_CLOCK)
            still_open = max((comment.consultation.closes_on - timezone.localdate()).days, 0)
            start_clock(comment, clock, timezone.now(), amount=amount_in_force(comment, clock) + still_open)
    return step.matter


def cluster_mark_adoption(*, cluster: CommentCluster, adoption: str, reason: str, user: Any) -> int:
    """One decision for every published comment in the cluster, each taken through its own step (comments not
    published, or still awaiting moderation, are left out); returns how many. All or none."""
    _require(user, CHANGE, cluster, _("Only the staff running this consultation may do this."))
    reason = _check_adoption(adoption, reason)
    count = 0
    with transaction.atomic():
        for comment in cluster.comments.filter(status__in=MARKABLE).order_by("pk"):
            comment_mark_adoption(comment=comment, adoption=adoption, reason=reason, user=user)
            count += 1
    return count


def comment_answer(*, comment: Comment, user: Any, note: str = "") -> Comment:
    """反馈: the author is told that the feedback report is published (every comment, when it is; one by one for a
    comment published after it)."""
    with transition(comment, "answer", user) as step:
        extra = (note or "").strip()[:2000]
        step.note = "\n".join(filter(None, [_("The feedback report has been published."), extra]))
        step.notify = step.matter.submitter_id is not None
    return step.matter


# --- offline comments from grassroots legislative contact points --------------------------------------------


def contact_points_for(user: Any) -> list[Organisation]:
    """The contact points on whose behalf ``user`` may enter comments."""
    scopes = scopes_for(user, perm_codename(Comment, ADD))
    if not scopes:
        return []
    points = Organisation.objects.filter(body_type=BodyType.LEGISLATIVE_CONTACT_POINT, is_active=True)
    return [point for point in points if path_in_scopes(point.path, scopes)]


@dataclass
class OfflineRow:
    text: Any
    source: Any = OfflineSource.FORUM
    source_date: Any = None
    participants: Any = None
    article: Any = ""  # a label (第三条), a number, or empty for the whole draft
    source_note: Any = ""


@dataclass
class OfflineReport:
    created: list[Comment] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)  # rows already entered (same text from the same point)
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (row number, reason)


def _article_for(consultation: Consultation, value: Any) -> DraftArticle | None:
    from fazhi.laws.corpus.numerals import parse_article_label

    value = str(value or "").strip()
    if not value or value in {"全文", "总体", "whole draft"}:
        return None
    try:
        number, suffix = (int(value), 0) if value.isdigit() else parse_article_label(value)
    except (ValueError, TypeError):
        raise ValidationError(
            _("“%(value)s” is not an article label such as 第三条.") % {"value": value[:20]}
        ) from None
    article = consultation.articles.filter(number=number, suffix=suffix).first()
    if article is None:
        raise ValidationError(_("The draft has no %(value)s.") % {"value": value[:20]})
    return article


def _source_of(value: Any) -> str:
    value = str(value or "").strip()
    if not value:
        return OfflineSource.FORUM
    for choice in OfflineSource:
        if value in {choice.value, str(choice.label)} or value in str(choice.label):
            return choice.value
    raise ValidationError(_("Unknown source “%(value)s”.") % {"value": value[:20]})


def _date_of(value: Any, consultation: Consultation) -> dt.date:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValidationError(_("Give the date as 2025-06-30.")) from None
    if not isinstance(value, dt.date):
        raise ValidationError(_("Say when the comment was gathered."))
    if value > timezone.localdate():
        raise ValidationError(_("The date is in the future."))
    if not consultation.opens_on <= value <= consultation.closes_on:
        raise ValidationError(_("The date is outside the consultation's open window."))
    return value


def _participants_of(value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        raise ValidationError(_("The number of people is a whole number.")) from None
    if not 1 <= number <= 100000:
        raise ValidationError(_("The number of people must be between 1 and 100000."))
    return number


def offline_comments_enter(
    *, consultation: Consultation, contact_point: Organisation, rows: list[OfflineRow], user: Any
) -> OfflineReport:
    """Comments a contact point gathered offline, entered in bulk.

    Idempotent: a row already entered for this contact point (same text) is reported as unchanged. A row that
    cannot be read is skipped with its reason and leaves nothing behind; the others are saved.
    """
    if contact_point.body_type != BodyType.LEGISLATIVE_CONTACT_POINT:
        raise ValidationError(
            {"contact_point": _("%(org)s is not a grassroots legislative contact point.") % {"org": contact_point}}
        )
    if not path_in_scopes(contact_point.path, scopes_for(user, perm_codename(Comment, ADD))):
        raise PermissionDenied(
            _("You may not enter comments for %(org)s: it is outside your scope.") % {"org": contact_point}
        )
    if consultation.status not in (ConsultationStatus.OPEN, ConsultationStatus.CLOSED):
        raise ValidationError(
            _("Offline comments can be entered while the consultation is open or until feedback is published.")
        )
    if len(rows) > MAX_OFFLINE_ROWS:
        raise ValidationError(_("At most %(n)s rows at a time.") % {"n": MAX_OFFLINE_ROWS})
    report = OfflineReport()
    origin = f"point:{contact_point.pk}"
    for number, row in enumerate(rows, start=1):
        if not str(row.text or "").strip():
            continue  # an empty row of the form or sheet
        try:
            with transaction.atomic():
                text = _clean_text(str(row.text))
                key = dedupe_key(text, origin)
                if Comment.objects.filter(consultation=consultation, dedupe_key=key).exists():
                    report.unchanged.append(number)
                    continue
                comment = Comment(
                    consultation=consultation,
                    article=_article_for(consultation, row.article),
                    text=text,
                    contact_point=contact_point,
                    source=_source_of(row.source),
                    source_date=_date_of(row.source_date, consultation),
                    participants=_participants_of(row.participants),
                    source_note=str(row.source_note or "").strip()[:200],
                    flagged_words="、".join(screen_text(text))[:500],
                    dedupe_key=key,
                )
                comment_received(comment, actor=user)
                report.created.append(comment)
        except ValidationError as exc:
            report.skipped.append((number, _messages(exc)))
    return report


# --- clusters -------------------------------------------------------------------------------------------------


@transaction.atomic
def clusters_compute(*, consultation: Consultation, user: Any, threshold: float | None = None) -> int:
    """Group similar comments automatically. Clusters arranged by hand, and their comments, are left alone.

    Returns the number of automatic clusters now.
    """
    from fazhi.consultation.clustering import DEFAULT_THRESHOLD, cluster_texts, cluster_title

    _require_change(user, consultation)
    consultation.clusters.filter(is_manual=False).delete()  # their comments' cluster becomes empty (SET_NULL)
    comments = list(
        consultation.comments.exclude(moderation=Moderation.REJECTED).filter(cluster__isnull=True).order_by("pk")
    )
    groups = cluster_texts([c.text for c in comments], threshold or DEFAULT_THRESHOLD)
    made = 0
    for group in groups:
        if len(group) < 2:
            continue
        members = [comments[i] for i in group]
        cluster = CommentCluster.objects.create(
            consultation=consultation, title=cluster_title([m.text for m in members])
        )
        Comment.objects.filter(pk__in=[m.pk for m in members]).update(cluster=cluster)
        made += 1
    return made


@transaction.atomic
def clusters_merge(*, clusters: list[CommentCluster], user: Any, title: str = "") -> CommentCluster:
    """Merge clusters of one consultation into the first; the result counts as arranged by hand."""
    if len(clusters) < 2:
        raise ValidationError(_("Choose at least two clusters to merge."))
    target = clusters[0]
    if any(c.consultation_id != target.consultation_id for c in clusters):
        raise ValidationError(_("Only clusters of the same consultation can be merged."))
    for cluster in clusters:
        _require(user, CHANGE, cluster, _("Only the staff running this consultation may do this."))
    others = [c.pk for c in clusters[1:]]
    Comment.objects.filter(cluster_id__in=others).update(cluster=target)
    CommentCluster.objects.filter(pk__in=others).delete()
    target.is_manual = True
    if title.strip():
        target.title = title.strip()[:200]
    target.save()
    return target


@transaction.atomic
def comment_move(*, comment: Comment, cluster: CommentCluster | None, user: Any, new_title: str = "") -> Comment:
    """Take a comment out of its cluster (splitting it) into another cluster, a new one, or none."""
    _require_handle(user, comment)
    if cluster is not None and cluster.consultation_id != comment.consultation_id:
        raise ValidationError(_("That cluster belongs to another consultation."))
    old = comment.cluster
    if cluster is None and new_title.strip():
        cluster = CommentCluster.objects.create(
            consultation=comment.consultation, title=new_title.strip()[:200], is_manual=True
        )
    comment.cluster = cluster
    comment.save()
    for touched in (old, cluster):
        if touched is not None:
            touched.is_manual = True
            touched.save()
    if old is not None and not old.comments.exists():
        old.delete()
    return comment


# --- feedback -------------------------------------------------------------------------------------------------


def feedback_prefill(consultation: Consultation) -> str:
    """A first draft of the feedback report: how many comments, on what, and what became of them."""
    comments = consultation.comments.exclude(moderation=Moderation.REJECTED).select_related("article")
    total = comments.count()
    people = sum(c.participants or 1 for c in comments)
    offline = comments.filter(contact_point__isnull=False).count()
    adoption = Counter(comments.values_list("adoption", flat=True))
    lines = [
        _("%(title)s: public consultation from %(start)s to %(end)s.")
        % {"title": consultation.title, "start": consultation.opens_on, "end": consultation.closes_on},
        _(
            "%(total)s comments were received (%(offline)s of them gathered by grassroots legislative contact points), "
            "representing %(people)s people."
        )
        % {"total": total, "offline": offline, "people": people},
        _("Adopted: %(a)s; partly adopted: %(p)s; not adopted: %(n)s; not yet decided: %(u)s.")
        % {
            "a": adoption[Adoption.ADOPTED],
            "p": adoption[Adoption.PARTLY],
            "n": adoption[Adoption.NOT_ADOPTED],
            "u": adoption[""],
        },
        "",
    ]
    per_article = Counter((c.article.position if c.article else 0, c.target_label) for c in comments)
    for (_position, label), count in sorted(per_article.items()):
        lines.append(_("%(label)s: %(n)s comments") % {"label": label, "n": count})
    for cluster in consultation.clusters.prefetch_related("comments"):
        decided = [c for c in cluster.comments.all() if c.adoption]
        if decided:
            lines.append("")
            lines.append(f"{cluster.title}: {decided[0].get_adoption_display()}. {decided[0].adoption_reason}")
    return "\n".join(lines)


@transaction.atomic
def feedback_publish(*, consultation: Consultation, report: str, user: Any) -> Consultation:
    """Publish the feedback report (反馈); every commenter with an account is told."""
    _require_change(user, consultation)
    if consultation.status not in (ConsultationStatus.CLOSED, ConsultationStatus.FEEDBACK):
        raise ValidationError(_("Close the consultation before publishing the feedback report."))
    report = (report or "").strip()
    if not report:
        raise ValidationError({"report": _("Write the feedback report.")})
    if len(report) > 50000:
        raise ValidationError({"report": _("The report can be at most 50000 characters long.")})
    first = consultation.status != ConsultationStatus.FEEDBACK
    consultation.feedback_report = report
    consultation.status = ConsultationStatus.FEEDBACK
    consultation.feedback_published_at = timezone.now()
    consultation.save()
    if first:  # comments still awaiting moderation are answered one by one once published
        for comment in consultation.comments.filter(status__in=MARKABLE).order_by("pk"):
            comment_answer(comment=comment, user=user)
    return consultation
