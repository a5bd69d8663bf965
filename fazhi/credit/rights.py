"""The subject's rights (上海市社会信用条例 第十七条, 第三十六条–第三十八条; 沪营商条例 第六十七条): its own records,
objections, deletion on revocation, repair. The steps of objections and repairs are declared in workflow.py; the
services here do what is particular to each step, inside the shared guard (``fazhi.workflow.engine.transition``).

Who is who:

* *the centre* (市公共信用信息服务中心, organisation ``31-XYZX``) receives objections, marks and decides them or
  transfers them, deletes revoked records and withdraws repaired ones. It runs the platform for the whole city, so
  its staff follow every objection and repair, not only those still in its hands (``is_centre_staff``);
* *the provider* (信用信息提供单位) is the record's ``provider``: it decides transferred objections and reviews
  repair applications (第三十八条: it gives the written proof of repair);
* *the subject* acts through the accounts linked to it (``SubjectAccount``): policy, the centre links an account
  after checking the person's identity, as its counter does for a paper application.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.accounts.services import staff_holding
from fazhi.core.permissions import CHANGE, VIEW, policy_of
from fazhi.credit.access import acts_for, centre, is_centre_staff
from fazhi.credit.choices import (
    OBJECTION_CLOSED,
    REPAIR_CLOSED,
    Category,
    ListKind,
    RecordStatus,
)
from fazhi.credit.clocks import REPAIR_AFTER_MONTHS, SEVERE_REPAIR_AFTER_MONTHS
from fazhi.credit.models import (
    TEXT_MAX,
    Commitment,
    CreditRecord,
    ListEntry,
    Measure,
    Objection,
    RepairApplication,
    Subject,
    SubjectAccount,
)
from fazhi.credit.subjects import find_subject
from fazhi.orgs.models import Organisation
from fazhi.workflow.clocks import clock_named, deadline
from fazhi.workflow.engine import begin, start_clock, transition

#: The penalties 公示规定 第十四条第三款 bars from early repair (停产停业, 吊销许可证件 …), in publicity's codes.
NO_EARLY_REPAIR_PENALTIES = frozenset({"suspension", "revocation"})
#: The lists a subject must not be on to repair early (公示规定 第十四条第一款第四项).
BLOCKING_LISTS = (ListKind.SERIOUS, ListKind.ABNORMAL)
MAX_PROOF_FILES = 5


# --- who is who ------------------------------------------------------------------------------------------------


def own_records(subject: Subject) -> models.QuerySet[CreditRecord]:
    """All of the subject's records (第十七条): on record, repaired, expired, deleted — with their status."""
    return (
        CreditRecord.objects.filter(subject=subject).select_related("item", "provider").order_by("-decided_on", "-pk")
    )


def own_record(user: Any, pk: Any) -> CreditRecord | None:
    """The record, if it is about a subject ``user`` acts for; else None (the caller answers 404: nothing leaks)."""
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return (
            CreditRecord.objects.select_related("item", "provider", "subject", "decision")
            .filter(pk=int(pk), subject__accounts__user=user)
            .first()
        )
    except (TypeError, ValueError, OverflowError):
        return None


def own_lists(subject: Subject) -> models.QuerySet[ListEntry]:
    return ListEntry.objects.filter(subject=subject).select_related("listing", "record")


def own_commitments(subject: Subject) -> models.QuerySet[Commitment]:
    return Commitment.objects.filter(subject=subject).select_related("body")


def own_matters_q(user: Any) -> Q:
    """The objections or repairs ``user`` may follow as the subject: made by them, or about a subject they act for."""
    return Q(submitter=user) | Q(record__subject__accounts__user=user)


def followed_by_subject(model: type[Objection] | type[RepairApplication], user: Any) -> models.QuerySet[Any]:
    if not getattr(user, "is_authenticated", False):
        return model.objects.none()
    return model.objects.filter(own_matters_q(user)).distinct().select_related("record", "organisation")


