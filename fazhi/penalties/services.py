"""Penalty-case services: filing (not a step: it creates the case) and one service per step of
``penalties/workflow.py``, each inside the workflow guard (``transition``: lock, who may act, state, audit, clock).

Every refusal names the rule and its article and leaves nothing written. Dates that the law counts from (notice
served, hearing, decision, service, payment, 催告) are given by the officer and may not lie in the future; the
clocks are started from them, so the deadline is the one the law sets for that date.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.attachments.models import Attachment
from fazhi.attachments.services import attachment_create
from fazhi.core.permissions import ADD, policy_of
from fazhi.core.pii import validate_id_number, validate_uscc
from fazhi.enforcement import rules
from fazhi.enforcement.models import EnforcementMatter, Officer
from fazhi.laws.refs import resolve_article
from fazhi.penalties.choices import (
    CHANGING_OUTCOMES,
    SUMMARY_KINDS,
    CaseStatus,
    DecisionKind,
    PartyKind,
    Procedure,
    RemedyOutcome,
    ReviewOutcome,
)
from fazhi.penalties.models import CaseCounter, CaseEvent, PenaltyCase
from fazhi.penalties.signals import decision_changed, decision_made
from fazhi.workflow.clocks import clock_named, deadline
from fazhi.workflow.engine import pause_clock, resume_clock, start_clock, stop_clock, transition

S = CaseStatus

# Clock keys (declared with their articles in penalties/workflow.py).
DECIDE = "penalties.decide"
SERVE = "penalties.serve"
PAY = "penalties.pay"
HEARING_REQUEST = "penalties.hearing_request"
HEARING_NOTICE = "penalties.hearing_notice"
LIMITATION = "penalties.limitation"
LIMITATION_GRAVE = "penalties.limitation_grave"
REMEDY_PERIOD = "penalties.remedy_period"
COURT_WAIT = "penalties.court_wait"
COURT = "penalties.court"

#: 第五十一条: the summary procedure's limits.
SUMMARY_LIMITS = {PartyKind.PERSON: Decimal("200"), PartyKind.ORGANISATION: Decimal("3000")}
#: 第七十二条第一款第一项: 每日按罚款数额的百分之三加处罚款，加处罚款的数额不得超出罚款的数额.
SURCHARGE_RATE = Decimal("0.03")
#: Steps that record a decision (publicity publishes from ``decision_made``).
DECISION_STEPS = frozenset({"decide", "decide_on_spot", "exempt"})
#: How severe each decision is, to refuse a decision heavier than the one the party was told of (第六十二条).
SEVERITY = {
    DecisionKind.NO_PENALTY: 0,
    DecisionKind.WARNING: 1,
    DecisionKind.FINE: 2,
    DecisionKind.CONFISCATION: 3,
    DecisionKind.SUSPENSION: 4,
    DecisionKind.REVOCATION: 5,
}
FINED = (DecisionKind.FINE, DecisionKind.CONFISCATION)

_SEPARATORS = re.compile(r"[\s,，、;；]+")


# --- helpers -----------------------------------------------------------------------------------------------------


def today() -> dt.date:
    return timezone.localdate()


def moment(day: dt.date) -> dt.datetime:
    """The moment a clock counts from for ``day``: now for today, noon of an earlier day (the day itself never
    counts, 民法典 第二百零一条, so the hour does not matter)."""
    if day == today():
        return timezone.now()
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0)))


def due_day(clock_key: str, start: dt.date) -> dt.date:
    """The last day of ``clock_key``'s period counted from ``start`` (holidays and month ends as the law counts)."""
    return timezone.localdate(deadline(clock_named(clock_key), moment(start))[0])


def _not_future(day: dt.date | None, field: str, label: str) -> dt.date:
    if day is None:
        return today()
    if day > today():
        raise ValidationError({field: _("%(what)s cannot lie in the future.") % {"what": label}})
    return day


def _clean(text: str | None) -> str:
    return (text or "").strip()


def _required(text: str | None, field: str, message: str) -> str:
    value = _clean(text)
    if not value:
        raise ValidationError({field: message})
    return value


def officers_named(body: Any, certificates: str, *, field: str, on: dt.date) -> list[Officer]:
    """The body's active officers with these certificate numbers (separated by commas or spaces), each with a
    certificate valid on ``on``; a refusal names the number that is not one."""
    numbers = [n for n in _SEPARATORS.split(certificates or "") if n]
    found = {o.certificate_number: o for o in Officer.objects.filter(certificate_number__in=numbers)}
    chosen: list[Officer] = []
    for number in dict.fromkeys(numbers):
        officer = found.get(number)
        if officer is None or officer.body_id != body.pk or not officer.is_active:
            raise ValidationError(
                {
                    field: _("%(number)s is not the certificate of an active officer of %(body)s.")
                    % {"number": number, "body": body}
                }
            )
        if officer.certificate_valid_until and officer.certificate_valid_until < on:
            raise ValidationError(
                {
                    field: _("The enforcement certificate of %(officer)s expired on %(day)s.")
                    % {"officer": officer, "day": officer.certificate_valid_until}
                }
            )
        chosen.append(officer)
    return chosen


