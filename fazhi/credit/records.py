"""Records: intake of public credit information (第十一条: only items of the published catalogue), the dates that
govern each record, deletion when the underlying act is revoked (第三十七条) and the daily sweep.

Dates a record carries, each from its article:

* ``queryable_until``: five years from the day the act ended (第三十五条, ``clocks.QUERY_YEARS``); for positive
  information the law sets no period, and the platform keeps the same five years (policy);
* ``public_until``: a penalty record is disclosed for three years (沪营商条例 第六十五条,
  ``clocks.PENALTY_PUBLIC_YEARS``); another item for its catalogue ``disclosure_months`` (第十条: the catalogue
  states how long); none when the item says "as long as it may be queried";
* ``earliest_repair``: a failing record may be repaired after three months, one year in the sectors 第六十七条
  lists (food, drugs, special equipment, work safety, fire: ``severe``).

Who may write: the provider's staff (``credit.add_creditrecord`` over the providing body), the credit centre's staff
(over every body), or a system source (``user=None``: the enforcement module, an import command).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core.permissions import (
    ADD,
    CHANGE,
    VIEW,
    Policy,
    path_in_scopes,
    perm_codename,
    scopes_for,
)
from fazhi.credit import clocks
from fazhi.credit.access import is_centre_staff, works_with_credit
from fazhi.credit.catalogue import item_for
from fazhi.credit.choices import FAILING_CATEGORIES, Category, RecordStatus, SubjectKind
from fazhi.credit.models import CatalogueItem, CreditRecord, Subject
from fazhi.credit.subjects import subject_for
from fazhi.orgs.models import Organisation
from fazhi.workflow.clocks import deadline

#: Words in a penalty's violation or legal bases that put it in the sectors of 沪营商条例 第六十七条 (one year).
SEVERE_SECTOR_WORDS = ("食品", "药品", "特种设备", "安全生产", "消防")


# --- who may see and write ------------------------------------------------------------------------------------


class CentrePolicy(Policy):
    """The platform-wide data of credit (subjects, catalogue, lists, pilot codes): staff with the role read it; only
    the credit centre's staff write it. Used by the credit views for models that carry no organisation."""

    def __init__(self, model: type[models.Model]):
        self.model = model

    def _reads(self, user: Any, action: str) -> bool:
        perm = perm_codename(self.model, action)
        return bool(scopes_for(user, perm)) if action == VIEW else is_centre_staff(user, perm)

    def filter(self, queryset: models.QuerySet, user: Any, action: str) -> models.QuerySet:
        return queryset if self._reads(user, action) else queryset.none()

    def allows_any(self, user: Any, action: str) -> bool:
        return self._reads(user, action)

    def allows_object(self, user: Any, action: str, obj: models.Model) -> bool:
        return self._reads(user, action)


def records_for(user: Any, action: str = VIEW) -> models.QuerySet[CreditRecord]:
    """The records ``user`` works on: every record for the credit centre, the providing body's for its staff."""
    records = CreditRecord.objects.select_related("subject", "item", "provider")
    if is_centre_staff(user, perm_codename(CreditRecord, action)):
        return records
    if action == VIEW:
        return CreditRecord.policy.granted(records, user, VIEW)
    return CreditRecord.policy.filter(records, user, action)


def may_write_for(user: Any, provider: Organisation, action: str = ADD) -> bool:
    if user is None:
        return True  # a system source
    perm = perm_codename(CreditRecord, action)
    return is_centre_staff(user, perm) or path_in_scopes(provider.path, scopes_for(user, perm))


# --- intake ---------------------------------------------------------------------------------------------------


