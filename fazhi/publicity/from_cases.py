"""Penalty cases publish here: a decision recorded on a case is published (事后公示) unless the rules say it must not
be — the summary procedure, a warning only, a decision not to punish (沪营商条例 第六十七条) — and a decision altered
or revoked on review or appeal is withdrawn with the reason (行政处罚法 第四十八条第二款).

Connected in ``registrations.register()`` to the signals of ``fazhi.penalties`` (the app below this one), so the
case's step and the publication are one transaction: a publication the rules refuse is skipped, any other failure
rolls the step back rather than leave a decided case unpublished."""

from __future__ import annotations

from typing import Any

from fazhi.publicity import rules
from fazhi.publicity.choices import DecisionKind, DecisionStatus, PenaltyType
from fazhi.publicity.models import PublishedDecision
from fazhi.publicity.services import DecisionData, publish_decision, withdraw_decision

SOURCE_SYSTEM = "penalties"

#: What each kind of case decision imposes, in publicity's terms (``None``: not a penalty, never published).
_PENALTY_TYPES: dict[str, tuple[str, ...] | None] = {
    "warning": (PenaltyType.WARNING,),
    "fine": (PenaltyType.FINE,),
    "confiscation": (PenaltyType.FINE, PenaltyType.CONFISCATION),
    "suspension": (PenaltyType.SUSPENSION,),
    "revocation": (PenaltyType.REVOCATION,),
    "no_penalty": None,
}


def decision_data(case: Any) -> DecisionData | None:
    """The case's decision as publicity takes it; ``None`` when the rules say it is not published."""
    types = _PENALTY_TYPES.get(case.decision_kind)
    if types is None:
        return None
    if rules.refusal(kind=DecisionKind.PENALTY, procedure=case.procedure, penalty_types=frozenset(types)):
        return None
    matter = case.matter
    return DecisionData(
        source_system=SOURCE_SYSTEM,
        source_ref=case.number,
        body=case.body,
        decision_date=case.decision_date,
        party_kind=case.party_kind,
        party_name=case.party_name,
        party_credit_code=case.party_credit_code or "",
        party_id_number=case.party_id_number or "",
        violation=(matter.violation or matter.name)[:2000],
        legal_bases=list(case.legal_bases or []),
        content=(case.decision_text or matter.name)[:2000],
        kind=DecisionKind.PENALTY,
        penalty_types=types,
        fine_amount=case.fine_amount or None,
        procedure=case.procedure,
    )


def on_decision_made(sender: Any, case: Any, **_kwargs: Any) -> None:
    data = decision_data(case)
    if data is not None:
        publish_decision(data)


def on_decision_changed(sender: Any, case: Any, reason: str = "", **_kwargs: Any) -> None:
    published = PublishedDecision.objects.filter(
        source_system=SOURCE_SYSTEM, source_ref=case.number, status=DecisionStatus.PUBLISHED
    ).exists()
    if published:
        withdraw_decision(SOURCE_SYSTEM, case.number, reason or str(case.remedy_note or case.number))


def connect() -> None:
    from fazhi.penalties.signals import decision_changed, decision_made

    decision_made.connect(on_decision_made, dispatch_uid="publicity.from_cases.made")
    decision_changed.connect(on_decision_changed, dispatch_uid="publicity.from_cases.changed")
