"""The party of a closed penalty case rates the enforcement contact (plan clause (十三): 人民群众监督评价), without an
account: identified by the case number and their credit code (an organisation) or ID number (a person), checked
against the case (the ID number through its blind index; neither is stored with the rating). One rating per case."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from fazhi.core.pii import blind_index
from fazhi.enforcement.choices import RatedKind
from fazhi.enforcement.models import ContactRating
from fazhi.enforcement.reports import rate_contact
from fazhi.penalties.choices import CaseStatus
from fazhi.penalties.models import PenaltyCase


def _party_case(number: str, identifier: str) -> PenaltyCase | None:
    number = str(number or "").strip()[:60]
    value = str(identifier or "").strip().upper()[:18]
    if not number or not value:
        return None
    case = PenaltyCase.objects.filter(number=number).select_related("body").first()
    if case is None:
        return None
    if case.party_credit_code and value == case.party_credit_code:
        return case
    if case.party_id_index and blind_index(value) == case.party_id_index:
        return case
    return None


def case_rate(*, number: str, identifier: str, score: Any, comment: str = "") -> ContactRating:
    """Rate the body that handled a closed case; the same refusal whether the case does not exist or the
    identifier is not its party's (nothing to learn by guessing)."""
    case = _party_case(number, identifier)
    if case is None:
        raise ValidationError(
            {"identifier": _("No case with this number has this party: check the case number and your code.")}
        )
    if case.status != CaseStatus.CLOSED:
        raise ValidationError(_("A case can be rated once it is closed."))
    return rate_contact(body=case.body, kind=RatedKind.CASE, subject_ref=case.number, score=score, comment=comment)


def already_rated(number: str) -> bool:
    return ContactRating.objects.filter(kind=RatedKind.CASE, subject_ref=number).exists()