def staff_queue(model: type[Objection] | type[RepairApplication], user: Any) -> models.QuerySet[Any]:
    """Staff: the matters in their hands (policy), and for the centre's staff every one (it answers them all)."""
    records = model.objects.select_related("record", "record__subject", "record__provider", "organisation")
    if is_centre_staff(user, f"credit.view_{model._meta.model_name}"):
        return records.all()
    return policy_of(model).granted(records, user, VIEW)


def _text(value: Any, field: str, *, required: bool = True, max_length: int = TEXT_MAX) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise ValidationError({field: _("This field is required.")})
    if len(text) > max_length:
        raise ValidationError({field: _("At most %(n)s characters.") % {"n": max_length}})
    return text


def _notify_staff(organisation: Organisation | None, perm: str, *, title: str, body: str, url: str) -> None:
    from fazhi.notifications.services import notify

    recipients = staff_holding(organisation, perm)
    if recipients:
        notify(recipients, title=title, body=body, url=url)


def _staff_url(name: str, pk: int) -> str:
    from django.urls import reverse

    return reverse(name, kwargs={"pk": pk})


def handles_objections(user: Any) -> bool:
    """For the console tile: the centre's staff, or staff over a body that provides records (an enforcement body)."""
    return _handles(user, "credit.view_objection")


def handles_repairs(user: Any) -> bool:
    return _handles(user, "credit.view_repairapplication")


def handles_deletions(user: Any) -> bool:
    return _handles(user, "credit.view_creditrecord")


def _handles(user: Any, perm: str) -> bool:
    from fazhi.enforcement.scope import covers_enforcement_body

    return is_centre_staff(user, perm) or covers_enforcement_body(user, perm)


# --- linking an account to a subject (policy) -----------------------------------------------------------------


def may_link(user: Any) -> bool:
    return is_centre_staff(user, "credit.add_subjectaccount")


def link_account(*, officer: Any, username: str, identifier: str) -> SubjectAccount:
    """The centre links a platform account to a subject after checking the person's identity at its counter.
    The identifier is the credit code or ID number; it is never repeated in an error."""
    if not may_link(officer):
        raise PermissionDenied(_("Only the credit centre's staff link accounts to subjects."))
    user = get_user_model().objects.filter(username=str(username or "").strip(), is_active=True).first()
    if user is None:
        raise ValidationError({"username": _("No active account has this username.")})
    subject = find_subject(str(identifier or ""))
    if subject is None:
        raise ValidationError({"identifier": _("No subject with this credit code or ID number is on the platform.")})
    with transaction.atomic():
        if SubjectAccount.objects.filter(user=user, subject=subject).exists():
            raise ValidationError(_("This account already acts for this subject."))
        return SubjectAccount.objects.create(user=user, subject=subject, verified_by=officer)


# --- objection (异议, 第三十六条) -------------------------------------------------------------------------------


def open_objection(record: CreditRecord) -> Objection | None:
    """The objection to ``record`` still being handled (one at a time)."""
    return record.objections.exclude(status__in=OBJECTION_CLOSED).first()


def objection_submit(*, record: CreditRecord, user: Any, grounds: str, evidence: str = "") -> Objection:
    """The subject objects to one of its own records: received by the centre, whose 1 工作日 to mark it starts."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied(_("Sign in to object to a record."))
    if not acts_for(user, record.subject):
        raise PermissionDenied(_("You may object only to the records of a subject you act for (第三十六条)."))
    grounds = _text(grounds, "grounds")
    evidence = _text(evidence, "evidence", required=False)
    handler = centre()
    with transaction.atomic():
        locked = CreditRecord.objects.select_for_update().get(pk=record.pk)  # two objections at once: one waits
        if locked.status == RecordStatus.DELETED:
            raise ValidationError(_("This record has been deleted: there is nothing left to object to."))
        open_one = open_objection(locked)
        if open_one is not None:
            raise ValidationError(
                _("An objection to this record is already being handled: %(number)s.")
                % {"number": open_one.tracking_number}
            )
        objection = Objection(record=locked, submitter=user, organisation=handler, grounds=grounds, evidence=evidence)
        begin(objection)
        objection.save()
        from fazhi.casework.services import record_event

        record_event(objection, status=objection.status, actor=user, saved=True)
        _notify_staff(
            handler,
            "credit.change_objection",
            title=_("New objection %(number)s: mark it within 1 working day (第三十六条).")
            % {"number": objection.tracking_number},
            body=str(locked.title),
            url=_staff_url("credit_console:objection", objection.pk),
        )
    return objection


def objection_deadlines(objection: Objection) -> dict[str, dt.datetime]:
    """The centre's three dates, all counted from the day the objection was received (第三十六条第二款)."""
    received = objection.created_at or timezone.now()
    return {
        key: deadline(clock_named(f"credit.objection.{key}"), received)[0] for key in ("mark", "decide", "transfer")
    }


