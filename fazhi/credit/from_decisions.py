"""Published enforcement decisions become credit records (双公示): publicity's signals, connected in
``records.register()``.

* ``decision_published``: the decision's record is made or updated under the catalogue's item for its kind
  (``DECISION_ITEMS``: a penalty under the penalty item of 第九条(四), a permit under the permit item);
* ``decisions_imported``: the same for a batch, written in bulk (``take_decisions_bulk``);
* ``decision_withdrawn``: the record is marked for deletion within 3 工作日 (第三十七条); the deletion itself is a
  staff action in the console, or the daily sweep on the due day.

Skipped (and counted): a kind the catalogue has no item for, a penalty under the summary procedure or of a warning
or circulated criticism only (沪营商条例 第六十七条 and 第九条(四): not collected), a party without a valid credit
code or ID number. The record carries the decision's own publication period (第六十五条).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError

from fazhi.credit.catalogue import current_catalogue
from fazhi.credit.models import CreditRecord
from fazhi.credit.records import SEVERE_SECTOR_WORDS, RecordData, mark_revoked, submit_record
from fazhi.credit.subjects import is_identifier_refusal

logger = logging.getLogger(__name__)

#: The catalogue item each kind of published decision is recorded under.
DECISION_ITEMS = {"penalty": "XZCF", "permit": "XZXK"}
_MINOR_ONLY = {"warning", "criticism"}
SOURCE = "publicity"

#: Why a decision was not taken (counted by ``take_decisions``).
SKIP_KIND, SKIP_MINOR, SKIP_IDENTIFIER, SKIP_CATALOGUE, SKIP_WITHDRAWN = (
    "kind without a catalogue item",
    "summary procedure or warning only",
    "party without a valid identifier",
    "refused at intake",
    "withdrawn",
)


def record_data(decision: Any) -> RecordData | str:
    """The record a published decision makes, or why it makes none."""
    item = DECISION_ITEMS.get(decision.kind)
    if item is None:
        return SKIP_KIND
    types = {t for t in (decision.penalty_types or "").split(",") if t}
    if decision.kind == "penalty" and (decision.procedure != "general" or (types and types <= _MINOR_ONLY)):
        return SKIP_MINOR
    if decision.party_kind == "person":
        if not decision.party_id_number:
            return SKIP_IDENTIFIER
    elif not decision.party_credit_code:
        return SKIP_IDENTIFIER
    text = f"{decision.violation} {decision.legal_bases}"
    return RecordData(
        source_system=SOURCE,
        source_ref=f"{decision.source_system}:{decision.source_ref}"[:100],
        item=item,
        provider=decision.body,
        subject_kind=decision.party_kind,
        subject_name=decision.party_name,
        credit_code=decision.party_credit_code if decision.party_kind != "person" else "",
        id_number=decision.party_id_number if decision.party_kind == "person" else "",
        title=f"{decision.source_ref} {decision.violation}"[:200],
        summary=decision.content[:2000],
        legal_basis=decision.legal_bases[:2000],
        amount=decision.fine_amount,
        decided_on=decision.decision_date,
        severe=any(word in text for word in SEVERE_SECTOR_WORDS),
        public_from=decision.published_at.date() if decision.published_at else None,
    )


def take_decision(decision: Any) -> tuple[CreditRecord | None, str]:
    """Make or update the record of one published decision: ``(record, "")`` or ``(None, why not)``."""
    if decision.status == "withdrawn":
        return None, SKIP_WITHDRAWN
    data = record_data(decision)
    if isinstance(data, str):
        return None, data
    if current_catalogue() is None:  # before the catalogue is published (a new installation): nothing to take yet
        return None, SKIP_CATALOGUE
    try:
        record, _created = submit_record(data, user=None, decision=decision)
    except ValidationError as exc:
        # An invalid identifier or an item not in the catalogue: the publication stands, the record is skipped.
        reason = SKIP_IDENTIFIER if is_identifier_refusal(exc) else SKIP_CATALOGUE
        logger.info("credit: decision %s not taken (%s)", decision.pk, reason)
        return None, reason
    return record, ""


def take_decisions(decisions: Iterable[Any]) -> Counter[str]:
    """Take a batch; the counter has ``taken`` and one key per reason for skipping."""
    counts: Counter[str] = Counter()
    for decision in decisions:
        record, reason = take_decision(decision)
        counts["taken" if record is not None else reason] += 1
    return counts


def take_decisions_bulk(decisions: Iterable[Any]) -> Counter[str]:
    """``take_decisions`` for an import of many decisions: the subjects and records of a batch are written together
    (``exchange``'s batch writer: ``bulk_create``, audit entries batched), so that taking the records does not
    slow an import of 100,000 decisions down to one query per record. The rules are the same."""
    from fazhi.credit import exchange
    from fazhi.credit.records import record_dates

    counts: Counter[str] = Counter()
    decisions = list(decisions)
    try:
        context = exchange._Context()
    except ValidationError:
        counts[SKIP_CATALOGUE] += len(decisions)
        return counts
    batch: list[tuple[int, CreditRecord, dict[str, str]]] = []
    for number, decision in enumerate(decisions, start=1):
        data = SKIP_WITHDRAWN if decision.status == "withdrawn" else record_data(decision)
        if isinstance(data, str):
            counts[data] += 1
            continue
        obj = {
            "source_system": data.source_system,
            "source_ref": data.source_ref,
            "item": data.item,
            "provider": decision.body.code,
            "subject": {
                "kind": data.subject_kind,
                "name": data.subject_name,
                "credit_code": data.credit_code,
                "id_number": data.id_number,
            },
            "title": data.title,
            "summary": data.summary,
            "legal_basis": data.legal_basis,
            "amount": data.amount,
            "decided_on": data.decided_on.isoformat(),
            "act_ended_on": data.decided_on.isoformat(),
            "severe": data.severe,
        }
        try:
            record, who = exchange._prepared(obj, context)
        except ValidationError as exc:
            counts[SKIP_IDENTIFIER if is_identifier_refusal(exc) else SKIP_CATALOGUE] += 1
            continue
        for name, value in record_dates(
            record.item,
            decided_on=record.decided_on,
            act_ended_on=record.act_ended_on,
            severe=record.severe,
            public_from=data.public_from,
        ).items():
            setattr(record, name, value)
        record.decision = decision
        batch.append((number, record, who))
        counts["taken"] += 1
    for start in range(0, len(batch), exchange.BATCH):
        report = exchange.ExchangeReport()
        exchange._write(batch[start : start + exchange.BATCH], report)
        if report.failed:  # a deleted record is not brought back
            counts["taken"] -= report.failed
            counts[SKIP_CATALOGUE] += report.failed
    return counts


def revoke_for(decision: Any, reason: str) -> int:
    """Mark the records of a withdrawn decision for deletion (第三十七条)."""
    marked = 0
    for record in CreditRecord.objects.filter(decision=decision):
        mark_revoked(record, reason=reason)
        marked += 1
    return marked


def _on_published(sender: Any, decision: Any, created: bool = False, **kwargs: Any) -> None:
    take_decision(decision)


def _on_imported(sender: Any, decisions: Iterable[Any], **kwargs: Any) -> None:
    take_decisions_bulk(decisions)


def _on_withdrawn(sender: Any, decision: Any, reason: str = "", **kwargs: Any) -> None:
    revoke_for(decision, reason)


def connect() -> None:
    from fazhi.publicity import signals

    signals.decision_published.connect(_on_published, dispatch_uid="credit.from_decisions.published")
    signals.decisions_imported.connect(_on_imported, dispatch_uid="credit.from_decisions.imported")
    signals.decision_withdrawn.connect(_on_withdrawn, dispatch_uid="credit.from_decisions.withdrawn")
