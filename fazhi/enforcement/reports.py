"""Supervision by the public (plan clause (十三)): reports of violations to an enforcement body and ratings of an
enforcement contact.

Reports follow 上海市城市管理行政执法条例 第二十六条: the body checks a report and tells the reporter the result
within 5 工作日; when it is not its remit it tells the reporter why and transfers it within 3 工作日 to the
competent body, whose own 5 工作日 start on receipt. The reporter is kept confidential (第三款): the record is never
public, the contact is encrypted and masked in staff lists, and no answer to the reported party exists.

Every function here is all or nothing: a refusal leaves no report, no photo and no rating behind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, models, transaction
from django.db.models import Avg, Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.attachments.models import Attachment
from fazhi.attachments.services import attachment_create, clean_file_name, validate_upload
from fazhi.core.pii import normalise_phone, validate_phone
from fazhi.enforcement.choices import RatedKind, ReportStatus
from fazhi.enforcement.models import ContactRating, EnforcementMatter, EnforcementReport
from fazhi.orgs.choices import OrganisationKind
from fazhi.orgs.models import Organisation
from fazhi.workflow.clocks import Clock, Duration, Provision, Unit, deadline
from fazhi.workflow.engine import begin, transition

BASIS = Provision("上海市城市管理行政执法条例", 26, 2)
ANSWER = Clock(
    "enforcement.report_answer",
    gettext_lazy("check a report and tell the reporter the result"),
    Duration(5, Unit.WORKING_DAYS),
    basis=BASIS,
)
TRANSFER = Clock(
    "enforcement.report_transfer",
    gettext_lazy("transfer a report outside the body's remit to the competent body"),
    Duration(3, Unit.WORKING_DAYS),
    basis=BASIS,
)

MAX_PHOTOS = 5
PHOTO_TYPES: dict[str, tuple[str, ...]] = {
    "image/jpeg": ("jpg", "jpeg"),
    "image/png": ("png",),
    "image/webp": ("webp",),
}


def _text(value: Any, name: str, max_length: int, *, required: bool = True) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise ValidationError({name: _("This field is required.")})
    if len(text) > max_length:
        raise ValidationError({name: _("At most %(n)d characters.") % {"n": max_length}})
    return text


def enforcement_bodies() -> models.QuerySet[Organisation]:
    """The bodies a report may go to: those with published enforcement powers."""
    return Organisation.objects.filter(is_active=True, enforcement_matters__isnull=False).distinct().order_by("path")


def suggested_body(district: Organisation | None) -> Organisation | None:
    """The body a report about a place in ``district`` goes to when the reporter does not choose: the district's
    城管执法局 (code ``<district>-CGZF``), if it has powers here."""
    if district is None:
        return None
    return enforcement_bodies().filter(code=f"{district.code}-CGZF").first()


def validate_photos(photos: Iterable[UploadedFile | None]) -> list[UploadedFile]:
    """Each photo checked by its content before anything is stored; a refusal names the file."""
    checked = [upload for upload in photos if upload]
    if len(checked) > MAX_PHOTOS:
        raise ValidationError({"photos": _("At most %(count)d photos.") % {"count": MAX_PHOTOS}})
    for upload in checked:
        try:
            validate_upload(upload, accepted=PHOTO_TYPES)
        except ValidationError as exc:
            raise ValidationError({"photos": f"{clean_file_name(upload.name)}: {' '.join(exc.messages)}"}) from None
    return checked


def report_submit(
    *,
    user: Any,
    what: str,
    place: str,
    body: Organisation | None = None,
    district: Organisation | None = None,
    street: Organisation | None = None,
    occurred_at: dt.datetime | None = None,
    contact_name: str = "",
    contact_phone: str = "",
    consent: bool = False,
    photos: Iterable[UploadedFile | None] = (),
) -> EnforcementReport:
    """A citizen reports a violation (第二十六条第一款). Signed in, or anonymously with a phone number to be told the
    result on (the body must tell the reporter, 第二款). The body: the one chosen among those with powers, else the
    district's 城管执法局."""
    signed_in = bool(getattr(user, "is_authenticated", False))
    errors: dict[str, Any] = {}
    try:
        what = _text(what, "what", 2000)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        place = _text(place, "place", 200)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    contact_name = str(contact_name or "").strip()[:50]
    phone = normalise_phone(str(contact_phone or "").strip()[:30])
    if phone:
        try:
            validate_phone(phone)
        except ValidationError as exc:
            errors["contact_phone"] = exc.messages
    elif not signed_in:
        errors["contact_phone"] = [
            _(
                "Sign in, or give a phone number: the body must tell you the result of its check "
                "(上海市城市管理行政执法条例 第二十六条第二款)."
            )
        ]
    if (phone or contact_name) and not consent:
        errors["consent"] = [_("Agree to the use of your contact details to handle the report, or leave them empty.")]
    if district is not None and district.kind != OrganisationKind.DISTRICT:
        errors["district"] = [_("Choose a district.")]
    if street is not None:
        if street.kind != OrganisationKind.STREET:
            errors["street"] = [_("Choose a street or town.")]
        elif district is not None and street.parent_id != district.pk:
            errors["street"] = [_("This street or town is not in the district chosen.")]
        elif district is None:
            district = street.parent
    if occurred_at is not None and occurred_at > timezone.now():
        errors["occurred_at"] = [_("The time of the violation cannot be in the future.")]
    if body is not None and not EnforcementMatter.objects.filter(body=body).exists():
        errors["body"] = [_("This organisation has no enforcement powers on the platform: choose another body.")]
    if body is None and "body" not in errors:
        body = suggested_body(district)
        if body is None:
            errors["body"] = [
                _("Choose the enforcement body, or the district, whose 城管执法局 then receives the report.")
            ]
    if errors:
        raise ValidationError(errors)
    checked = validate_photos(photos)
    report = EnforcementReport(
        submitter=user if signed_in else None,
        organisation=body,
        what=what,
        place=place,
        district=district,
        street=street,
        occurred_at=occurred_at,
        contact_name=contact_name,
        contact_phone=phone,
    )
    from fazhi.casework.services import record_event

    stored: list[Attachment] = []
    try:
        with transaction.atomic():
            begin(report)
            report.save()
            record_event(report, status=report.status, actor=report.submitter, saved=True)
            for upload in checked:
                stored.append(
                    attachment_create(
                        upload=upload,
                        target=report,
                        user=report.submitter,
                        description=_("Photo of the violation"),
                        authorised=True,  # the reporter sends photos with the report, without rights over it
                    )
                )
    except BaseException:
        for attachment in stored:  # rolled back: remove their files too
            if attachment.file.name:
                attachment.file.storage.delete(attachment.file.name)
        raise
    return report