def objection_mark(*, objection: Objection, user: Any, note: str = "") -> Objection:
    with transition(objection, "mark", user) as step:
        objection = step.matter
        record = CreditRecord.objects.select_for_update().get(pk=objection.record_id)
        record.under_objection = True
        record.save()
        objection.marked_at = timezone.now()
        # The 5 工作日 to decide run from receipt, not from the mark: start the clock at the day received.
        step.keep_clock = True
        start_clock(objection, clock_named("credit.objection.decide"), objection.created_at)
        step.note = _text(note, "note", required=False) or _("The record is marked as under objection.")
    return objection


def objection_transfer(*, objection: Objection, user: Any, note: str = "") -> Objection:
    with transition(objection, "transfer", user) as step:
        objection = step.matter
        record = objection.record
        if record.provider_id == objection.organisation_id:
            raise ValidationError(_("The centre provided this record itself: decide the objection here."))
        objection.organisation = record.provider
        objection.transferred_at = timezone.now()
        step.note = _text(note, "note", required=False) or _("Transferred to %(body)s, which decides it.") % {
            "body": record.provider
        }
        _notify_staff(
            record.provider,
            "credit.change_objection",
            title=_("Objection %(number)s transferred to you: decide within 5 working days (第三十六条).")
            % {"number": objection.tracking_number},
            body=f"{record.title}\n{objection.grounds}",
            url=_staff_url("credit_console:objection", objection.pk),
        )
    return objection


class ObjectionOutcome:
    CORRECT = "correct"
    DELETE = "delete"


def objection_correct(
    *, objection: Objection, user: Any, outcome: str, reason: str, title: str = "", summary: str = ""
) -> Objection:
    """The record is corrected (its title or summary) or deleted (by status), with the reason."""
    with transition(objection, "correct", user) as step:
        objection = step.matter
        reason = _text(reason, "reason")
        record = CreditRecord.objects.select_for_update().get(pk=objection.record_id)
        if outcome == ObjectionOutcome.DELETE:
            record.status, record.deleted_at = RecordStatus.DELETED, timezone.now()
        elif outcome == ObjectionOutcome.CORRECT:
            title, summary = (
                _text(title, "title", required=False, max_length=200),
                _text(summary, "summary", required=False),
            )
            if not title and not summary:
                raise ValidationError({"summary": _("Give the corrected title or summary, or delete the record.")})
            record.title = title or record.title
            record.summary = summary or record.summary
        else:
            raise ValidationError({"outcome": _("Choose whether the record is corrected or deleted.")})
        record.under_objection = False
        record.status_reason = _("Objection %(number)s: %(reason)s") % {
            "number": objection.tracking_number,
            "reason": reason,
        }
        record.save()
        objection.answer = reason
        step.note = reason
        _tell_centre_if_transferred(objection, reason)
    return objection


def objection_uphold(*, objection: Objection, user: Any, reason: str) -> Objection:
    with transition(objection, "uphold", user) as step:
        objection = step.matter
        reason = _text(reason, "reason")
        CreditRecord.objects.filter(pk=objection.record_id).update(under_objection=False)
        objection.answer = reason
        step.note = reason
        _tell_centre_if_transferred(objection, reason)
    return objection


