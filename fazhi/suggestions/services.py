"""Every step of a people's suggestion, with its rules (上海市人民建议征集若干规定 第十条–第十六条).

register (submit) → accept (or decline) → route to a lead and co-handling organisations → handle (notes) →
reply → record conversions → close. Each step goes through :func:`fazhi.casework.services.record_event`, which
keeps the timeline of 我的办件, sets the step's deadline from the configured time limit (the fast track for
emergencies) and tells the submitter. Who may act: the receiving organisation's handlers accept, decline and
route; handlers of the lead organisation reply, convert and close; co-handlers add notes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.accounts.services import staff_holding
from fazhi.attachments.services import attachment_create, validate_upload
from fazhi.casework.abuse import normalise_for_duplicates, refuse_markup, screen_or_refuse
from fazhi.casework.models import ModerationStatus
from fazhi.casework.services import record_event
from fazhi.core.permissions import CHANGE, path_in_scopes, perm_codename, scopes_for
from fazhi.notifications.services import notify
from fazhi.orgs.models import Organisation
from fazhi.suggestions.choices import (
    ANSWERED_STATUSES,
    Channel,
    NoteKind,
    SolicitationState,
    SubmitterKind,
    SuggestionStatus,
)
from fazhi.suggestions.models import (
    Conversion,
    Evaluation,
    HandlingNote,
    Solicitation,
    Suggestion,
    SuggestionRoute,
)
from fazhi.workflow.engine import begin, reset_deadline, transition

S = SuggestionStatus
MAX_ATTACHMENTS = 5
DUPLICATE_WINDOW = dt.timedelta(days=1)

# 第十条第二款: words that mark a personal claim or a matter for a lawsuit, arbitration or reconsideration, and the
# channel each points to. A hit flags the suggestion (staff decide); it never refuses it.
NOT_A_SUGGESTION_RULES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("诉讼", "起诉", "上诉", "判决", "裁定", "仲裁", "行政复议", "申诉"), Channel.LEGAL_AID),
    (("个人赔偿", "赔偿我", "退还我", "我的工资", "欠薪", "讨薪", "补偿我"), Channel.HOTLINE),
    (("邻居", "纠纷", "矛盾"), Channel.MEDIATION),
)


def detect_not_a_suggestion(*texts: str) -> tuple[list[str], list[str]]:
    """(terms found, channels to point to), each in order and once."""
    joined = "\n".join(texts)
    terms: list[str] = []
    channels: list[str] = []
    for words, channel in NOT_A_SUGGESTION_RULES:
        found = [word for word in words if word in joined]
        if found:
            terms += found
            channels.append(str(channel))
    return list(dict.fromkeys(terms)), list(dict.fromkeys(channels))


def fingerprint_of(theme: str, facts: str, proposal: str) -> str:
    return hashlib.sha256(normalise_for_duplicates(f"{theme}{facts}{proposal}").encode()).hexdigest()


def _handler_of(user: Any, organisation: Organisation | None) -> bool:
    """Whether ``user`` handles suggestions within ``organisation``'s subtree (not as the submitter)."""
    if organisation is None:
        return False
    return path_in_scopes(organisation.path, scopes_for(user, perm_codename(Suggestion, CHANGE)))


def may_handle(user: Any, suggestion: Suggestion) -> bool:
    """Handlers of the current (receiving or lead) organisation."""
    return _handler_of(user, suggestion.organisation)


def may_take_part(user: Any, suggestion: Suggestion) -> bool:
    """Handlers of the lead or of a co-handling organisation."""
    return may_handle(user, suggestion) or any(_handler_of(user, r.organisation) for r in suggestion.routes.all())


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _require_status(suggestion: Suggestion, allowed: Iterable[str], step: Any) -> None:
    if suggestion.status not in allowed:
        raise ValidationError(
            _("This suggestion is %(status)s: it cannot be %(step)s now.")
            % {"status": suggestion.get_status_display(), "step": step}
        )


def _locked(suggestion: Suggestion) -> Suggestion:
    """The stored row, locked for the step (two handlers clicking at once act one after the other)."""
    return (
        Suggestion.objects.select_for_update(of=("self",))
        .select_related("organisation", "submitter")
        .get(pk=suggestion.pk)
    )


def _clean_text(value: str, field: str, *, required: bool = True, limit: int = 5000) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: _("This field is required.")})
    if len(value) > limit:
        raise ValidationError({field: _("At most %(limit)s characters.") % {"limit": limit}})
    refuse_markup(**{field: value})
    return value


def _notify_handlers(organisations: Iterable[Organisation], suggestion: Suggestion, title: str) -> None:
    from django.urls import reverse

    recipients = {u for org in organisations for u in staff_holding(org, perm_codename(Suggestion, CHANGE))}
    if recipients:
        notify(
            sorted(recipients, key=lambda u: u.pk),
            title=title,
            body=suggestion.theme,
            url=reverse("suggestions_console:detail", args=[suggestion.pk]),
        )