def report_photos(report: EnforcementReport) -> models.QuerySet[Attachment]:
    from django.contrib.contenttypes.models import ContentType

    return Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(EnforcementReport), object_id=str(report.pk)
    ).order_by("created_at", "pk")


def report_answer(*, report: EnforcementReport, user: Any, result: str) -> EnforcementReport:
    """The body tells the reporter the result of its check (第二十六条第二款: within 5 工作日)."""
    with transition(report, "answer", user) as step:
        report = step.matter
        report.result = _text(result, "result", 2000)
        report.answered_at = timezone.now()
        report.answered_on_time = report.due_at is None or report.answered_at <= report.due_at
        step.note = report.result
    return report


def report_transfer(*, report: EnforcementReport, user: Any, to: Organisation, reason: str) -> EnforcementReport:
    """Not the body's remit: the reporter is told why, and the report goes to the competent body within 3 工作日
    of its receipt (第二十六条第二款); that body's own 5 工作日 start now."""
    with transition(report, "transfer", user) as step:
        report = step.matter
        reason = _text(reason, "reason", 2000)
        if to is None or to.pk == report.organisation_id:
            raise ValidationError({"to": _("Transfer the report to another body, the competent one.")})
        now = timezone.now()
        received = report.clock_started_at or report.created_at
        transfer_due, _estimated = deadline(TRANSFER, received)
        report.transferred_from_id = report.organisation_id
        report.organisation = to
        report.transfer_reason = reason
        report.transferred_at = now
        report.transferred_on_time = now <= transfer_due
        step.note = _("Transferred to %(body)s: %(reason)s") % {"body": to.name, "reason": reason}
    return report


# --- ratings ------------------------------------------------------------------------------------------------------


def _score(value: Any) -> int:
    try:
        score = int(value)
    except (TypeError, ValueError):
        score = 0
    if not 1 <= score <= 5:
        raise ValidationError({"score": _("Give a score from 1 to 5.")})
    return score


def rate_contact(*, body: Organisation, kind: str, subject_ref: str, score: Any, comment: str = "") -> ContactRating:
    """Record the one rating of a contact; a second one is refused (plan clause (十三): 人民群众监督评价)."""
    rating = ContactRating(
        body=body,
        kind=kind,
        subject_ref=subject_ref,
        score=_score(score),
        comment=_text(comment, "comment", 500, required=False),
    )
    if ContactRating.objects.filter(kind=kind, subject_ref=subject_ref).exists():
        raise ValidationError(_("This contact has already been rated: one rating per contact."))
    try:
        with transaction.atomic():
            rating.save()
    except IntegrityError:  # rated at the same moment by a second request
        raise ValidationError(_("This contact has already been rated: one rating per contact.")) from None
    return rating


def report_rate(*, report: EnforcementReport, user: Any, score: Any, comment: str = "") -> ContactRating:
    """The reporter rates the handling once told the result. The rating goes to the body that answered."""
    if report.status != ReportStatus.ANSWERED or report.organisation is None:
        raise ValidationError(_("A report can be rated once the body has told you the result."))
    return rate_contact(
        body=report.organisation,
        kind=RatedKind.REPORT,
        subject_ref=report.tracking_number,
        score=score,
        comment=comment,
    )


def report_by_phone(number: str, phone: str) -> EnforcementReport | None:
    """An anonymous reporter's own report: its tracking number and the phone number given with it."""
    report = EnforcementReport.objects.filter(tracking_number=str(number or "").strip().upper()[:24]).first()
    given = normalise_phone(str(phone or "").strip()[:30])
    if report is None or not given or not report.contact_phone or report.contact_phone != given:
        return None
    return report


@dataclass(frozen=True)
class BodyRating:
    average: float | None
    count: int


def body_rating(body: Organisation) -> BodyRating:
    """A body's average score and number of ratings (one indexed aggregate)."""
    found = ContactRating.objects.filter(body=body).aggregate(average=Avg("score"), count=Count("pk"))
    average = found["average"]
    return BodyRating(round(float(average), 1) if average is not None else None, found["count"])


def ratings_by_body(bodies: Iterable[Organisation]) -> dict[int, BodyRating]:
    rows = (
        ContactRating.objects.filter(body__in=list(bodies))
        .values("body")
        .annotate(average=Avg("score"), count=Count("pk"))
    )
    return {row["body"]: BodyRating(round(float(row["average"]), 1), row["count"]) for row in rows}