def _next_number(body: Any, year: int) -> str:
    """``<body code>罚〔2026〕0007号``: the body's seventh case of 2026, counted under a row lock."""
    counter, _created = CaseCounter.objects.select_for_update().get_or_create(body=body, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{body.code}罚〔{year}〕{counter.last:04d}号"


def record_step(matter: PenaltyCase, current: Any, now: dt.datetime) -> None:
    """How a case records a step (``Workflow.record``): save it (audited), write its ``CaseEvent`` with the clock
    then running, and tell publicity of a decision — all in the step's transaction."""
    matter.save()
    CaseEvent.objects.create(
        case=matter,
        step=current.step.name,
        label=str(current.step.label),
        status=matter.status,
        note=current.note[:5000],
        actor=current.user if getattr(current.user, "is_authenticated", False) else None,
        at=now,
        clock=matter.clock,
        due_at=matter.due_at,
    )
    if current.step.name in DECISION_STEPS:
        decision_made.send(sender=PenaltyCase, case=matter)
    elif current.step.name == "record_remedy" and matter.remedy_outcome in CHANGING_OUTCOMES:
        decision_changed.send(sender=PenaltyCase, case=matter, reason=current.note)


# --- evidence (第四十七条: the whole process recorded; hashes make later changes evident) ----------------------------


def evidence_of(case: PenaltyCase) -> models.QuerySet[Attachment]:
    from django.contrib.contenttypes.models import ContentType

    return Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(PenaltyCase), object_id=str(case.pk)
    ).order_by("created_at", "pk")


def file_hash(attachment: Attachment) -> str | None:
    """The SHA-256 of the stored file now (``None``: the file is gone)."""
    digest = hashlib.sha256()
    try:
        with attachment.file.open("rb") as handle:
            for chunk in iter(lambda: handle.read(65536), b""):
                digest.update(chunk)
    except (FileNotFoundError, OSError):
        return None
    finally:
        attachment.file.close()
    return digest.hexdigest()


def evidence_status(case: PenaltyCase) -> list[tuple[Attachment, bool]]:
    """Each piece of evidence with whether its content still has the hash recorded when it was uploaded."""
    return [(item, file_hash(item) == item.sha256) for item in evidence_of(case)]


def require_intact_evidence(case: PenaltyCase) -> None:
    """Refuse a step that relies on the evidence when a file changed or vanished since upload (第四十七条)."""
    broken = [item.original_name for item, intact in evidence_status(case) if not intact]
    if broken:
        raise ValidationError(
            _(
                "Evidence changed since it was recorded (its SHA-256 no longer matches): %(files)s. The whole process "
                "must be recorded unaltered (行政处罚法 第四十七条); record the matter and attach the evidence again."
            )
            % {"files": "、".join(broken)}
        )


def evidence_add(*, case: PenaltyCase, upload: UploadedFile, user: Any, description: str = "") -> Attachment:
    """Attach a piece of evidence (photo, record, recording transcript…); its SHA-256 is recorded at upload."""
    if case.status == S.CLOSED:
        raise ValidationError(_("The case is closed and archived: its file can no longer change."))
    return attachment_create(upload=upload, target=case, user=user, description=description)


# --- filing (立案) --------------------------------------------------------------------------------------------------


def limitation_end(act_date: dt.date, grave_harm: bool) -> dt.date:
    """The last day a violation committed on ``act_date`` may still be discovered (第三十六条)."""
    return due_day(LIMITATION_GRAVE if grave_harm else LIMITATION, act_date)


