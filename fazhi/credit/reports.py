"""Credit reports anyone can verify (沪营商条例 第六十六条: a 专用信用报告 in place of a certificate of no violations)
and the subject's own report (上海市社会信用条例 第三十四条).

A report is a PDF for one subject and one period, printed with a random verification code and the address where
anyone checks it; the SHA-256 of the bytes as issued is stored, so a PDF whose hash differs is not the report.

Who may issue: an account linked to the subject (``SubjectAccount``), for its own subject; staff of the credit
centre (上海市公共信用信息服务中心, 第十一条), for any subject, with a stated purpose that is written to the query log.
A natural person has two free own reports a calendar year (第三十四条 第二款); no payment exists on the platform,
so a third is refused (policy), with the day the next free one is available.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from fazhi.core.pdf import FONT_STACK, html_to_pdf
from fazhi.credit import clocks
from fazhi.credit.access import acts_for, is_centre_staff
from fazhi.credit.choices import FAILING_CATEGORIES, QueryChannel, RecordStatus, ReportKind
from fazhi.credit.models import (
    Commitment,
    CreditRecord,
    CreditReport,
    ListEntry,
    QueryLog,
    Subject,
)
from fazhi.credit.querylog import log_query

LOOKUP_PERMISSION = "credit.add_querylog"
ISSUE_PERMISSION = "credit.add_creditreport"

#: No 0/O, 1/I/L: a code read aloud or typed from paper is not mistaken. 31 symbols, 16 of them: ~79 bits.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 16
CODE_GROUP = 4
#: A report covers at most the five years a failing record may be queried (第三十五条).
MAX_PERIOD_YEARS = clocks.QUERY_YEARS
#: A PDF uploaded for comparison is at most this large (a report of many records is well under it).
MAX_UPLOAD_BYTES = 10 * 1024 * 1024


# --- who may do what ------------------------------------------------------------------------------------------------


def may_read(user: Any, report: CreditReport) -> bool:
    """The report's PDF is for the subject's accounts and the credit centre's staff."""
    return acts_for(user, report.subject) or is_centre_staff(user, ISSUE_PERMISSION)


# --- what a report holds ----------------------------------------------------------------------------------------------


def report_records(subject: Subject, kind: str, period_from: dt.date, period_to: dt.date) -> QuerySet[CreditRecord]:
    """The records a report of ``kind`` lists.

    专用信用报告 (第六十六条): what a certificate of no violations would cover — the failing records decided in the
    period that are still on record, within their query period (第三十五条) and not withdrawn after repair
    (第三十八条). Own report (第十七条, 第三十四条): every record decided in the period the subject may see of
    itself — on record or repaired (a deleted or expired record is no longer information about it)."""
    today = timezone.localdate()
    records = CreditRecord.objects.filter(
        subject=subject, decided_on__gte=period_from, decided_on__lte=period_to
    ).select_related("item", "provider")
    if kind == ReportKind.SPECIAL:
        records = records.filter(
            status=RecordStatus.ACTIVE,
            hidden=False,
            queryable_until__gte=today,
            item__category__in=FAILING_CATEGORIES,
        )
    else:
        records = records.filter(status__in=(RecordStatus.ACTIVE, RecordStatus.REPAIRED))
    return records.order_by("-decided_on", "-pk")


def report_listings(subject: Subject, period_from: dt.date, period_to: dt.date) -> QuerySet[ListEntry]:
    """The subject's list entries that overlap the period (an own report: 第十七条, 第二十五条)."""
    return (
        ListEntry.objects.filter(subject=subject, entered_on__lte=period_to)
        .filter(Q(exited_on__isnull=True) | Q(exited_on__gte=period_from))
        .select_related("listing")
        .order_by("-entered_on", "-pk")
    )


def report_commitments(subject: Subject, period_from: dt.date, period_to: dt.date) -> QuerySet[Commitment]:
    """The credit commitments the subject made in the period and whether they were kept."""
    return (
        Commitment.objects.filter(subject=subject, made_on__gte=period_from, made_on__lte=period_to)
        .select_related("body")
        .order_by("-made_on", "-pk")
    )