# --- submission -----------------------------------------------------------------------------------------------


def suggestion_submit(
    *,
    user: Any,
    theme: str,
    facts: str,
    proposal: str,
    organisation: Organisation | None = None,
    solicitation: Solicitation | None = None,
    submitter_kind: str = SubmitterKind.CITIZEN,
    submitter_name: str = "",
    contact_phone: str = "",
    contact_email: str = "",
    consent_publish: bool = False,
    attachments: Iterable[UploadedFile] = (),
) -> Suggestion:
    """Register a suggestion (登记) and give it a tracking number. Refuses, saving nothing: missing elements,
    markup, blocked words, a duplicate of the submitter's own within a day, a closed solicitation, an anonymous
    submission where it is not allowed, a bad attachment. Flags sensitive words (for the moderator) and the
    matters of 第十条第二款 (with the channels to point to)."""
    signed_in = bool(getattr(user, "is_authenticated", False))
    errors: dict[str, str] = {}
    theme, facts, proposal = (theme or "").strip(), (facts or "").strip(), (proposal or "").strip()
    for field, value, label in (
        ("theme", theme, _("the theme")),
        ("facts", facts, _("the facts and reasons")),
        ("proposal", proposal, _("your proposal")),
    ):
        if not value:
            errors[field] = _("A suggestion needs %(element)s (第十条).") % {"element": label}
    if len(theme) > 200:
        errors["theme"] = _("At most %(limit)s characters.") % {"limit": 200}
    for field, value in (("facts", facts), ("proposal", proposal)):
        if len(value) > 5000:
            errors[field] = _("At most %(limit)s characters.") % {"limit": 5000}
    if submitter_kind not in SubmitterKind.values:
        errors["submitter_kind"] = _("Choose a person or an organisation.")
    elif submitter_kind == SubmitterKind.ORGANISATION and not submitter_name.strip():
        errors["submitter_name"] = _("Give the organisation's name.")
    if solicitation is not None:
        if solicitation.state != SolicitationState.OPEN:
            errors["solicitation"] = _("This solicitation is not taking suggestions (it is closed or not open yet).")
        organisation = solicitation.organisation
        if not signed_in and not solicitation.allow_anonymous:
            errors["__all__"] = _("Please sign in to submit a suggestion: this solicitation takes no anonymous ones.")
    elif not signed_in:
        errors["__all__"] = _(
            "Please sign in to submit a suggestion; anonymous suggestions are taken only by some solicitations."
        )
    if organisation is None:
        organisation = Organisation.objects.filter(parent__isnull=True).order_by("pk").first()
    attachments = list(attachments)
    if attachments and not signed_in:
        errors["attachments"] = _("Anonymous suggestions cannot carry files. Sign in to attach them.")
    elif len(attachments) > MAX_ATTACHMENTS:
        errors["attachments"] = _("At most %(count)s files.") % {"count": MAX_ATTACHMENTS}
    if errors:
        raise ValidationError(errors)
    refuse_markup(theme=theme, facts=facts, proposal=proposal, submitter_name=submitter_name)
    for upload in attachments:  # checked before anything is stored
        try:
            validate_upload(upload)
        except ValidationError as exc:
            raise ValidationError({"attachments": f"{upload.name}: {' '.join(exc.messages)}"}) from exc
    flagged = screen_or_refuse(theme, facts, proposal)
    fingerprint = fingerprint_of(theme, facts, proposal)
    if (
        signed_in
        and Suggestion.objects.filter(
            submitter=user, fingerprint=fingerprint, created_at__gte=timezone.now() - DUPLICATE_WINDOW
        ).exists()
    ):
        raise ValidationError(
            _(
                "You submitted the same suggestion within the last day. "
                "Follow it in My matters instead of sending it again."
            )
        )
    terms, channels = detect_not_a_suggestion(theme, facts, proposal)
    suggestion = Suggestion(
        submitter=user if signed_in else None,
        organisation=organisation,
        solicitation=solicitation,
        is_emergency=bool(solicitation and solicitation.is_emergency),
        theme=theme,
        facts=facts,
        proposal=proposal,
        submitter_kind=submitter_kind,
        submitter_name=submitter_name.strip()[:100],
        contact_phone=(contact_phone or "").strip(),
        contact_email=(contact_email or "").strip(),
        consent_publish=consent_publish,
        not_a_suggestion=bool(terms),
        not_a_suggestion_terms="、".join(terms)[:200],
        channels=",".join(channels),
        fingerprint=fingerprint,
        flagged_words="、".join(flagged)[:500],
    )
    if not consent_publish:  # nothing to moderate: it will never be shown
        suggestion.moderation = ModerationStatus.REJECTED
        suggestion.moderation_note = _("The submitter did not consent to publication.")
    suggestion.full_clean(exclude=["tracking_number", "fingerprint"])
    with transaction.atomic():
        begin(suggestion)  # the first clock: accept or decline
        record_event(suggestion, status=S.REGISTERED, actor=user, note=_("Suggestion received."), set_deadline=False)
        for upload in attachments:
            attachment_create(upload=upload, target=suggestion, user=user)
        _notify_handlers(
            [organisation], suggestion, _("New suggestion %(number)s") % {"number": suggestion.tracking_number}
        )
    return suggestion