def _tell_centre_if_transferred(objection: Objection, reason: str) -> None:
    """A provider's decision is told to the centre (第三十六条第二款第二项); the applicant is told by the step."""
    if objection.transferred_at is None:
        return
    _notify_staff(
        centre(),
        "credit.view_objection",
        title=_("The provider decided objection %(number)s.") % {"number": objection.tracking_number},
        body=reason,
        url=_staff_url("credit_console:objection", objection.pk),
    )


# --- deletion on revocation (第三十七条) -------------------------------------------------------------------------


def deletion_queue(user: Any) -> models.QuerySet[CreditRecord]:
    """Records whose underlying act was revoked and that await deletion, earliest due first."""
    pending = CreditRecord.objects.filter(revoked_at__isnull=False, deleted_at__isnull=True).exclude(
        status=RecordStatus.DELETED
    )
    pending = pending.select_related("subject", "provider", "item").order_by("deletion_due", "pk")
    if is_centre_staff(user, "credit.view_creditrecord"):
        return pending
    return CreditRecord.policy.granted(pending, user, VIEW)


# --- repair (信用修复, 第三十八条; 沪营商条例 第六十七条) -----------------------------------------------------


@dataclass(frozen=True)
class Condition:
    code: str
    label: str
    met: bool | None  # None: the applicant fulfils it in the application (a statement, a signature)
    detail: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "label": self.label, "met": self.met, "detail": self.detail}


COMMITMENT_TEXT = gettext_lazy(
    "I commit that the information I give is true, that I have performed the obligations the decision imposed and "
    "removed its harmful effects, and that I will keep the law. If this commitment proves false, the repair is "
    "revoked and the broken commitment is recorded as failing credit information."
)


def repair_possible_from(record: CreditRecord) -> dt.date:
    """``earliest_repair`` as the provider gave it; else the minimum period of 沪营商条例 第六十七条 (three months,
    one year in the sectors it lists) counted from the decision — policy where the provider gave no date."""
    if record.earliest_repair is not None:
        return record.earliest_repair
    months = SEVERE_REPAIR_AFTER_MONTHS if record.severe else REPAIR_AFTER_MONTHS
    return record.decided_on + relativedelta(months=months)


def excluded_from_early_repair(record: CreditRecord) -> str:
    """Why the law bars this record from early repair, or ``""``."""
    if record.item.category == Category.MARKET_BAN:
        return _("A market or trade ban is not repaired early (公示规定 第十四条第三款).")
    decision = record.decision
    penalties = set(str(getattr(decision, "penalty_types", "") or "").split(",")) if decision else set()
    if penalties & NO_EARLY_REPAIR_PENALTIES:
        return _(
            "Suspension of business or revocation of a licence is a severe penalty: its publication is not "
            "stopped early (公示规定 第十四条第三款)."
        )
    return ""


def repair_conditions(
    record: CreditRecord, *, obligation: str | None = None, commitment: bool | None = None, today: dt.date | None = None
) -> list[Condition]:
    """The conditions for repairing *this* record and whether each is met now. ``obligation`` and ``commitment``
    are what the applicant gives (None: not given yet, shown as to be done in the application)."""
    today = today or timezone.localdate()
    possible_from = repair_possible_from(record)
    excluded = excluded_from_early_repair(record)
    listed = (
        ListEntry.objects.filter(subject_id=record.subject_id, exited_on__isnull=True, listing__kind__in=BLOCKING_LISTS)
        .select_related("listing")
        .first()
    )
    open_repair = record.repairs.exclude(status__in=REPAIR_CLOSED).first() if record.pk else None
    conditions = [
        Condition(
            "failing",
            _("The record is failing credit information (第三十八条)"),
            record.is_failing,
            "" if record.is_failing else _("Only failing information is repaired."),
        ),
        Condition(
            "on_record",
            _("The record is on record and shown to the public"),
            record.status == RecordStatus.ACTIVE and not record.hidden,
            "" if record.status == RecordStatus.ACTIVE and not record.hidden else record.get_status_display(),
        ),
        Condition("not_excluded", _("The law allows early repair of this record"), not excluded, excluded),
        Condition(
            "period",
            _("The minimum period has passed (沪营商条例 第六十七条: 3 months; 1 year for severe records)"),
            today >= possible_from,
            _("Possible from %(date)s.") % {"date": possible_from.isoformat()},
        ),
        Condition(
            "not_listed",
            _("The subject is not on the abnormal operations list or the list of seriously dishonest subjects"),
            listed is None,
            str(listed.listing) if listed is not None else "",
        ),
        Condition(
            "no_open_repair",
            _("No other repair application of this record is being handled"),
            open_repair is None,
            open_repair.tracking_number if open_repair is not None else "",
        ),
        Condition(
            "obligation",
            _("The obligation was performed and the harm removed (your statement and proof)"),
            None if obligation is None else bool(obligation.strip()),
        ),
        Condition(
            "commitment",
            _("A credit commitment is signed"),
            None if commitment is None else bool(commitment),
        ),
    ]
    return conditions


