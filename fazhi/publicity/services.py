"""Writes of publicity: publish a decision, withdraw it, end publication periods, import from other systems, and
the steps of a correction request. Every write is audited (``AuditedModel``) and runs in one transaction.

``publish_decision`` takes plain values (:class:`DecisionData`) so that any source can call it: the penalty cases
of this platform (connected to their ``decision_made`` signal at merge), an import file, another system's API.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core.pii import blind_index, id_number_is_valid, uscc_is_valid
from fazhi.laws.refs import CITATION_MAX_LENGTH, resolve_article
from fazhi.orgs.choices import OrganisationKind
from fazhi.orgs.models import Organisation
from fazhi.publicity import rules, signals
from fazhi.publicity.choices import DecisionKind, DecisionStatus, PartyKind, PenaltyType, Procedure
from fazhi.publicity.clocks import PUBLISH, WITHDRAW, due_date
from fazhi.publicity.models import (
    REF_MAX,
    SOURCE_MAX,
    CorrectionRequest,
    DecisionBasis,
    PublishedDecision,
    mask_person_name,
)
from fazhi.workflow.clocks import effective_amount
from fazhi.workflow.engine import begin, transition

PLATFORM_SOURCE = "fazhi"  # decisions of this platform's own penalty cases
_KINDS, _PROCEDURES, _PARTIES = frozenset(DecisionKind.values), frozenset(Procedure.values), frozenset(PartyKind.values)


@dataclass
class DecisionData:
    """One decision to publish, as plain values (what every source can give)."""

    source_system: str
    source_ref: str
    body: Organisation | str  # the organisation, or its code
    decision_date: dt.date
    party_kind: str
    party_name: str
    violation: str
    legal_bases: Sequence[str]
    content: str
    kind: str = DecisionKind.PENALTY
    penalty_types: Sequence[str] | str = ()
    fine_amount: Decimal | None = None
    procedure: str = Procedure.GENERAL
    party_credit_code: str = ""
    party_id_number: str = ""
    #: When another system published it first (import); default: now.
    published_on: dt.date | None = None


@dataclass
class Prepared:
    decision: PublishedDecision
    citations: list[str]


def _text(value: Any, name: str, max_length: int, *, required: bool = True) -> str:
    text = value.strip() if isinstance(value, str) else ("" if value is None else str(value).strip())
    if "\x00" in text:
        raise ValidationError({name: _("The text contains a NUL character.")})
    if required and not text:
        raise ValidationError({name: _("This field is required.")})
    if len(text) > max_length:
        raise ValidationError({name: _("At most %(n)d characters.") % {"n": max_length}})
    return text


@lru_cache(maxsize=4096)
def _body_by_code(code: str) -> Organisation | None:
    return Organisation.objects.filter(code=code, is_active=True).first()


@lru_cache(maxsize=1024)
def _district_id(path: str) -> int | None:
    """The district a body sits in, from its materialised path (``/31/310101/…``)."""
    parts = [p for p in path.split("/") if p]
    if len(parts) < 2:
        return None
    found = Organisation.objects.filter(code=parts[1], kind=OrganisationKind.DISTRICT).values_list("pk", flat=True)
    return next(iter(found), None)


@lru_cache(maxsize=8192)
def _resolved(citation: str) -> tuple[int | None, int | None]:
    try:
        ref = resolve_article(citation)
    except ValidationError:
        return None, None
    return ref.work.pk, ref.number


@lru_cache(maxsize=4096)
def _publish_due(decided: dt.date, amount: int) -> dt.date:
    """By when a decision of that day is published (memoised per day and amount in force: imports repeat days)."""
    return due_date(PUBLISH, decided, amount=amount)


def clear_caches() -> None:
    """Tests and imports after a directory or library change start from the database again."""
    _body_by_code.cache_clear()
    _district_id.cache_clear()
    _resolved.cache_clear()
    _publish_due.cache_clear()


def entity_key(kind: str, *, credit_code: str, id_number: str, name: str) -> str:
    """One key per entity: an organisation by its credit code, a person by the blind index of their ID number; a
    party without either by its kind and name (the best the decision allows)."""
    if kind == PartyKind.ORGANISATION and credit_code:
        return "c" + credit_code
    if kind == PartyKind.PERSON and id_number:
        return "p" + blind_index(id_number)[:32]
    return "n" + hashlib.sha256(f"{kind}|{name}".encode()).hexdigest()[:32]


def _decimal(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        raise ValidationError({"fine_amount": _("Enter the fine as a number of yuan.")}) from None
    if not amount.is_finite() or amount < 0 or amount >= Decimal("1e12"):
        raise ValidationError({"fine_amount": _("Enter the fine as a number of yuan.")})
    return amount.quantize(Decimal("0.01"))


def prepare(data: DecisionData, *, today: dt.date | None = None) -> Prepared:
    """Check one decision against the rules and build its record (not saved). A ``ValidationError`` names the
    field and, for a decision that must not be published, the article."""
    today = today or timezone.localdate()
    source = _text(data.source_system, "source_system", SOURCE_MAX)
    ref = _text(data.source_ref, "source_ref", REF_MAX)
    body = data.body if isinstance(data.body, Organisation) else _body_by_code(_text(data.body, "body", 32))
    if body is None:
        raise ValidationError({"body": _("No active organisation has this code.")})
    if data.kind not in _KINDS:
        raise ValidationError({"kind": _("Choose one of %(codes)s.") % {"codes": ", ".join(DecisionKind.values)}})
    if data.procedure not in _PROCEDURES:
        raise ValidationError({"procedure": _("Choose general or summary.")})
    if data.party_kind not in _PARTIES:
        raise ValidationError({"party_kind": _("Choose person or organisation.")})
    if not isinstance(data.decision_date, dt.date) or data.decision_date > today:
        raise ValidationError({"decision_date": _("Enter the date of the decision (not in the future).")})
    types = rules.parse_penalty_types(data.penalty_types)
    fine = _decimal(data.fine_amount)
    if data.kind == DecisionKind.PENALTY and not types:
        raise ValidationError({"penalty_types": _("Say what the penalty is (行政处罚法 第九条).")})
    if PenaltyType.FINE in types and not fine:
        raise ValidationError({"fine_amount": _("A fine needs its amount.")})
    refused = rules.refusal(kind=data.kind, procedure=data.procedure, penalty_types=types)
    if refused:
        raise ValidationError(refused, code="not_published")
    name = _text(data.party_name, "party_name", 200)
    credit_code = (data.party_credit_code or "").strip().upper()
    id_number = (data.party_id_number or "").strip().upper()
    if data.party_kind == PartyKind.ORGANISATION:
        if not uscc_is_valid(credit_code):
            raise ValidationError(
                {"party_credit_code": _("Enter the organisation's valid unified social credit code (GB 32100).")}
            )
        id_number = ""
    else:
        if id_number and not id_number_is_valid(id_number):
            raise ValidationError({"party_id_number": _("Enter a valid resident ID number (GB 11643).")})
        credit_code = ""
    citations = [_text(c, "legal_bases", CITATION_MAX_LENGTH) for c in (data.legal_bases or []) if str(c or "").strip()]
    if not citations:
        raise ValidationError({"legal_bases": _("Give at least one legal basis.")})
    published_on = data.published_on or today
    if published_on < data.decision_date or published_on > today:
        raise ValidationError({"published_on": _("Publication falls between the decision date and today.")})
    span = rules.period(kind=data.kind, penalty_types=types, fine_amount=fine)
    publish_due = _publish_due(data.decision_date, effective_amount(PUBLISH))
    decision = PublishedDecision(
        body=body,
        district_id=_district_id(body.path),
        kind=data.kind,
        source_system=source,
        source_ref=ref,
        party_kind=data.party_kind,
        party_name=name,
        public_name=name if data.party_kind == PartyKind.ORGANISATION else mask_person_name(name),
        party_credit_code=credit_code,
        party_id_number=id_number,
        party_id_index=blind_index(id_number) if id_number else "",
        entity_key=entity_key(data.party_kind, credit_code=credit_code, id_number=id_number, name=name),
        violation=_text(data.violation, "violation", 2000),
        legal_bases="\n".join(citations),
        content=_text(data.content, "content", 2000),
        penalty_types=",".join(sorted(types)),
        fine_amount=fine,
        procedure=data.procedure,
        decision_date=data.decision_date,
        publish_due=publish_due,
        published_on_time=published_on <= publish_due,
        period_ends=rules.add_months(published_on, span.months),
    )
    if data.published_on:
        decision.published_at = dt.datetime.combine(published_on, dt.time(9), tzinfo=timezone.get_current_timezone())
    return Prepared(decision, citations)


_UPDATABLE = (
    "body",
    "district_id",
    "kind",
    "party_kind",
    "party_name",
    "public_name",
    "party_credit_code",
    "party_id_number",
    "party_id_index",
    "entity_key",
    "violation",
    "legal_bases",
    "content",
    "penalty_types",
    "fine_amount",
    "procedure",
    "decision_date",
    "publish_due",
)


def _bases_for(decision: PublishedDecision, citations: Iterable[str]) -> list[DecisionBasis]:
    bases = []
    for citation in citations:
        work_id, number = _resolved(citation)
        bases.append(DecisionBasis(decision=decision, work_id=work_id, number=number, citation=citation))
    return bases


def publish_decision(data: DecisionData, *, user: Any = None) -> PublishedDecision:
    """Publish a decision, or update the one published from the same source and reference (idempotent). A
    withdrawn decision stays withdrawn: publishing it again is refused."""
    prepared = prepare(data)
    new = prepared.decision
    with transaction.atomic():
        existing = (
            PublishedDecision.objects.select_for_update()
            .filter(source_system=new.source_system, source_ref=new.source_ref)
            .first()
        )
        if existing is None:
            new.save()
            DecisionBasis.objects.bulk_create(_bases_for(new, prepared.citations))
            signals.decision_published.send(PublishedDecision, decision=new, created=True)
            return new
        if existing.status == DecisionStatus.WITHDRAWN:
            raise ValidationError(
                _("Decision %(ref)s was withdrawn on %(day)s; publish the new decision under its own number.")
                % {"ref": existing.source_ref, "day": timezone.localdate(existing.withdrawn_at)}
            )
        for name in _UPDATABLE:
            setattr(existing, name, getattr(new, name))
        existing.save()
        if list(existing.bases.values_list("citation", flat=True)) != prepared.citations:
            existing.bases.all().delete()
            DecisionBasis.objects.bulk_create(_bases_for(existing, prepared.citations))
        signals.decision_published.send(PublishedDecision, decision=existing, created=False)
        return existing


def may_manage(user: Any, decision: PublishedDecision) -> bool:
    return bool(PublishedDecision.policy.allows_object(user, "change", decision)) if user is not None else False


def withdraw_decision(
    source: str,
    source_ref: str,
    reason: str,
    *,
    changed_on: dt.date | None = None,
    user: Any = None,
    now: dt.datetime | None = None,
) -> PublishedDecision:
    """Withdraw a published decision that was changed, revoked, found unlawful or void, with the reason shown
    publicly (行政处罚法 第四十八条第二款: within 3 日 of the change, ``changed_on``). ``user``: staff acting in the
    console (checked against the body's scope); None: a system call (a penalty case's signal)."""
    reason = _text(reason, "reason", 2000)
    now = now or timezone.now()
    with transaction.atomic():
        decision = (
            PublishedDecision.objects.select_for_update()
            .select_related("body")
            .filter(source_system=source, source_ref=source_ref)
            .first()
        )
        if decision is None:
            raise ValidationError(_("No published decision has this source and number."))
        if user is not None and not may_manage(user, decision):
            raise PermissionDenied(_("Only staff of the deciding body may withdraw its decisions."))
        if decision.status == DecisionStatus.WITHDRAWN:
            return decision
        changed_on = changed_on or timezone.localdate(now)
        decision.withdraw_due = due_date(WITHDRAW, changed_on)
        decision.withdrawn_on_time = timezone.localdate(now) <= decision.withdraw_due
        decision.status, decision.withdrawn_at, decision.withdrawal_reason = DecisionStatus.WITHDRAWN, now, reason
        decision.save()
        signals.decision_withdrawn.send(PublishedDecision, decision=decision, reason=reason)
    return decision


def expire_due(today: dt.date | None = None) -> int:
    """The daily sweep: decisions whose publication period has ended leave the public search (kept, marked
    expired). Idempotent; one audited update per decision."""
    today = today or timezone.localdate()
    due = PublishedDecision.objects.filter(status=DecisionStatus.PUBLISHED, period_ends__lt=today)
    count = 0
    for pks in _chunks(due.values_list("pk", flat=True).iterator(chunk_size=2000), 500):
        with transaction.atomic():
            count += PublishedDecision.objects.filter(pk__in=pks, status=DecisionStatus.PUBLISHED).update(
                status=DecisionStatus.EXPIRED, expired_at=timezone.now()
            )
    return count


def _chunks(items: Iterable[Any], size: int) -> Iterable[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


# --- correction requests (公示规定 第十二条) ---------------------------------------------------------------------


def is_party(decision: PublishedDecision, identifier: str) -> bool:
    """Whether ``identifier`` (an ID number or credit code the requester gives) is the decision's party's."""
    value = (identifier or "").strip().upper()
    if not value:
        return False
    if decision.party_kind == PartyKind.ORGANISATION:
        return value == decision.party_credit_code
    return bool(decision.party_id_index) and blind_index(value) == decision.party_id_index


def correction_submit(
    *, decision: PublishedDecision, user: Any, identifier: str, what_is_wrong: str, evidence: str
) -> CorrectionRequest:
    """The party asks for a correction: only of its own record, shown by the ID number or credit code the
    decision names (the same refusal whether the record is someone else's or the number is mistyped)."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied(_("Sign in to request a correction."))
    if not decision.is_public:
        raise ValidationError(_("This decision is no longer published."))
    if not is_party(decision, identifier):
        raise ValidationError(
            {
                "identifier": _(
                    "Only the party of a decision may ask to correct it (市场监督管理行政处罚信息公示规定 第十二条): "
                    "the number you gave is not the party's."
                )
            }
        )
    request = CorrectionRequest(
        decision=decision,
        submitter=user,
        organisation=decision.body,
        what_is_wrong=_text(what_is_wrong, "what_is_wrong", 2000),
        evidence=_text(evidence, "evidence", 2000),
    )
    from fazhi.casework.services import record_event

    with transaction.atomic():
        begin(request)
        request.save()
        record_event(request, status=request.status, actor=user, saved=True)
    return request


def correction_accept(
    *, request: CorrectionRequest, user: Any, correction: str, content: str = "", violation: str = ""
) -> CorrectionRequest:
    with transition(request, "correct", user) as step:
        request = step.matter
        correction = _text(correction, "correction", 2000)
        decision = PublishedDecision.objects.select_for_update().get(pk=request.decision_id)
        if content.strip():
            decision.content = _text(content, "content", 2000)
        if violation.strip():
            decision.violation = _text(violation, "violation", 2000)
        decision.corrected_at, decision.correction_note = timezone.now(), correction
        decision.save()
        _answer(request, user, correction)
        step.note = correction
    return request


def correction_decline(*, request: CorrectionRequest, user: Any, reason: str) -> CorrectionRequest:
    with transition(request, "decline", user) as step:
        request = step.matter
        reason = _text(reason, "reason", 2000)
        _answer(request, user, reason)
        step.note = reason
    return request


def _answer(request: CorrectionRequest, user: Any, text: str) -> None:
    request.answer, request.answered_by = text, user
    request.answered_on_time = request.due_at is None or timezone.now() <= request.due_at