@dataclass
class RecordData:
    """One record as plain values (what every provider can send)."""

    source_system: str
    source_ref: str
    item: str  # the catalogue item's code
    provider: Organisation | str  # the body, or its code
    subject_kind: str
    subject_name: str
    title: str
    summary: str
    legal_basis: str
    decided_on: dt.date
    act_ended_on: dt.date | None = None
    credit_code: str = ""
    id_number: str = ""
    amount: Decimal | str | None = None
    severe: bool = False
    #: When the information was first made public (a decision's publication day); the disclosure runs from it.
    public_from: dt.date | None = None


def record_dates(
    item: CatalogueItem,
    *,
    decided_on: dt.date,
    act_ended_on: dt.date,
    severe: bool,
    public_from: dt.date | None = None,
) -> dict[str, dt.date | None]:
    """``queryable_until``, ``public_until`` and ``earliest_repair`` of a record of ``item`` (see the module)."""
    start = public_from or decided_on
    if item.category == Category.PENALTY:
        public_until: dt.date | None = start + relativedelta(years=clocks.PENALTY_PUBLIC_YEARS)
    elif item.disclosure_months:
        public_until = start + relativedelta(months=item.disclosure_months)
    else:
        public_until = None
    queryable_until = act_ended_on + relativedelta(years=clocks.QUERY_YEARS)
    if public_until is not None and public_until > queryable_until:
        public_until = queryable_until  # nothing is shown after it may no longer be queried
    earliest_repair = None
    if item.category in FAILING_CATEGORIES:
        months = clocks.SEVERE_REPAIR_AFTER_MONTHS if severe else clocks.REPAIR_AFTER_MONTHS
        earliest_repair = start + relativedelta(months=months)
    return {"queryable_until": queryable_until, "public_until": public_until, "earliest_repair": earliest_repair}


def _text(value: Any, label: str, max_length: int, *, required: bool = True) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise ValidationError(_("%(field)s is required.") % {"field": label})
    if len(text) > max_length:
        raise ValidationError(_("%(field)s is longer than %(max)s characters.") % {"field": label, "max": max_length})
    return text


def _amount(value: Any) -> Decimal | None:
    if value is None or str(value).strip() == "":
        return None
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation as exc:
        raise ValidationError(_("The amount is not a number.")) from exc
    if amount < 0 or amount >= Decimal("1e12"):
        raise ValidationError(_("The amount is out of range."))
    return amount.quantize(Decimal("0.01"))


_BODIES: dict[str, Organisation] = {}


def body_by_code(value: Organisation | str) -> Organisation:
    if isinstance(value, Organisation):
        return value
    code = str(value or "").strip()
    body = Organisation.objects.filter(code=code).first() if code else None
    if body is None:
        raise ValidationError(_("No body has the code %(code)s.") % {"code": code[:40] or "-"})
    return body


def prepare_record(data: RecordData, *, subject: Subject | None = None) -> CreditRecord:
    """The record ``data`` describes, checked and unsaved (its subject found or created unless given)."""
    source_system = _text(data.source_system, _("Source system"), 40)
    source_ref = _text(data.source_ref, _("Reference at the source"), 100)
    item = item_for(data.item)
    if data.subject_kind not in item.subject_kinds.split(","):
        raise ValidationError(_("Item %(code)s does not cover this kind of subject.") % {"code": item.code})
    provider = body_by_code(data.provider)
    if item.provider_id is not None and item.provider_id != provider.pk:
        raise ValidationError(
            _("Item %(code)s is provided by %(body)s only.") % {"code": item.code, "body": item.provider}
        )
    if not isinstance(data.decided_on, dt.date):
        raise ValidationError(_("The date of the decision is required."))
    act_ended_on = data.act_ended_on or data.decided_on
    today = timezone.localdate()
    if data.decided_on > today or act_ended_on > today:
        raise ValidationError(_("A date lies in the future."))
    if act_ended_on < data.decided_on - relativedelta(years=50):
        raise ValidationError(_("The date the act ended is implausible."))
    if subject is None:
        subject = subject_for(
            data.subject_kind, data.subject_name, credit_code=data.credit_code, id_number=data.id_number
        )
    dates = record_dates(
        item, decided_on=data.decided_on, act_ended_on=act_ended_on, severe=data.severe, public_from=data.public_from
    )
    return CreditRecord(
        subject=subject,
        item=item,
        provider=provider,
        source_system=source_system,
        source_ref=source_ref,
        title=_text(data.title, _("Title"), 200),
        summary=_text(data.summary, _("Summary"), 2000),
        legal_basis=_text(data.legal_basis, _("Legal basis"), 2000),
        amount=_amount(data.amount),
        decided_on=data.decided_on,
        act_ended_on=act_ended_on,
        severe=bool(data.severe),
        **dates,
    )