def repair_submit(
    *,
    record: CreditRecord,
    user: Any,
    obligation_performed: str,
    commitment_signed: bool,
    proof: Sequence[UploadedFile] = (),
) -> RepairApplication:
    """The subject applies to repair one failing record. Refused, with what is not met (and the date repair
    becomes possible), unless every condition holds; the provider reviews it."""
    from fazhi.attachments.services import attachment_create, validate_upload

    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied(_("Sign in to apply for repair."))
    if not acts_for(user, record.subject):
        raise PermissionDenied(_("You may apply to repair only the records of a subject you act for."))
    obligation_performed = _text(obligation_performed, "obligation_performed")
    if len(proof) > MAX_PROOF_FILES:
        raise ValidationError({"proof": _("At most %(n)s files.") % {"n": MAX_PROOF_FILES}})
    for upload in proof:
        validate_upload(upload)  # before anything is written
    stored: list[Any] = []
    try:
        with transaction.atomic():
            locked = (
                CreditRecord.objects.select_for_update(of=("self",))
                .select_related("item", "decision")
                .get(pk=record.pk)
            )
            conditions = repair_conditions(locked, obligation=obligation_performed, commitment=bool(commitment_signed))
            unmet = [c for c in conditions if c.met is False]
            if unmet:
                raise ValidationError([f"{c.label}: {c.detail}" if c.detail else str(c.label) for c in unmet])
            repair = RepairApplication(
                record=locked,
                submitter=user,
                organisation=locked.provider,
                obligation_performed=obligation_performed,
                commitment_signed=True,
                conditions=[c.as_dict() for c in conditions],
            )
            begin(repair)
            repair.save()
            for upload in proof:
                stored.append(
                    attachment_create(
                        upload=upload, target=repair, user=user, description=_("Proof of performance"), authorised=True
                    )
                )
            from fazhi.casework.services import record_event

            record_event(repair, status=repair.status, actor=user, saved=True)
            _notify_staff(
                locked.provider,
                "credit.change_repairapplication",
                title=_("New repair application %(number)s to review.") % {"number": repair.tracking_number},
                body=str(locked.title),
                url=_staff_url("credit_console:repair", repair.pk),
            )
    except BaseException:
        for attachment in stored:  # rolled back: remove their files too
            attachment.file.storage.delete(attachment.file.name)
        raise
    return repair


def repair_confirm(*, repair: RepairApplication, user: Any, proof: str) -> RepairApplication:
    """The provider confirms the repair: its written proof (第三十八条) goes to the centre, whose 3 工作日 to
    withdraw the record start now."""
    with transition(repair, "confirm", user) as step:
        repair = step.matter
        proof = _text(proof, "proof")
        repair.proof_received_at = timezone.now()
        repair.organisation = centre()
        step.note = proof
        _notify_staff(
            repair.organisation,
            "credit.change_repairapplication",
            title=_("Repair %(number)s confirmed by the provider: withdraw the record within 3 working days.")
            % {"number": repair.tracking_number},
            body=proof,
            url=_staff_url("credit_console:repair", repair.pk),
        )
    return repair


def repair_refuse(*, repair: RepairApplication, user: Any, reason: str) -> RepairApplication:
    with transition(repair, "refuse", user) as step:
        repair = step.matter
        repair.answer = _text(reason, "reason")
        step.note = repair.answer
    return repair