def report_queries(subject: Subject, period_from: dt.date, period_to: dt.date) -> QuerySet[QueryLog]:
    """Who looked at a natural person's records in the period: a person's own report states it (第三十四条)."""
    return QueryLog.objects.filter(subject=subject, at__date__gte=period_from, at__date__lte=period_to).select_related(
        "body"
    )


# --- verification codes ---------------------------------------------------------------------------------------------


def new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))
    return "-".join(raw[i : i + CODE_GROUP] for i in range(0, CODE_LENGTH, CODE_GROUP))


def normalise_code(value: Any) -> str | None:
    """A code as typed (any case, spaces or hyphens) in its stored form, or None if it cannot be one."""
    text = "".join(ch for ch in str(value or "").upper() if ch not in " -\t\u3000")
    if len(text) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in text):
        return None
    return "-".join(text[i : i + CODE_GROUP] for i in range(0, CODE_LENGTH, CODE_GROUP))


def verify_url(code: str = "") -> str:
    base = settings.SITE_URL.rstrip("/") + reverse("credit:verify")
    return f"{base}?code={code}" if code else base


# --- issuing --------------------------------------------------------------------------------------------------------


def next_free_own_report(subject: Subject, today: dt.date | None = None) -> dt.date | None:
    """None if the person may have a free own report today; else the first day of the next calendar year (the
    two free reports of 第三十四条 are counted by calendar year: policy, the article says 每年)."""
    if not subject.is_person:
        return None
    today = today or timezone.localdate()
    issued = CreditReport.objects.filter(subject=subject, kind=ReportKind.OWN, issued_at__year=today.year).count()
    if issued < clocks.OWN_REPORTS_PER_YEAR:
        return None
    return dt.date(today.year + 1, 1, 1)


def check_period(period_from: dt.date | None, period_to: dt.date | None) -> tuple[dt.date, dt.date]:
    today = timezone.localdate()
    if period_from is None or period_to is None:
        raise ValidationError(_("Give the first and the last day of the period."))
    if period_from > period_to:
        raise ValidationError(_("The period starts after it ends."))
    if period_to > today:
        raise ValidationError(_("The period cannot end after today."))
    earliest = today - relativedelta(years=MAX_PERIOD_YEARS)
    if period_from < earliest:
        raise ValidationError(
            _(
                "A report covers at most the last %(years)d years (上海市社会信用条例 第三十五条): start on "
                "%(date)s or later."
            )
            % {"years": MAX_PERIOD_YEARS, "date": earliest.isoformat()}
        )
    return period_from, period_to