# --- handling: each step's own part; the guard, the state, the clock and the history come from workflow.py ---


def suggestion_accept(
    *, suggestion: Suggestion, user: Any, emergency: bool | None = None, note: str = ""
) -> Suggestion:
    """受理: the receiving organisation takes the suggestion up (optionally putting it on the fast track)."""
    with transition(suggestion, "accept", user) as step:
        if emergency is not None:
            step.matter.is_emergency = emergency
        step.note = _clean_text(note, "note", required=False) or _("Accepted for handling.")
    return step.matter


def suggestion_decline(*, suggestion: Suggestion, user: Any, reason: str) -> Suggestion:
    """不予受理: not a suggestion (e.g. 第十条第二款); the reason and the channels go to the submitter."""
    with transition(suggestion, "decline", user) as step:
        reason = _clean_text(reason, "reason")
        if step.matter.channel_labels:
            reason += "\n" + _("Where it belongs: %(channels)s") % {
                "channels": "; ".join(map(str, step.matter.channel_labels))
            }
        step.note = reason
    return step.matter


def suggestion_route(
    *,
    suggestion: Suggestion,
    user: Any,
    lead: Organisation,
    co_handlers: Iterable[Organisation] = (),
    note: str = "",
) -> Suggestion:
    """转送: to the organisation that leads the handling, and those that take part (第十一条第二款). Routing again
    replaces the routes; the answer's clock starts now."""
    co_handlers = [org for org in co_handlers if org.pk != lead.pk]
    with transition(suggestion, "route", user) as step:
        suggestion = step.matter
        note = _clean_text(note, "note", required=False, limit=500)
        if not lead.is_active or any(not org.is_active for org in co_handlers):
            raise ValidationError({"lead": _("Route only to active organisations.")})
        if len(co_handlers) > 20:
            raise ValidationError({"co_handlers": _("At most %(count)s co-handling organisations.") % {"count": 20}})
        suggestion.routes.all().delete()
        SuggestionRoute.objects.create(suggestion=suggestion, organisation=lead, is_lead=True, note=note)
        for org in dict.fromkeys(co_handlers):
            SuggestionRoute.objects.create(suggestion=suggestion, organisation=org, note=note)
        suggestion.organisation = lead
        names = "、".join(str(org) for org in [lead, *co_handlers])
        step.note = _("Routed to %(names)s.") % {"names": names} + (f"\n{note}" if note else "")
    suggestion.answer_due_at = suggestion.due_at
    suggestion.save(update_fields=["answer_due_at", "updated_at"])
    _notify_handlers(
        [lead, *co_handlers],
        suggestion,
        _("Suggestion %(number)s routed to you") % {"number": suggestion.tracking_number},
    )
    return suggestion


def suggestion_note(*, suggestion: Suggestion, user: Any, text: str, kind: str = NoteKind.NOTE) -> HandlingNote:
    """Research notes and meetings (第十一条第二款), by the lead or a co-handler; the deadline stays. The first note
    after routing marks the suggestion as being handled."""
    with transition(suggestion, "note", user) as step:
        suggestion = step.matter
        if kind not in NoteKind.values:
            raise ValidationError({"kind": _("Choose a kind of note.")})
        text = _clean_text(text, "text")
        organisation = next(
            (r.organisation for r in suggestion.routes.all() if _handler_of(user, r.organisation)),
            suggestion.organisation,
        )
        note = HandlingNote.objects.create(suggestion=suggestion, organisation=organisation, kind=kind, text=text)
        step.target = S.HANDLING if suggestion.status == S.ROUTED else None
        step.note, step.public_note = f"{note.get_kind_display()}: {text}", False
        step.notify = step.target is not None
        step.result = note
    return note


def suggestion_reply(*, suggestion: Suggestion, user: Any, text: str) -> Suggestion:
    """答复 (第十二条第二项): the lead organisation answers; whether it was within the time limit is kept for the
    indicators. An anonymous submission is answered on the record only (no one to tell)."""
    with transition(suggestion, "reply", user) as step:
        suggestion = step.matter
        suggestion.reply = _clean_text(text, "text", limit=10000)
        now = timezone.now()
        suggestion.replied_at, suggestion.replied_by = now, user
        suggestion.replied_on_time = suggestion.answer_due_at is None or now <= suggestion.answer_due_at
        step.note = suggestion.reply
    return suggestion