def repair_withdraw(*, repair: RepairApplication, user: Any) -> RepairApplication:
    """The centre withdraws the record from the public query view (第三十八条): hidden, status repaired."""
    with transition(repair, "withdraw", user) as step:
        repair = step.matter
        record = CreditRecord.objects.select_for_update().get(pk=repair.record_id)
        record.hidden, record.status = True, RecordStatus.REPAIRED
        record.status_reason = _("Repaired: application %(number)s.") % {"number": repair.tracking_number}
        record.save()
        repair.withdrawn_at = timezone.now()
        step.note = _("The record is withdrawn from the public query view.")
    return repair


def bodies_concerned(record: CreditRecord) -> list[Organisation]:
    """Who the result is shared with: the provider, and the bodies implementing a published joint measure that
    targets the record's category (their checks read the record)."""
    bodies: dict[int, Organisation] = {record.provider_id: record.provider}
    measures = Measure.objects.filter(target_category=record.item.category, published_at__isnull=False)
    for measure in measures.select_related("body"):
        bodies.setdefault(measure.body_id, measure.body)
    return list(bodies.values())


def repair_share(*, repair: RepairApplication, user: Any, note: str = "") -> RepairApplication:
    """The repair result is shared (沪营商条例 第六十七条): each body concerned is told in its staff inbox, with a
    link to the application; the applicant is told by the step."""
    with transition(repair, "share", user) as step:
        repair = step.matter
        record = repair.record
        bodies = bodies_concerned(record)
        for body in bodies:
            _notify_staff(
                body,
                "credit.view_creditrecord",
                title=_("Credit repair result %(number)s: the record is repaired.")
                % {"number": repair.tracking_number},
                body=f"{record.title}\n{record.source_ref}",
                url=_staff_url("credit_console:repair", repair.pk),
            )
        repair.shared_at = timezone.now()
        names = "、".join(str(b) for b in bodies)
        repair.answer = _text(note, "note", required=False) or _(
            "Repaired. The result was shared with: %(bodies)s."
        ) % {"bodies": names}
        step.note = repair.answer
    return repair


def may_take_repair_step(user: Any, repair: RepairApplication, *, withdrawn: bool) -> bool:
    """The centre's two steps after the proof: withdraw first, then share."""
    return (repair.withdrawn_at is not None) == withdrawn and policy_of(RepairApplication).allows(user, CHANGE, repair)


def proof_files(repair: RepairApplication) -> Iterable[Any]:
    """The files the applicant sent (whoever may see the application may see them: callers check that)."""
    from django.contrib.contenttypes.models import ContentType

    from fazhi.attachments.models import Attachment

    return Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(RepairApplication), object_id=str(repair.pk)
    )


# --- demo ---------------------------------------------------------------------------------------------------------

DEMO_COMPANY = "上海示范贸易有限公司"


def link_demo_accounts(stdout: Any = None) -> None:
    """The demo account ``company`` acts for 上海示范贸易有限公司 (created if the records' demo has not): idempotent."""
    import random

    from fazhi.credit.choices import SubjectKind
    from fazhi.credit.subjects import subject_for
    from fazhi.publicity.demo import uscc

    user = get_user_model().objects.filter(username="company").first()
    if user is None:
        return
    subject = Subject.objects.filter(kind=SubjectKind.ORGANISATION, name=DEMO_COMPANY).first()
    if subject is None:
        subject = subject_for(SubjectKind.ORGANISATION, DEMO_COMPANY, credit_code=uscc(random.Random(2025), "310101"))
    _, created = SubjectAccount.objects.get_or_create(user=user, subject=subject)
    if created and stdout is not None:
        stdout.write(f"credit: the demo account company acts for {DEMO_COMPANY}\n")
    # One objection the centre's staff find in their queue, with its clocks running (第三十六条).
    record = subject.records.filter(status=RecordStatus.ACTIVE, under_objection=False).order_by("pk").first()
    if record is not None and not Objection.objects.filter(record__subject=subject).exists():
        objection = objection_submit(
            record=record, user=user, grounds="决定书载明的罚款金额与实际缴纳金额不一致，请核实更正。"
        )
        if stdout is not None:
            stdout.write(f"credit: the demo objection {objection.tracking_number}\n")