def issue_report(
    *,
    subject: Subject,
    kind: str,
    period_from: dt.date | None,
    period_to: dt.date | None,
    user: Any,
    purpose: str = "",
) -> CreditReport:
    """Issue a report: checks who asks and why, renders the PDF, stores it with its hash. Refusals are
    ``PermissionDenied`` (not the subject's, not the centre's staff) or ``ValidationError`` (a bad period or kind,
    no purpose from staff, a third own report in a year); nothing is saved then."""
    if kind not in ReportKind.values:
        raise ValidationError(_("Unknown kind of report."))
    purpose = str(purpose or "").strip()[:200]
    own = acts_for(user, subject)
    staff = not own and is_centre_staff(user, ISSUE_PERMISSION)
    if not own and not staff:
        raise PermissionDenied(_("Only the subject's own accounts and the credit centre's staff issue its reports."))
    if staff and not purpose:
        raise ValidationError(_("State the purpose of the report: it is written to the subject's query log."))
    period_from, period_to = check_period(period_from, period_to)
    with transaction.atomic():
        # the subject's row is the lock that keeps two simultaneous requests from both taking the last free report
        subject = Subject.objects.select_for_update().get(pk=subject.pk)
        if kind == ReportKind.OWN:
            next_free = next_free_own_report(subject)
            if next_free is not None:
                raise ValidationError(
                    _(
                        "Both free own reports of %(year)d have been issued (上海市社会信用条例 第三十四条: two a "
                        "year). The next free one is available from %(date)s; the platform offers no paid reports."
                    )
                    % {"year": next_free.year - 1, "date": next_free.isoformat()}
                )
        records = list(report_records(subject, kind, period_from, period_to))
        queries = list(report_queries(subject, period_from, period_to)) if subject.is_person else []
        own_report = kind == ReportKind.OWN
        listings = list(report_listings(subject, period_from, period_to)) if own_report else []
        commitments = list(report_commitments(subject, period_from, period_to)) if own_report else []
        code = new_code()
        issued_at = timezone.now()
        pdf = render_report_pdf(
            subject=subject,
            kind=kind,
            period_from=period_from,
            period_to=period_to,
            records=records,
            queries=queries,
            listings=listings,
            commitments=commitments,
            code=code,
            issued_at=issued_at,
            purpose=purpose,
        )
        report = CreditReport.objects.create(
            code=code,
            kind=kind,
            subject=subject,
            period_from=period_from,
            period_to=period_to,
            purpose=purpose,
            issued_at=issued_at,
            issued_to=user,
            sha256=hashlib.sha256(pdf).hexdigest(),
            records_count=len(records),
            failing_count=sum(1 for r in records if r.item.category in FAILING_CATEGORIES),
            pdf=pdf,
        )
        if staff:
            log_query(
                subject=subject,
                user=user,
                channel=QueryChannel.REPORT,
                purpose=purpose,
                seen=_("%(kind)s %(code)s, %(start)s – %(end)s: %(n)d records")
                % {
                    "kind": ReportKind(kind).label,
                    "code": code,
                    "start": period_from.isoformat(),
                    "end": period_to.isoformat(),
                    "n": len(records),
                },
            )
    return report


def render_report_pdf(
    *,
    subject: Subject,
    kind: str,
    period_from: dt.date,
    period_to: dt.date,
    records: list[CreditRecord],
    queries: list[QueryLog],
    code: str,
    listings: list[ListEntry] | None = None,
    commitments: list[Commitment] | None = None,
    issued_at: dt.datetime,
    purpose: str,
) -> bytes:
    html = render_to_string(
        "credit/report_print.html",
        {
            "subject": subject,
            # the subject's own report names them in full; the PDF never leaves the subject and the centre
            "subject_name": subject.name,
            "identifier": subject.credit_code if not subject.is_person else _mask_id(subject),
            "kind": kind,
            "kind_label": ReportKind(kind).label,
            "special": kind == ReportKind.SPECIAL,
            "period_from": period_from,
            "period_to": period_to,
            "records": records,
            "queries": queries,
            "listings": listings or [],
            "commitments": commitments or [],
            "code": code,
            "issued_at": timezone.localtime(issued_at),
            "purpose": purpose,
            "verify_url": verify_url(code),
            "fonts": FONT_STACK,
            "language": get_language() or "zh-hans",
        },
    )
    return html_to_pdf(html)


def _mask_id(subject: Subject) -> str:
    from fazhi.core.pii import mask_id_number

    return mask_id_number(subject.id_number)


# --- verifying ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verification:
    """What the verification page says: the report with this code (None: no report has it), and — when a PDF was
    given — whether it is byte for byte the one issued."""

    report: CreditReport | None
    unaltered: bool | None = None

    @property
    def subject_name(self) -> str:
        return self.report.subject.public_name if self.report else ""


def verify(code: Any, pdf: bytes | None = None) -> Verification:
    """The report with this code, compared with ``pdf`` if given. A malformed code and an unknown one get the same
    answer (one indexed look-up either way), so nothing is learnt beyond "no report has this code"."""
    normalised = normalise_code(code)
    report = (
        CreditReport.objects.select_related("subject").defer("pdf").filter(code=normalised).first()
        if normalised
        else None
    )
    if report is None:
        return Verification(None)
    if pdf is None:
        return Verification(report)
    return Verification(report, secrets.compare_digest(hashlib.sha256(pdf).hexdigest(), report.sha256))