#: What a re-submission may change on a stored record.
UPDATABLE = (
    "subject",
    "item",
    "provider",
    "title",
    "summary",
    "legal_basis",
    "amount",
    "decided_on",
    "act_ended_on",
    "severe",
    "queryable_until",
    "public_until",
    "earliest_repair",
)


#: The same, as attribute names (a foreign key by its id: comparing never loads the related row).
UPDATABLE_ATTNAMES = tuple(field.attname for field in CreditRecord._meta.concrete_fields if field.name in UPDATABLE)


def _apply(stored: CreditRecord, new: CreditRecord) -> list[str]:
    changed = [name for name in UPDATABLE_ATTNAMES if getattr(stored, name) != getattr(new, name)]
    for name in changed:
        setattr(stored, name, getattr(new, name))
    return changed


def submit_record(data: RecordData, user: Any = None, *, decision: Any = None) -> tuple[CreditRecord, bool]:
    """Take one record, or update the one from the same source and reference: ``(record, created)``.

    ``user``: the provider's or the centre's staff (checked against the providing body); None: a system source.
    A deleted record is not brought back: its act was revoked."""
    with transaction.atomic():
        record = prepare_record(data)
        if not may_write_for(user, record.provider):
            raise PermissionDenied(_("You may submit records only for the bodies you work for."))
        record.decision = decision
        stored = (
            CreditRecord.objects.select_for_update()
            .filter(source_system=record.source_system, source_ref=record.source_ref)
            .first()
        )
        if stored is None:
            record.save()
            return record, True
        if stored.status == RecordStatus.DELETED:
            raise ValidationError(
                _("Record %(ref)s was deleted because its act was revoked; submit a new act under its own reference.")
                % {"ref": stored.source_ref}
            )
        if user is not None and not may_write_for(user, stored.provider, CHANGE):
            raise PermissionDenied(_("You may submit records only for the bodies you work for."))
        if _apply(stored, record):
            stored.save()
        return stored, False


# --- deletion and expiry ------------------------------------------------------------------------------------


def mark_revoked(record: CreditRecord, *, reason: str, now: dt.datetime | None = None) -> CreditRecord:
    """The provider tells that the act was revoked: the record is to be deleted within 3 工作日 (第三十七条)."""
    now = now or timezone.now()
    with transaction.atomic():
        record = CreditRecord.objects.select_for_update().get(pk=record.pk)
        if record.status == RecordStatus.DELETED or record.revoked_at is not None:
            return record
        due, _estimated = deadline(clocks.DELETION, now)
        record.revoked_at = now
        record.deletion_due = timezone.localdate(due)
        record.status_reason = str(reason or "")[:2000]
        record.save()
    return record


def delete_record(record: CreditRecord, *, user: Any, reason: str = "", now: dt.datetime | None = None) -> CreditRecord:
    """Delete a record whose act was revoked (第三十七条): by status, kept for the audit trail, out of every view."""
    now = now or timezone.now()
    with transaction.atomic():
        record = CreditRecord.objects.select_for_update().select_related("provider").get(pk=record.pk)
        if user is not None and not may_write_for(user, record.provider, CHANGE):
            raise PermissionDenied(_("You may not delete this record."))
        if record.status == RecordStatus.DELETED:
            return record
        if record.revoked_at is None:
            raise ValidationError(_("Only a record whose underlying act was revoked is deleted (第三十七条)."))
        record.status = RecordStatus.DELETED
        record.deleted_at = now
        if reason:
            record.status_reason = str(reason)[:2000]
        record.save()
    return record