# --- registration -----------------------------------------------------------------------------------------------


def register() -> None:
    """Menus, matters, workflows and role grants of this part."""
    from django.urls import reverse

    from fazhi.attachments.targets import ATTACHABLE
    from fazhi.casework.registry import MatterType, register_matter
    from fazhi.core.portal import MenuEntry, register_menu
    from fazhi.core.setup import DEMO_LOADERS, ReferenceLoader
    from fazhi.credit.workflow import OBJECTION_WORKFLOW, REPAIR_WORKFLOW
    from fazhi.workflow.declaration import register_workflow

    register_matter(
        MatterType(
            model=Objection,
            label=gettext_lazy("Objection to a credit record"),
            title_field="title",
            status_field="status",
            closed_statuses=set(OBJECTION_CLOSED),
            citizen_url=lambda o: reverse("credit:objection", kwargs={"number": o.tracking_number}),
            staff_url=lambda o: reverse("credit_console:objection", kwargs={"pk": o.pk}),
        )
    )
    register_matter(
        MatterType(
            model=RepairApplication,
            label=gettext_lazy("Credit repair application"),
            title_field="title",
            status_field="status",
            closed_statuses=set(REPAIR_CLOSED),
            citizen_url=lambda r: reverse("credit:repair", kwargs={"number": r.tracking_number}),
            staff_url=lambda r: reverse("credit_console:repair", kwargs={"pk": r.pk}),
        )
    )
    register_workflow(OBJECTION_WORKFLOW)
    register_workflow(REPAIR_WORKFLOW)
    DEMO_LOADERS.append(ReferenceLoader("credit: accounts acting for subjects", link_demo_accounts))
    ATTACHABLE.setdefault("credit.repairapplication", "tracking_number")
    register_menu(
        MenuEntry(
            gettext_lazy("My credit records"),
            "credit:mine",
            "(十一)",
            gettext_lazy("Your own credit records, who looked at them, objections and credit repair."),
        )
    )
    register_menu(
        MenuEntry(
            gettext_lazy("Credit objections"),
            "credit_console:objections",
            console=True,
            permission="credit.view_objection",
            usable=handles_objections,
        )
    )
    register_menu(
        MenuEntry(
            gettext_lazy("Credit repairs"),
            "credit_console:repairs",
            console=True,
            permission="credit.view_repairapplication",
            usable=handles_repairs,
        )
    )
    register_menu(
        MenuEntry(
            gettext_lazy("Credit records to delete"),
            "credit_console:deletions",
            console=True,
            permission="credit.view_creditrecord",
            usable=handles_deletions,
        )
    )
    register_menu(
        MenuEntry(
            gettext_lazy("Link an account to a credit subject"),
            "credit_console:link_account",
            console=True,
            permission="credit.add_subjectaccount",
            usable=may_link,  # only the centre's staff: the others would meet a refusal
        )
    )
    _grant_roles()


def _grant_roles() -> None:
    """Staff of the centre and of providers answer objections and repairs; the centre links accounts; leaders and
    evaluators read. ``view_creditrecord`` lets the deletion queue show a body's own records (the records part
    grants the rest of the record permissions)."""
    from fazhi.accounts.choices import RoleCode as R
    from fazhi.accounts.roles import grant

    handling = (
        "credit.view_objection",
        "credit.change_objection",
        "credit.view_repairapplication",
        "credit.change_repairapplication",
        "credit.view_subjectaccount",
        "credit.add_subjectaccount",
        "credit.view_creditrecord",
    )
    grant(R.HANDLER, *handling)
    grant(R.REVIEWER, *handling)
    reading = ("credit.view_objection", "credit.view_repairapplication", "credit.view_creditrecord")
    grant(R.LEADER, *reading)
    grant(R.EVALUATOR, *reading)