def reports_for(user: Any) -> QuerySet[CreditReport]:
    """The reports of the subjects ``user`` acts for, newest first (without their bytes)."""
    return (
        CreditReport.objects.filter(Q(subject__accounts__user=user))
        .select_related("subject")
        .defer("pdf")
        .order_by("-issued_at", "-pk")
        .distinct()
    )


def pdf_filename(report: CreditReport) -> str:
    return f"credit-report-{report.code}.pdf"


# --- the staff look-up (point 7 of issue #14) -------------------------------------------------------------------


@dataclass
class Lookup:
    subject: Subject
    records: list[CreditRecord]
    log: QueryLog


LOOKUP_LIMIT = 500


def lookup(*, identifier: str, user: Any, purpose: str, channel: str) -> Lookup:
    """The credit centre's look at a subject's records (every status, withdrawn ones included), by credit code or
    ID number, for a stated purpose; the look is written to the query log with what was seen, which the subject
    sees (第三十四条). Refusals: ``PermissionDenied`` (not the centre's staff), ``ValidationError`` (no purpose; no
    subject has the identifier — said without repeating it)."""
    from fazhi.credit.subjects import find_subject

    if not is_centre_staff(user, LOOKUP_PERMISSION):
        raise PermissionDenied(_("Only the credit centre's staff look up a subject's records."))
    purpose = " ".join(str(purpose or "").split())[:200]
    if not purpose:
        raise ValidationError(_("State the purpose of the look-up: it is logged and the subject sees it."))
    subject = find_subject(identifier)
    if subject is None:
        raise ValidationError(_("No subject has this identifier, or it is not a valid code or ID number."))
    records = list(
        CreditRecord.objects.filter(subject=subject)
        .select_related("item", "provider")
        .order_by("-decided_on", "-pk")[:LOOKUP_LIMIT]
    )
    seen = ", ".join(f"{r.source_ref} ({r.get_status_display()})" for r in records) or _("no records")
    log = log_query(subject=subject, user=user, channel=channel, purpose=purpose, seen=seen)
    return Lookup(subject, records, log)


# --- registration ---------------------------------------------------------------------------------------------------


def register() -> None:
    """Menus (the public 社会信用 entry; the console's look-up and reports tiles) and the role grants."""
    from fazhi.core.portal import MenuEntry, register_menu

    register_menu(
        MenuEntry(
            gettext_lazy("Social credit"),
            "credit:home",
            "(十一)",
            gettext_lazy(
                "Search organisations' public credit information, verify a credit report, see your own credit."
            ),
        )
    )
    register_menu(
        MenuEntry(
            gettext_lazy("Credit record look-up"),
            "credit_console:lookup",
            console=True,
            permission=LOOKUP_PERMISSION,
            usable=lambda user: is_centre_staff(user, LOOKUP_PERMISSION),
        )
    )
    register_menu(
        MenuEntry(
            gettext_lazy("Credit reports"),
            "credit_console:reports",
            console=True,
            permission=ISSUE_PERMISSION,
            usable=_may_issue,
        )
    )
    _grant_roles()


def _may_issue(user: Any) -> bool:
    return is_centre_staff(user, ISSUE_PERMISSION)


def _grant_roles() -> None:
    """Handlers and reviewers look up and report (only over the credit centre does it open anything: see
    :func:`is_centre_staff`); leaders and evaluators read the reports issued and the query log."""
    from fazhi.accounts.choices import RoleCode as R
    from fazhi.accounts.roles import grant

    working = ("credit.add_querylog", "credit.view_querylog", "credit.add_creditreport", "credit.view_creditreport")
    grant(R.HANDLER, *working)
    grant(R.REVIEWER, *working)
    grant(R.LEADER, "credit.view_creditreport", "credit.view_querylog")
    grant(R.EVALUATOR, "credit.view_creditreport", "credit.view_querylog")
