"""Lists and commitments.

A list (严重失信主体名单, 经营异常名录, 守信名单) is published with its entry and exit conditions and the remedies
open to the listed (第二十五条: 「应当同时公开名单的列入、移出条件和救济途径」); an unpublished list takes no entries.
Staff of the listing body (or the credit centre) add and remove entries, each with its reason.

A credit commitment (信用承诺, plan clause (十一)) is recorded when made and assessed later: kept or broken. A
broken one becomes a failing record under the catalogue's item for broken commitments (第九条(六): set by national
rules), a kept one a positive record when the catalogue has that item.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.credit.access import is_centre_staff
from fazhi.credit.catalogue import current_catalogue
from fazhi.credit.choices import Category, SubjectKind
from fazhi.credit.models import Commitment, CreditRecord, ListDefinition, ListEntry, Subject
from fazhi.credit.records import RecordData, submit_record
from fazhi.orgs.models import Organisation

COMMITMENT_SOURCE = "commitment"


def _require_body(user: Any, body: Organisation, perm: str) -> None:
    from fazhi.core.permissions import path_in_scopes, scopes_for

    if user is None:
        return
    if not (is_centre_staff(user, perm) or path_in_scopes(body.path, scopes_for(user, perm))):
        raise PermissionDenied(_("Only the staff of %(body)s or of the credit centre may do this.") % {"body": body})


def _reason(value: Any) -> str:
    reason = str(value or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason."))
    if len(reason) > 2000:
        raise ValidationError(_("The reason is longer than 2000 characters."))
    return reason


def commitments_for(user: Any, action: str = "view") -> Any:
    """The commitments ``user`` works on: all for the credit centre, the body's own for its staff."""
    from fazhi.core.permissions import perm_codename

    commitments = Commitment.objects.select_related("subject", "body", "record")
    if is_centre_staff(user, perm_codename(Commitment, action)):
        return commitments
    return Commitment.policy.filter(commitments, user, action)


@transaction.atomic
def define_list(
    *,
    kind: str,
    name: str,
    body: Organisation,
    entry_conditions: str,
    exit_conditions: str,
    remedies: str,
    legal_basis: str,
    published: bool,
    user: Any,
) -> ListDefinition:
    """Define a list (the listing body's or the credit centre's staff). Its entry and exit conditions and the
    remedies are published with it (第二十五条): a list lacking any of them cannot be published."""
    from fazhi.credit.choices import ListKind

    _require_body(user, body, "credit.add_listdefinition")
    if kind not in ListKind.values:
        raise ValidationError(_("Unknown kind of list."))
    values = {
        "name": str(name or "").strip()[:200],
        "entry_conditions": str(entry_conditions or "").strip()[:2000],
        "exit_conditions": str(exit_conditions or "").strip()[:2000],
        "remedies": str(remedies or "").strip()[:2000],
        "legal_basis": str(legal_basis or "").strip()[:200],
    }
    if not values["name"]:
        raise ValidationError(_("A list needs a name."))
    if published and not all(values.values()):
        raise ValidationError(
            _("A list is published only with its entry and exit conditions, remedies and legal basis (第二十五条).")
        )
    return ListDefinition.objects.create(kind=kind, body=body, published=published, **values)


def published_lists() -> Any:
    return ListDefinition.objects.filter(published=True).select_related("body")


def current_entries(listing: ListDefinition) -> Any:
    return listing.entries.filter(exited_on__isnull=True).select_related("subject")