def case_file(
    *,
    user: Any,
    body: Any,
    matter: EnforcementMatter,
    party_kind: str,
    party_name: str,
    act_date: dt.date,
    facts: str,
    party_credit_code: str = "",
    party_id_number: str = "",
    party_address: str = "",
    act_place: str = "",
    grave_harm: bool = False,
    procedure: str = Procedure.GENERAL,
    filed_on: dt.date | None = None,
) -> PenaltyCase:
    """立案 (第五十四条): a case of ``body`` under one of its matters, checked against the limitation of 第三十六条,
    numbered per body and year; the 90-day decision clock of 第六十条 starts on the filing day."""
    filed = _not_future(filed_on, "filed_on", _("The filing date"))
    case = PenaltyCase(
        body=body,
        matter=matter,
        procedure=procedure,
        party_kind=party_kind,
        party_name=_required(party_name, "party_name", _("Give the party's name.")),
        party_credit_code=_clean(party_credit_code).upper(),
        party_id_number=_clean(party_id_number).upper(),
        party_address=_clean(party_address),
        act_date=act_date,
        act_place=_clean(act_place),
        facts=_required(facts, "facts", _("Summarise the facts of the violation.")),
        grave_harm=grave_harm,
        filed_on=filed,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    if user is None or not policy_of(PenaltyCase).allows(user, ADD, case):
        raise PermissionDenied(_("Only staff of %(body)s (or above it) may file its cases.") % {"body": body})
    if matter.body_id != body.pk:
        raise ValidationError(
            {"matter": _("%(matter)s is not a power of %(body)s.") % {"matter": matter, "body": body}}
        )
    if party_kind == PartyKind.ORGANISATION:
        if not case.party_credit_code:
            raise ValidationError({"party_credit_code": _("Give the organisation's unified social credit code.")})
        validate_uscc(case.party_credit_code)
        case.party_id_number = ""
    elif party_kind == PartyKind.PERSON:
        if case.party_id_number:
            validate_id_number(case.party_id_number)
        case.party_credit_code = ""
    else:
        raise ValidationError({"party_kind": _("Choose the kind of party.")})
    if act_date > filed:
        raise ValidationError({"act_date": _("The act cannot lie after the filing date.")})
    last_day = limitation_end(act_date, grave_harm)
    if filed > last_day:
        raise ValidationError(
            {
                "act_date": _(
                    "A violation not discovered within %(years)s years is no longer punished (行政处罚法 第三十六条): "
                    "the period for an act of %(act)s ended on %(end)s."
                )
                % {"years": 5 if grave_harm else 2, "act": act_date, "end": last_day}
            }
        )
    with transaction.atomic():
        case.number = _next_number(body, filed.year)
        start_clock(case, clock_named(DECIDE), moment(filed))
        case.save()
        CaseEvent.objects.create(
            case=case,
            step="file",
            label=_("Filed (立案)"),
            status=case.status,
            note=case.facts[:500],
            actor=case.created_by,
            at=timezone.now(),
            clock=case.clock,
            due_at=case.due_at,
        )
    return case


# --- investigation and discretion ---------------------------------------------------------------------------------


def case_investigate(
    *,
    case: PenaltyCase,
    user: Any,
    officers: str,
    report: str,
    major_reason: str = "",
    is_complex: bool = False,
    concluded_on: dt.date | None = None,
) -> PenaltyCase:
    with transition(case, "investigate", user) as step:
        case = step.matter
        if case.procedure != Procedure.GENERAL:
            raise ValidationError(_("A case under the summary procedure is decided on the spot, not investigated."))
        concluded = _not_future(concluded_on, "concluded_on", _("The end of the investigation"))
        chosen = officers_named(case.body, officers, field="officers", on=concluded)
        if len(chosen) < 2:
            raise ValidationError(
                {"officers": _("At least two enforcement officers investigate a case (行政处罚法 第四十二条).")}
            )
        require_intact_evidence(case)
        case.officers.set(chosen)
        case.investigation_report = _required(report, "report", _("Write the investigation report."))
        case.investigated_on = concluded
        case.major_reason = major_reason or ""
        case.is_complex = bool(is_complex)
        step.note = case.investigation_report
    return case


def parse_answers(text: str) -> dict[str, Any]:
    """The officer's answers to the standard's factors: a JSON object (``{"first_violation": true}``)."""
    text = _clean(text)
    if not text:
        return {}
    try:
        answers = json.loads(text)
    except json.JSONDecodeError:
        answers = None
    if not isinstance(answers, dict):
        raise ValidationError({"answers": _('Give the answers as a JSON object, e.g. {"first_violation": true}.')})
    return answers


def outside_band(proposal: dict[str, Any] | None, kind: str, fine: Decimal | None) -> bool:
    """Whether an intended fine lies outside the band the standard proposed (no standard: never)."""
    if not proposal or kind not in FINED or fine is None:
        return False
    low = Decimal(proposal["fine_min"]) if proposal.get("fine_min") is not None else Decimal(0)
    high = Decimal(proposal["fine_max"]) if proposal.get("fine_max") is not None else None
    return fine < low or (high is not None and fine > high)


def _check_fine(kind: str, fine: Decimal | None, field: str) -> Decimal:
    if kind in FINED:
        if fine is None or fine <= 0:
            raise ValidationError({field: _("A fine needs its amount.")})
        return fine
    if fine:
        raise ValidationError({field: _("Only a fine has an amount; leave it empty for this decision.")})
    return Decimal(0)


def case_assess(
    *,
    case: PenaltyCase,
    user: Any,
    intended_kind: str,
    answers: str = "",
    intended_fine: Decimal | None = None,
    outside_band_reason: str = "",
) -> PenaltyCase:
    """The officer answers the matter's discretion standard; the platform proposes the band (kept with the version
    it used) and checks the no-penalty lists. A fine outside the band needs a written reason and legal review
    (行政处罚法 第三十四条, 第五十八条)."""
    with transition(case, "assess", user) as step:
        case = step.matter
        parsed = parse_answers(answers)
        # One set of answers, two engines: the no-penalty lists ask the conditions of 第三十三条, the standard its
        # own factors; each engine refuses a key it does not ask, so each gets its own.
        conditions = {k: v for k, v in parsed.items() if k in rules.ANSWER_KEYS}
        factors = {k: v for k, v in parsed.items() if k not in rules.ANSWER_KEYS}
        proposal = rules.propose_band(case.matter, case.act_date, factors)
        if proposal is None and factors:
            raise ValidationError(
                {
                    "answers": _("No discretion standard in force for this matter asks about: %(keys)s.")
                    % {"keys": ", ".join(sorted(factors))}
                }
            )
        checks = rules.check_exemption(case.matter, conditions, on=case.act_date)
        fine = _check_fine(intended_kind, intended_fine, "intended_fine")
        case.discretion_answers = parsed
        case.discretion = proposal.as_dict() if proposal is not None else None
        case.exemption_checks = [check.as_dict() for check in checks]
        case.intended_kind = intended_kind
        case.intended_fine = fine if intended_kind in FINED else None
        reason = _clean(outside_band_reason)
        if outside_band(case.discretion, intended_kind, fine):
            if not reason:
                raise ValidationError(
                    {
                        "outside_band_reason": _(
                            "The fine of %(fine)s 元 lies outside the band of the discretion standard (%(band)s): "
                            "give the reason in writing; the case then needs legal review "
                            "(行政处罚法 第三十四条, 第五十八条)."
                        )
                        % {"fine": fine, "band": band_text(case.discretion)}
                    }
                )
        else:
            reason = ""
        case.outside_band_reason = reason
        if proposal is None:
            step.note = _("No published discretion standard for this matter: the band is the penalty article's.")
        else:
            step.note = proposal.explanation or band_text(case.discretion)
    return case


def band_text(proposal: dict[str, Any] | None) -> str:
    if not proposal:
        return ""
    low, high = proposal.get("fine_min"), proposal.get("fine_max")
    return f"{low if low is not None else '0'}–{high if high is not None else '∞'} 元"


def exemption_available(case: PenaltyCase) -> list[dict[str, Any]]:
    return [check for check in case.exemption_checks or [] if check.get("exempt")]


def case_exempt(*, case: PenaltyCase, user: Any, education: str, decision_date: dt.date | None = None) -> PenaltyCase:
    """A decision not to punish under a no-penalty list item whose conditions the facts meet, with the education
    given (行政处罚法 第三十三条)."""
    with transition(case, "exempt", user) as step:
        case = step.matter
        exempt = exemption_available(case)
        if not exempt:
            raise ValidationError(
                _(
                    "No item of the no-penalty lists exempts these facts (行政处罚法 第三十三条; "
                    "上海市优化营商环境条例 "
                    "第六十条): answer the factors in the discretion step first, or decide in the ordinary way."
                )
            )
        decided = _not_future(decision_date, "decision_date", _("The decision date"))
        require_intact_evidence(case)
        case.education = _required(
            education, "education", _("Record the education given to the party (行政处罚法 第三十三条第三款).")
        )
        item = exempt[0]
        case.decision_kind = DecisionKind.NO_PENALTY
        case.fine_amount = Decimal(0)
        case.exempted = True
        case.decision_date = decided
        case.legal_bases = ["行政处罚法第三十三条"]
        case.decision_text = _("Not punished under %(list)s: %(item)s.") % {
            "list": item.get("list_title", ""),
            "item": item.get("item_title", ""),
        }
        _decided(case, step)
        step.note = case.decision_text
    return case


# --- prior notice and hearing -------------------------------------------------------------------------------------


def case_notify(*, case: PenaltyCase, user: Any, content: str, notified_on: dt.date | None = None) -> PenaltyCase:
    """告知: the intended penalty, its facts, reasons and basis, and the rights to state a case, defend and ask for
    a hearing (行政处罚法 第四十四条, 第六十二条, 第六十三条); the party has five days to ask for a hearing
    (第六十四条)."""
    with transition(case, "notify", user) as step:
        case = step.matter
        if not case.intended_kind:
            raise ValidationError(_("Record the intended penalty (the discretion step) before notifying the party."))
        require_intact_evidence(case)
        served = _not_future(notified_on, "notified_on", _("The day the notice was served"))
        if case.investigated_on and served < case.investigated_on:
            raise ValidationError({"notified_on": _("The notice cannot precede the investigation's conclusion.")})
        case.notified_on = served
        case.hearing_request_due = due_day(HEARING_REQUEST, served)
        step.note = (
            _required(content, "content", _("Write what the party was told."))
            + "\n"
            + _("A hearing may be requested until %(day)s (行政处罚法 第六十四条).") % {"day": case.hearing_request_due}
        )
    return case


def case_statement(*, case: PenaltyCase, user: Any, statement: str, waives_hearing: bool = False) -> PenaltyCase:
    """The party's statement and defence (陈述、申辩, 第四十五条), and whether it waived the hearing."""
    with transition(case, "statement", user) as step:
        case = step.matter
        text = _required(statement, "statement", _("Record what the party said."))
        case.statement = f"{case.statement}\n{text}".strip()[:5000]
        case.hearing_waived = case.hearing_waived or bool(waives_hearing)
        step.note = text + (("\n" + _("The party waived the hearing.")) if waives_hearing else "")
    return case


def case_request_hearing(*, case: PenaltyCase, user: Any, requested_on: dt.date | None = None) -> PenaltyCase:
    """The party asks for a hearing, within five days of the notice (第六十四条第一项). While the hearing is prepared
    and held the 90 days do not run (see the decision clock in penalties/workflow.py)."""
    with transition(case, "request_hearing", user) as step:
        case = step.matter
        asked = _not_future(requested_on, "requested_on", _("The day of the request"))
        assert case.hearing_request_due is not None and case.notified_on is not None
        if asked > case.hearing_request_due:
            raise ValidationError(
                {
                    "requested_on": _(
                        "A hearing is requested within five days of the notice (行政处罚法 第六十四条第一项): the "
                        "period ended on %(day)s."
                    )
                    % {"day": case.hearing_request_due}
                }
            )
        if asked < case.notified_on:
            raise ValidationError({"requested_on": _("The request cannot precede the notice.")})
        case.hearing_requested_on = asked
        pause_clock(case, moment(asked))
        step.keep_clock = True
        step.note = _("Hearing requested on %(day)s.") % {"day": asked}
    return case


def case_schedule_hearing(
    *, case: PenaltyCase, user: Any, hearing_date: dt.date, chair: str, notice_on: dt.date | None = None
) -> PenaltyCase:
    """The hearing notice, served at least seven days before the hearing, and its chair, who did not investigate
    the case (第六十四条第二项, 第四项)."""
    with transition(case, "schedule_hearing", user) as step:
        case = step.matter
        noticed = _not_future(notice_on, "notice_on", _("The day the hearing notice was served"))
        earliest = due_day(HEARING_NOTICE, noticed)
        if hearing_date < earliest:
            raise ValidationError(
                {
                    "hearing_date": _(
                        "The party is notified at least seven days before the hearing (行政处罚法 第六十四条第二项): "
                        "with notice served on %(notice)s the hearing is held on %(earliest)s or later."
                    )
                    % {"notice": noticed, "earliest": earliest}
                }
            )
        chosen = officers_named(case.body, chair, field="chair", on=noticed)
        if len(chosen) != 1:
            raise ValidationError({"chair": _("Name the one officer who chairs the hearing.")})
        if case.officers.filter(pk=chosen[0].pk).exists():
            raise ValidationError(
                {
                    "chair": _(
                        "%(officer)s investigated this case: the hearing is chaired by someone who did not "
                        "(行政处罚法 第六十四条第四项)."
                    )
                    % {"officer": chosen[0]}
                }
            )
        case.hearing_notice_on, case.hearing_date, case.hearing_chair = noticed, hearing_date, chosen[0]
        step.note = _("Hearing on %(day)s, chaired by %(chair)s.") % {"day": hearing_date, "chair": chosen[0]}
    return case


def case_hold_hearing(*, case: PenaltyCase, user: Any, record: str) -> PenaltyCase:
    """The hearing was held (its record, 第六十四条第八项); the 90 days run again from its day."""
    with transition(case, "hold_hearing", user) as step:
        case = step.matter
        assert case.hearing_date is not None
        if case.hearing_date > today():
            raise ValidationError(
                _("The hearing is set for %(day)s: record it once held.") % {"day": case.hearing_date}
            )
        case.hearing_record = _required(record, "record", _("Record the hearing (听证笔录)."))
        if not case.major_reason:
            # 第五十八条第一款第二项: a case that went through a hearing and bears on major rights needs legal review.
            case.major_reason = "heard"
        resume_clock(case, moment(case.hearing_date))
        step.keep_clock = True
        step.note = case.hearing_record
    return case


# --- legal review, collective discussion, decision ----------------------------------------------------------------


def review_required(case: PenaltyCase) -> bool:
    """行政处罚法 第五十八条: one of its situations, or a fine outside the standard's band (given a reason)."""
    return bool(case.major_reason) or bool(case.outside_band_reason)


def case_review(
    *, case: PenaltyCase, user: Any, reviewer: str, outcome: str, opinion: str, reviewed_on: dt.date | None = None
) -> PenaltyCase:
    """法制审核 by an officer who holds the legal profession qualification (第五十八条第二款)."""
    with transition(case, "review", user) as step:
        case = step.matter
        day = _not_future(reviewed_on, "reviewed_on", _("The review date"))
        chosen = officers_named(case.body, reviewer, field="reviewer", on=day)
        if len(chosen) != 1:
            raise ValidationError({"reviewer": _("Name the one officer who reviewed the case.")})
        officer = chosen[0]
        if not officer.may_review:
            raise ValidationError(
                {
                    "reviewer": _(
                        "%(officer)s holds no legal profession qualification: legal review is carried out by "
                        "officers who do (行政处罚法 第五十八条第二款)."
                    )
                    % {"officer": officer}
                }
            )
        if officer.user_id and officer.user_id != getattr(user, "pk", None):
            raise PermissionDenied(_("%(officer)s records their own review.") % {"officer": officer})
        require_intact_evidence(case)
        case.legal_reviewer, case.review_outcome, case.reviewed_on = officer, outcome, day
        case.review_opinion = _required(opinion, "opinion", _("Write the review opinion."))
        step.note = f"{ReviewOutcome(outcome).label}: {case.review_opinion}"
    return case


def case_discuss(*, case: PenaltyCase, user: Any, record: str, discussed_on: dt.date | None = None) -> PenaltyCase:
    """The body's heads discuss a complex or major case and decide collectively (第五十七条第二款)."""
    with transition(case, "discuss", user) as step:
        case = step.matter
        case.discussed_on = _not_future(discussed_on, "discussed_on", _("The day of the discussion"))
        case.discussion_record = _required(record, "record", _("Record the discussion and its conclusion."))
        step.note = case.discussion_record
    return case


def _legal_bases(text: str) -> list[str]:
    """Each line a citation of one article, resolved in the law library; the first that does not is refused."""
    citations = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if not citations:
        raise ValidationError({"legal_bases": _("Cite the articles the decision applies, one a line.")})
    for citation in citations:
        try:
            resolve_article(citation)
        except ValidationError as exc:
            raise ValidationError({"legal_bases": exc.messages}) from exc
    return citations


def _check_summary(case: PenaltyCase, kind: str, fine: Decimal) -> None:
    limit = SUMMARY_LIMITS[PartyKind(case.party_kind)]
    if kind not in SUMMARY_KINDS or fine > limit:
        raise ValidationError(
            _(
                "The summary procedure covers only a warning or a fine of at most %(limit)s 元 for %(party)s "
                "(行政处罚法 第五十一条): use the general procedure."
            )
            % {"limit": limit, "party": PartyKind(case.party_kind).label}
        )


def _decided(case: PenaltyCase, step: Any) -> None:
    """A decision was recorded: was it on time (第六十条), and the 7 days of service (第六十一条) begin."""
    assert case.decision_date is not None
    if case.due_at is not None:
        case.decided_on_time = case.decision_date <= timezone.localdate(case.due_at)
    elif case.clock_paused_at is not None:
        case.decided_on_time = True  # decided while paused: no time counted
    start_clock(case, clock_named(SERVE), moment(case.decision_date))
    step.keep_clock = True


def case_decide(
    *,
    case: PenaltyCase,
    user: Any,
    decision_kind: str,
    legal_bases: str,
    decision_text: str,
    fine_amount: Decimal | None = None,
    confiscation_amount: Decimal | None = None,
    decision_date: dt.date | None = None,
    education: str = "",
) -> PenaltyCase:
    """The decision (第五十七条), refused while a required legal review has not passed (第五十八条), a required
    collective discussion is missing (第五十七条第二款), the hearing period is open, the fine lies outside the band
    without a reason, or the penalty is heavier than the party was told of (第六十二条)."""
    with transition(case, "decide", user) as step:
        case = step.matter
        decided = _not_future(decision_date, "decision_date", _("The decision date"))
        fine = _check_fine(decision_kind, fine_amount, "fine_amount")
        bases = _legal_bases(legal_bases)
        if case.status == S.NOTIFIED and not case.hearing_waived:
            assert case.hearing_request_due is not None
            if decided <= case.hearing_request_due:
                raise ValidationError(
                    _(
                        "The party may ask for a hearing until %(day)s (行政处罚法 第六十四条第一项): decide after "
                        "that, "
                        "or record that the party waived it."
                    )
                    % {"day": case.hearing_request_due}
                )
        if outside_band(case.discretion, decision_kind, fine) and not case.outside_band_reason:
            raise ValidationError(
                {
                    "fine_amount": _(
                        "The fine lies outside the band of the discretion standard (%(band)s) and no reason was "
                        "given: record it in the discretion step (行政处罚法 第三十四条)."
                    )
                    % {"band": band_text(case.discretion)}
                }
            )
        if outside_band(case.discretion, decision_kind, fine) and not case.major_reason:
            case.major_reason = "other"  # outside the band: legal review (the standard's rule, 第五十八条)
        if review_required(case) and case.review_outcome != ReviewOutcome.PASSED:
            raise ValidationError(
                _(
                    "This case needs legal review, and no review has passed: no decision may be made "
                    "(行政处罚法 第五十八条)."
                )
            )
        if case.is_complex and not case.discussion_record:
            raise ValidationError(
                _("A complex or major case is decided by the body's heads collectively (行政处罚法 第五十七条第二款).")
            )
        intended = case.intended_kind or decision_kind
        if SEVERITY[DecisionKind(decision_kind)] > SEVERITY[DecisionKind(intended)] or (
            case.intended_fine is not None and fine > case.intended_fine
        ):
            raise ValidationError(
                _(
                    "The decision is heavier than the penalty the party was told of: notify the party again first "
                    "(行政处罚法 第六十二条; no heavier penalty for stating a case, 第四十五条第二款)."
                )
            )
        require_intact_evidence(case)
        if decision_kind == DecisionKind.NO_PENALTY:
            case.education = _required(education, "education", _("Record the education given (第三十三条第三款)."))
        case.decision_kind, case.fine_amount = decision_kind, fine
        case.confiscation_amount = confiscation_amount or Decimal(0)
        case.decision_date, case.legal_bases = decided, bases
        case.decision_text = _required(decision_text, "decision_text", _("Write the decision."))
        _decided(case, step)
        step.note = case.decision_text
    return case


def case_decide_on_spot(
    *,
    case: PenaltyCase,
    user: Any,
    decision_kind: str,
    officers: str,
    legal_bases: str,
    decision_text: str,
    fine_amount: Decimal | None = None,
) -> PenaltyCase:
    """简易程序 (第五十一条, 第五十二条): a warning or a small fine decided and handed over on the spot by officers
    showing their certificates; the party has 15 days to pay (第六十七条)."""
    with transition(case, "decide_on_spot", user) as step:
        case = step.matter
        if case.procedure != Procedure.SUMMARY:
            raise ValidationError(_("Only a case filed under the summary procedure is decided on the spot."))
        fine = _check_fine(decision_kind, fine_amount, "fine_amount")
        _check_summary(case, decision_kind, fine)
        chosen = officers_named(case.body, officers, field="officers", on=today())
        if not chosen:
            raise ValidationError({"officers": _("Name the officers who decided on the spot (第五十二条).")})
        bases = _legal_bases(legal_bases)
        require_intact_evidence(case)
        case.officers.set(chosen)
        case.decision_kind, case.fine_amount, case.legal_bases = decision_kind, fine, bases
        case.decision_text = _required(decision_text, "decision_text", _("Write the decision."))
        case.decision_date = case.served_on = case.filed_on
        case.service_method = _("handed over on the spot (第五十二条)")
        case.decided_on_time = True
        _after_service(case, step)
        step.note = case.decision_text
    return case


# --- service, performance, enforcement ----------------------------------------------------------------------------


def _after_service(case: PenaltyCase, step: Any) -> None:
    """A fine is payable within 15 days of receipt (第六十七条): that clock runs; a decision with nothing to pay is
    performed by its service."""
    assert case.served_on is not None
    step.keep_clock = True
    if case.fine_amount > 0:
        case.payment_due = due_day(PAY, case.served_on)
        start_clock(case, clock_named(PAY), moment(case.served_on))
        step.target = S.SERVED
    else:
        stop_clock(case)
        step.target = S.PERFORMED


def case_serve(*, case: PenaltyCase, user: Any, served_on: dt.date, method: str) -> PenaltyCase:
    """送达 within seven days of the decision (第六十一条; the clock shows a late one)."""
    with transition(case, "serve", user) as step:
        case = step.matter
        served = _not_future(served_on, "served_on", _("The day of service"))
        assert case.decision_date is not None
        if served < case.decision_date:
            raise ValidationError({"served_on": _("Service cannot precede the decision.")})
        case.served_on, case.service_method = served, _required(method, "method", _("Say how it was served."))
        _after_service(case, step)
        step.note = _("Served on %(day)s: %(method)s") % {"day": served, "method": case.service_method}
    return case


def surcharge_for(case: PenaltyCase, paid_on: dt.date) -> Decimal:
    """加处罚款: 3% of the fine for each day past the payment date, at most the fine (第七十二条)."""
    if case.payment_due is None or paid_on <= case.payment_due:
        return Decimal(0)
    days = (paid_on - case.payment_due).days
    amount = (case.fine_amount * SURCHARGE_RATE * days).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return min(amount, case.fine_amount)


def case_record_payment(
    *,
    case: PenaltyCase,
    user: Any,
    amount: Decimal,
    paid_on: dt.date | None = None,
    impose_surcharge: bool = False,
) -> PenaltyCase:
    """The fine was paid. When it was late, the body *may* impose the surcharge (第七十二条: 「可以采取下列措施」):
    ``impose_surcharge`` says it did, and the amount owed then includes it."""
    with transition(case, "record_payment", user) as step:
        case = step.matter
        paid = _not_future(paid_on, "paid_on", _("The day of payment"))
        surcharge = surcharge_for(case, paid) if impose_surcharge else Decimal(0)
        owed = case.fine_amount + surcharge
        if amount < owed:
            raise ValidationError(
                {
                    "amount": _(
                        "%(owed)s 元 is owed: the fine of %(fine)s 元 and a surcharge of %(surcharge)s 元 for payment "
                        "after %(due)s (3%% a day, at most the fine: 行政处罚法 第七十二条)."
                    )
                    % {"owed": owed, "fine": case.fine_amount, "surcharge": surcharge, "due": case.payment_due}
                }
            )
        case.paid_on, case.paid_amount, case.surcharge = paid, amount, surcharge
        stop_clock(case)
        step.keep_clock = True
        step.note = _("Paid %(amount)s 元 on %(day)s (surcharge %(surcharge)s 元).") % {
            "amount": amount,
            "day": paid,
            "surcharge": surcharge,
        }
    return case


def remedy_period_end(case: PenaltyCase) -> dt.date:
    """The end of the time to sue (行政诉讼法 第四十六条: six months from knowing of the decision, its service)."""
    assert case.served_on is not None
    return due_day(REMEDY_PERIOD, case.served_on)


def case_remind(*, case: PenaltyCase, user: Any, text: str, reminded_on: dt.date | None = None) -> PenaltyCase:
    """催告 in writing before enforcement (行政强制法 第三十五条), once the time to pay has passed; the court may be
    asked ten days after it is served (第五十四条) and within three months after the time to sue ends (第五十三条)."""
    with transition(case, "remind", user) as step:
        case = step.matter
        day = _not_future(reminded_on, "reminded_on", _("The day the reminder was served"))
        assert case.payment_due is not None
        if day <= case.payment_due:
            raise ValidationError(
                {
                    "reminded_on": _("The fine is payable until %(day)s (第六十七条): remind after that.")
                    % {"day": case.payment_due}
                }
            )
        case.reminded_on = day
        case.enforcement_note = _required(text, "text", _("Write what the reminder said."))
        start_clock(case, clock_named(COURT), moment(remedy_period_end(case)))
        step.keep_clock = True
        step.note = case.enforcement_note
    return case


def court_window(case: PenaltyCase) -> tuple[dt.date, dt.date]:
    """(earliest, latest) day to apply to the court: ten days after the reminder (行政强制法 第五十四条) and after the
    time to sue ended; within three months of that end (第五十三条)."""
    assert case.reminded_on is not None
    end = remedy_period_end(case)
    earliest = max(due_day(COURT_WAIT, case.reminded_on), end + dt.timedelta(days=1))
    return earliest, due_day(COURT, end)


def case_apply_court(*, case: PenaltyCase, user: Any, court: str, applied_on: dt.date | None = None) -> PenaltyCase:
    with transition(case, "apply_court", user) as step:
        case = step.matter
        day = _not_future(applied_on, "applied_on", _("The day of the application"))
        earliest, latest = court_window(case)
        if day < earliest:
            raise ValidationError(
                {
                    "applied_on": _(
                        "The court may be asked from %(day)s: ten days after the reminder (行政强制法 第五十四条) and "
                        "once the time to sue has ended (第五十三条)."
                    )
                    % {"day": earliest}
                }
            )
        if day > latest:
            raise ValidationError(
                {
                    "applied_on": _("The three months to apply ended on %(day)s (行政强制法 第五十三条).")
                    % {"day": latest}
                }
            )
        case.court_applied_on, case.court = day, _required(court, "court", _("Name the court."))
        step.note = _("Applied to %(court)s on %(day)s.") % {"court": case.court, "day": day}
    return case


def case_record_enforcement(*, case: PenaltyCase, user: Any, outcome: str) -> PenaltyCase:
    with transition(case, "record_enforcement", user) as step:
        case = step.matter
        text = _required(outcome, "outcome", _("Record the court's ruling and what was enforced."))
        case.enforcement_note = f"{case.enforcement_note}\n{text}".strip()[:5000]
        step.note = text
    return case


def case_close(*, case: PenaltyCase, user: Any, report: str) -> PenaltyCase:
    """结案 and archiving: the file is complete (第四十七条) and can no longer change."""
    with transition(case, "close", user) as step:
        case = step.matter
        if case.status != S.PERFORMED and case.remedy_outcome != RemedyOutcome.REVOKED:
            raise ValidationError(
                _("The decision has not been performed: record the payment or the enforcement first.")
            )
        require_intact_evidence(case)
        case.closed_on = today()
        case.closing_note = _required(report, "report", _("Write the closing report."))
        step.note = case.closing_note
    return case


def case_discontinue(*, case: PenaltyCase, user: Any, reason: str) -> PenaltyCase:
    """The case ends without a decision: the violation cannot be established, or it is transferred (第五十七条
    第一款第三项, 第四项)."""
    with transition(case, "discontinue", user) as step:
        case = step.matter
        case.closed_on = today()
        case.closing_note = _required(reason, "reason", _("Say why the case ends without a decision."))
        step.note = case.closing_note
    return case


def case_record_remedy(*, case: PenaltyCase, user: Any, kind: str, outcome: str, note: str) -> PenaltyCase:
    """A 复议 or 诉讼 outcome, or the body's own correction, recorded on the case; a decision altered or revoked
    is withdrawn from publication within three days (第四十八条第二款): ``decision_changed`` tells publicity."""
    with transition(case, "record_remedy", user) as step:
        case = step.matter
        text = _required(note, "note", _("Describe the outcome and its reasons."))
        case.remedy_kind, case.remedy_outcome = kind, outcome
        case.remedy_note = f"{case.remedy_note}\n{text}".strip()[:5000]
        step.note = f"{RemedyOutcome(outcome).label}: {text}"
    return case