@dataclass
class SweepResult:
    deleted: int = 0
    expired: int = 0


def sweep(today: dt.date | None = None) -> SweepResult:
    """Daily: delete the revoked records whose deletion is due (第三十七条) and end the query period of the records
    past it (第三十五条: status EXPIRED). Idempotent."""
    today = today or timezone.localdate()
    result = SweepResult()
    due = CreditRecord.objects.filter(
        ~Q(status=RecordStatus.DELETED), revoked_at__isnull=False, deletion_due__lte=today
    )
    for record in due.iterator():
        delete_record(record, user=None, reason=record.status_reason or _("Deleted on the due day (第三十七条)."))
        result.deleted += 1
    expired = CreditRecord.objects.filter(
        status__in=(RecordStatus.ACTIVE, RecordStatus.REPAIRED), queryable_until__lt=today
    )
    for record in expired.iterator():
        with transaction.atomic():
            record.status = RecordStatus.EXPIRED
            record.status_reason = _("The five-year query period ended (第三十五条).")
            record.save()
        result.expired += 1
    return result


def basis_url(item: CatalogueItem) -> str | None:
    """The law library's page of the article the item's legal basis resolved to (None: kept as written)."""
    work = item.basis_work
    if work is None or not item.basis_article:
        return None
    from django.urls import reverse

    return reverse("laws:article", kwargs={"key": work.key, "number": str(item.basis_article)})


def subject_kind_label(kind: str) -> str:
    return str(dict(SubjectKind.choices).get(kind, kind))


def register() -> None:
    """Menus, demo loaders, role grants and the enforcement module's signals of this part."""
    from django.utils.translation import gettext_lazy

    from fazhi.core.portal import MenuEntry, register_menu
    from fazhi.core.setup import DEMO_LOADERS, ReferenceLoader
    from fazhi.credit import from_decisions
    from fazhi.credit.demo import create_demo_credit

    from_decisions.connect()
    DEMO_LOADERS.append(ReferenceLoader("credit records", lambda stdout: _ignore(create_demo_credit(stdout=stdout))))
    register_menu(
        MenuEntry(
            gettext_lazy("Credit records"),
            "credit_console:records",
            console=True,
            permission="credit.view_creditrecord",
            usable=lambda user: works_with_credit(user, "credit.view_creditrecord"),
        )
    )
    register_menu(
        MenuEntry(
            gettext_lazy("Credit catalogue"),
            "credit_console:catalogues",
            console=True,
            permission="credit.view_catalogue",
            usable=lambda user: is_centre_staff(user, "credit.view_catalogue"),
        )
    )
    _grant_roles()


#: The models of this part (the others grant their own).
_MODELS = (
    "subject",
    "subjectname",
    "pilotcode",
    "subjectaccount",
    "catalogue",
    "catalogueitem",
    "creditrecord",
    "listdefinition",
    "listentry",
    "commitment",
)


def _grant_roles() -> None:
    """Handlers and reviewers submit and manage records (over their bodies; the credit centre over all); leaders
    and evaluators read."""
    from fazhi.accounts.choices import RoleCode as R
    from fazhi.accounts.roles import grant

    handling = [f"credit.{action}_{model}" for model in _MODELS for action in ("view", "add", "change")]
    reading = [f"credit.view_{model}" for model in _MODELS]
    grant(R.HANDLER, *handling)
    grant(R.REVIEWER, *handling)
    grant(R.LEADER, *reading)
    grant(R.EVALUATOR, *reading)


def _ignore(_value: object) -> None:
    """A loader returns nothing (the count went to stdout)."""