def conversion_add(
    *, suggestion: Suggestion, user: Any, kind: str, description: str, url: str = "", work: Any = None
) -> Conversion:
    """落实转化 (第十三条): how the suggestion was put into effect, with a link to the result."""
    with transition(suggestion, "convert", user) as step:
        conversion = Conversion(
            suggestion=step.matter,
            kind=kind,
            description=_clean_text(description, "description", limit=2000),
            url=(url or "").strip(),
            work=work,
        )
        conversion.full_clean()
        conversion.save()
        step.note = _("Put into effect: %(kind)s. %(description)s") % {
            "kind": conversion.get_kind_display(),
            "description": conversion.description,
        }
    return conversion


def suggestion_close(*, suggestion: Suggestion, user: Any, note: str = "") -> Suggestion:
    """办结, after the answer."""
    with transition(suggestion, "close", user) as step:
        step.note = _clean_text(note, "note", required=False)
    return step.matter


def suggestion_set_emergency(*, suggestion: Suggestion, user: Any, emergency: bool) -> Suggestion:
    """第十四条: put an open item on (or take it off) the fast track; the running clock's deadline is re-set."""
    with transition(suggestion, "emergency", user) as step:
        suggestion = step.matter
        suggestion.is_emergency = emergency
        reset_deadline(suggestion)
        if suggestion.clock == "suggestions.answer":
            suggestion.answer_due_at = suggestion.due_at
        step.note = _("Put on the fast track.") if emergency else _("Taken off the fast track.")
        step.public_note, step.notify = False, False
    return suggestion


def suggestion_commend(*, suggestion: Suggestion, user: Any, text: str) -> Suggestion:
    """第十六条: commend a valuable suggestion (shown with it when it is published)."""
    with transition(suggestion, "commend", user) as step:
        suggestion = step.matter
        suggestion.commendation = _clean_text(text, "text", limit=500)
        suggestion.commended_at = timezone.now()
        step.note = _("Commended: %(text)s") % {"text": suggestion.commendation}
    return suggestion


def suggestion_evaluate(*, suggestion: Suggestion, user: Any, score: Any, comment: str = "") -> Evaluation:
    """公众评价 (第七条): a rating of the answer (1–5), once per person. The submitter rates their own once it is
    answered; anyone else signed in, once it is published on the portal (consent, moderation, answer)."""
    with transaction.atomic():
        suggestion = _locked(suggestion)  # also makes a second rating by the same person wait, then see the first
        if not getattr(user, "is_authenticated", False):
            raise PermissionDenied(_("Sign in to rate the answer."))
        by_submitter = suggestion.submitter_id == user.pk
        if by_submitter:
            _require_status(suggestion, ANSWERED_STATUSES, _("rated"))
        elif not Suggestion.objects.published().filter(pk=suggestion.pk).exists():
            raise PermissionDenied(
                _("Only the person who submitted this suggestion may rate its answer until it is published.")
            )
        if Evaluation.objects.filter(suggestion=suggestion, evaluator=user).exists():
            raise ValidationError(_("You have already rated this answer. Each person rates it once."))
        try:
            score = int(score)
        except (TypeError, ValueError):
            score = 0
        if not 1 <= score <= 5:
            raise ValidationError({"score": _("Choose a rating from 1 to 5.")})
        evaluation = Evaluation(
            suggestion=suggestion,
            evaluator=user,
            by_submitter=by_submitter,
            score=score,
            comment=_clean_text(comment, "comment", required=False, limit=2000),
        )
        evaluation.full_clean()
        evaluation.save()
    return evaluation


# --- solicitations ------------------------------------------------------------------------------------------


def solicitation_publish_feedback(*, solicitation: Solicitation, user: Any, text: str) -> Solicitation:
    """集中反馈 (第十二条第一项): after the window, the collective report on what was received and done."""
    from fazhi.core.permissions import policy_of

    _require(policy_of(Solicitation).allows(user, CHANGE, solicitation), _("You may not change this solicitation."))
    if solicitation.state != SolicitationState.CLOSED:
        raise ValidationError(_("Publish the feedback report after the solicitation has closed."))
    solicitation.feedback = _clean_text(text, "text", limit=20000)
    solicitation.feedback_published_at = timezone.now()
    with transaction.atomic():
        solicitation.save()
        submitters = {
            s.submitter for s in solicitation.suggestions.filter(submitter__isnull=False).select_related("submitter")
        }
        if submitters:
            notify(
                sorted(submitters, key=lambda u: u.pk),
                title=_("Feedback published: %(title)s") % {"title": solicitation.title},
                url=solicitation.get_absolute_url(),
            )
    return solicitation
