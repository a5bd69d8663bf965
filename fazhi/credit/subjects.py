"""Subjects: who a record is about, found or created by identifier (GB 32100 credit code with the reviewed pilot
allow-list; GB 11643 ID number, stored encrypted and found by its blind index). Error messages never repeat a
natural person's identifier."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core.pii import blind_index, id_number_is_valid, uscc_is_valid
from fazhi.credit.choices import CodeCheck, SubjectKind
from fazhi.credit.models import PilotCode, Subject, SubjectName
from fazhi.publicity.services import entity_key


def person_key(id_number: str) -> str:
    """Publicity's entity key, so that a published decision finds its subject in one indexed query."""
    return entity_key(SubjectKind.PERSON, credit_code="", id_number=id_number, name="")


def organisation_key(credit_code: str) -> str:
    return entity_key(SubjectKind.ORGANISATION, credit_code=credit_code, id_number="", name="")


def normalise_code(value: Any) -> str:
    return str(value or "").strip().upper()


#: The code of every refusal of an identifier: callers tell it from other refusals by this, not by the wording.
INVALID_IDENTIFIER = "invalid_identifier"


def check_organisation_code(code: str, pilots: Collection[str] | None = None) -> str:
    """The :class:`CodeCheck` a credit code passes, or a ``ValidationError``. ``pilots``: the reviewed allow-list
    when the caller already holds it (a batch), else it is looked up."""
    if uscc_is_valid(code):
        return CodeCheck.VALID
    if code in pilots if pilots is not None else PilotCode.objects.filter(code=code).exists():
        return CodeCheck.PILOT
    raise ValidationError(
        _("%(code)s is not a valid unified social credit code.") % {"code": code[:18]}, code=INVALID_IDENTIFIER
    )


def check_id_number(id_number: str) -> str:
    if id_number_is_valid(id_number):
        return CodeCheck.VALID
    # the number itself is never echoed
    raise ValidationError(_("The ID number is not valid."), code=INVALID_IDENTIFIER)


def is_identifier_refusal(exc: ValidationError) -> bool:
    """Whether ``exc`` refuses an identifier (a list or a per-field ValidationError)."""
    errors = exc.error_list if hasattr(exc, "error_list") else [e for es in exc.error_dict.values() for e in es]
    return any(getattr(error, "code", None) == INVALID_IDENTIFIER for error in errors)


def key_for(kind: str, *, credit_code: str = "", id_number: str = "") -> str:
    """The subject key for an identifier (checked)."""
    if kind == SubjectKind.ORGANISATION:
        code = normalise_code(credit_code)
        check_organisation_code(code)
        return organisation_key(code)
    if kind == SubjectKind.PERSON:
        number = normalise_code(id_number)
        check_id_number(number)
        return person_key(number)
    raise ValidationError(_("Unknown kind of subject."))


def find_subject(identifier: str) -> Subject | None:
    """The subject with this credit code or ID number, if any (an invalid identifier finds nothing)."""
    value = normalise_code(identifier)
    if len(value) == 18 and (uscc_is_valid(value) or PilotCode.objects.filter(code=value).exists()):
        found = Subject.objects.filter(key=organisation_key(value)).first()
        if found:
            return found
    if id_number_is_valid(value):
        return Subject.objects.filter(key=person_key(value)).first()
    return None


def subject_for(kind: str, name: str, *, credit_code: str = "", id_number: str = "") -> Subject:
    """The subject with this identifier, created if new; a changed name is recorded in the name history."""
    name = str(name or "").strip()[:200]
    if not name:
        raise ValidationError(_("The subject's name is required."))
    if kind == SubjectKind.ORGANISATION:
        code = normalise_code(credit_code)
        check = check_organisation_code(code)
        key, fields = organisation_key(code), {"credit_code": code}
    elif kind == SubjectKind.PERSON:
        number = normalise_code(id_number)
        check = check_id_number(number)
        key, fields = person_key(number), {"id_number": number, "id_index": blind_index(number)}
    else:
        raise ValidationError(_("Unknown kind of subject."))
    with transaction.atomic():
        subject = Subject.objects.select_for_update().filter(key=key).first()
        if subject is None:
            return Subject.objects.create(kind=kind, name=name, key=key, code_check=check, **fields)
        if subject.name != name:
            SubjectName.objects.create(subject=subject, name=subject.name, used_until=timezone.localdate())
            subject.name = name
            subject.save()
        return subject


# --- the reviewed allow-list of early pilot codes ------------------------------------------------------------


def review_pilot_code(code: str, *, note: str, user: Any) -> PilotCode:
    """Put a reviewed early pilot code on the allow-list (credit centre staff): it must have the code's shape, fail
    the GB 32100 check (a valid code needs no review), and come with the reviewer's note."""
    from django.core.exceptions import PermissionDenied

    from fazhi.credit.access import is_centre_staff

    if user is not None and not is_centre_staff(user, "credit.add_pilotcode"):
        raise PermissionDenied(_("Only the credit centre's staff review pilot codes."))
    code = normalise_code(code)
    if len(code) != 18 or not code.isalnum():
        raise ValidationError(_("A credit code has 18 letters and digits."))
    if uscc_is_valid(code):
        raise ValidationError(_("This code passes the GB 32100 check: it needs no review."))
    note = str(note or "").strip()
    if not note:
        raise ValidationError(_("Say why the code is accepted (the review's finding)."))
    with transaction.atomic():
        if PilotCode.objects.filter(code=code).exists():
            raise ValidationError(_("This code is already on the allow-list."))
        return PilotCode.objects.create(
            code=code, note=note[:2000], reviewed_by=user if user is not None and user.is_authenticated else None
        )


# --- bulk import of subjects ---------------------------------------------------------------------------------

SUBJECT_COLUMNS = ("kind", "name", "credit_code", "id_number")


def import_subjects(rows: Any) -> Any:
    """Create or rename subjects from table rows (``SUBJECT_COLUMNS``); idempotent: an unchanged row is skipped.
    Each row is its own transaction; a refused row is reported with its line and reason (never its ID number)."""
    from fazhi.credit.importer import ImportReport, reason_of

    report = ImportReport()
    for line, row in enumerate(rows, start=2):
        kind = str(row.get("kind") or "").strip()
        kind = {"组织": SubjectKind.ORGANISATION, "法人": SubjectKind.ORGANISATION, "自然人": SubjectKind.PERSON}.get(
            kind, kind
        )
        name = str(row.get("name") or "").strip()
        code = normalise_code(row.get("credit_code"))
        label = code if kind == SubjectKind.ORGANISATION else (name[:1] + "**" if name else "")
        try:
            key = key_for(kind, credit_code=code, id_number=str(row.get("id_number") or ""))
            existing = Subject.objects.filter(key=key).first()
            if existing is not None and existing.name == name:
                report.skip(line, label, _("unchanged"))
                continue
            subject_for(kind, name, credit_code=code, id_number=str(row.get("id_number") or ""))
        except ValidationError as exc:
            report.add_error(line, label, reason_of(exc))
            continue
        if existing is None:
            report.created += 1
        else:
            report.updated += 1
    return report