@transaction.atomic
def add_entry(
    listing: ListDefinition,
    subject: Subject,
    *,
    reason: str,
    user: Any,
    record: CreditRecord | None = None,
    entered_on: dt.date | None = None,
    exits_on: dt.date | None = None,
) -> ListEntry:
    _require_body(user, listing.body, "credit.add_listentry")
    if not listing.published:
        raise ValidationError(
            _("The list is not published with its conditions and remedies yet: it takes no entries (第二十五条).")
        )
    reason = _reason(reason)
    if record is not None and record.subject_id != subject.pk:
        raise ValidationError(_("The record is not about this subject."))
    if listing.entries.select_for_update().filter(subject=subject, exited_on__isnull=True).exists():
        raise ValidationError(_("The subject is already on this list."))
    entered_on = entered_on or timezone.localdate()
    if exits_on is not None and exits_on <= entered_on:
        raise ValidationError(_("The day it leaves the list must come after the day it is listed."))
    return ListEntry.objects.create(
        listing=listing, subject=subject, record=record, reason=reason, entered_on=entered_on, exits_on=exits_on
    )


@transaction.atomic
def remove_entry(entry: ListEntry, *, reason: str, user: Any, exited_on: dt.date | None = None) -> ListEntry:
    entry = ListEntry.objects.select_for_update().select_related("listing__body").get(pk=entry.pk)
    _require_body(user, entry.listing.body, "credit.change_listentry")
    if entry.exited_on is not None:
        raise ValidationError(_("The subject already left the list."))
    entry.exit_reason = _reason(reason)
    entry.exited_on = exited_on or timezone.localdate()
    entry.save()
    return entry


# --- commitments ------------------------------------------------------------------------------------------------


@transaction.atomic
def record_commitment(
    subject: Subject, *, body: Organisation, matter: str, content: str, made_on: dt.date | None, user: Any
) -> Commitment:
    _require_body(user, body, "credit.add_commitment")
    matter, content = str(matter or "").strip(), str(content or "").strip()
    if not matter or not content:
        raise ValidationError(_("Say for which matter and what was committed."))
    made_on = made_on or timezone.localdate()
    if made_on > timezone.localdate():
        raise ValidationError(_("A date lies in the future."))
    return Commitment.objects.create(
        subject=subject, body=body, matter=matter[:200], content=content[:2000], made_on=made_on
    )


def _commitment_item(kept: bool) -> str | None:
    catalogue = current_catalogue()
    if catalogue is None:
        return None
    category = Category.KEPT_COMMITMENT if kept else Category.OTHER_FAILING
    items = catalogue.items.filter(category=category)
    if not kept:
        items = items.filter(code__icontains="CN")  # the broken-commitment item (code CN…: 承诺)
    item = items.order_by("code").first()
    return item.code if item else None


@transaction.atomic
def assess_commitment(commitment: Commitment, *, kept: bool, note: str, user: Any) -> Commitment:
    """Assess a commitment; a broken one makes a failing record (a kept one a positive record, when catalogued)."""
    commitment = Commitment.objects.select_for_update().select_related("subject", "body").get(pk=commitment.pk)
    _require_body(user, commitment.body, "credit.change_commitment")
    if commitment.kept is not None:
        raise ValidationError(_("This commitment was already assessed."))
    note = _reason(note)
    today = timezone.localdate()
    commitment.kept, commitment.assessed_on = kept, today
    code = _commitment_item(kept)
    if code is None and not kept:
        raise ValidationError(_("The published catalogue has no item for broken commitments: nothing was saved."))
    if code is not None:
        subject = commitment.subject
        record, _created = submit_record(
            RecordData(
                source_system=COMMITMENT_SOURCE,
                source_ref=f"CN-{commitment.pk}",
                item=code,
                provider=commitment.body,
                subject_kind=subject.kind,
                subject_name=subject.name,
                credit_code=subject.credit_code,
                id_number=subject.id_number if subject.kind == SubjectKind.PERSON else "",
                title=(_("Commitment kept: %(matter)s") if kept else _("Commitment broken: %(matter)s"))
                % {"matter": commitment.matter},
                summary=f"{commitment.content}\n{note}"[:2000],
                legal_basis="上海市社会信用条例第九条",
                decided_on=today,
            ),
            user=None,
        )
        commitment.record = record
    commitment.save()
    return commitment
