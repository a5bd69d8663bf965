"""The credit API's public face (``/api/v1/credit/…``): the search of organisations and an organisation's disclosed
records (anyone), report verification (anyone, rate-limited), reports (the subject's accounts; the credit centre),
and the centre's logged look-up of a subject's records."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from fazhi.casework.abuse import throttle
from fazhi.core.api import PlatformAPIView
from fazhi.core.drf import FileNegotiation
from fazhi.core.pdf import PDF_TYPE
from fazhi.core.throttling import AnonRateThrottle, UserRateThrottle
from fazhi.credit import access, reports, search
from fazhi.credit.choices import QueryChannel, ReportKind
from fazhi.credit.models import CreditRecord, CreditReport, Subject
from fazhi.credit.subjects import find_subject

# --- serializers ----------------------------------------------------------------------------------------------------


class CreditSearchQuerySerializer(serializers.Serializer):
    q = serializers.CharField(min_length=search.MIN_LENGTH, max_length=search.MAX_LENGTH)
    page = serializers.IntegerField(required=False, min_value=1, default=1)


def subject_data(subject: Subject) -> dict[str, Any]:
    """An organisation as the public sees it (persons never reach this)."""
    return {
        "key": subject.key,
        "name": subject.name,
        "credit_code": subject.credit_code,
        "url": subject.get_absolute_url(),
    }


def record_data(record: CreditRecord, *, staff: bool = False) -> dict[str, Any]:
    data = {
        "id": record.pk,
        "title": record.title,
        "summary": record.summary,
        "item": record.item.name,
        "item_code": record.item.code,
        "category": record.item.category,
        "failing": record.is_failing,
        "provider": record.provider.name,
        "source_system": record.source_system,
        "source_ref": record.source_ref,
        "legal_basis": record.legal_basis,
        "decided_on": record.decided_on,
        "act_ended_on": record.act_ended_on,
        "queryable_until": record.queryable_until,
        "public_until": record.public_until,
        "under_objection": record.under_objection,
    }
    if staff:
        data.update(status=record.status, hidden=record.hidden)
    return data


def report_data(report: CreditReport) -> dict[str, Any]:
    return {
        "id": report.pk,
        "code": report.code,
        "kind": report.kind,
        "subject": report.subject.public_name,
        "period_from": report.period_from,
        "period_to": report.period_to,
        "issued_at": report.issued_at,
        "sha256": report.sha256,
        "records_count": report.records_count,
        "failing_count": report.failing_count,
        "verify_url": reports.verify_url(report.code),
    }


class CreditVerifySerializer(serializers.Serializer):
    code = serializers.CharField(max_length=40)
    pdf_base64 = serializers.CharField(
        required=False, max_length=reports.MAX_UPLOAD_BYTES * 4 // 3 + 4, help_text="The PDF, base64-encoded."
    )

    def validate_pdf_base64(self, value: str) -> bytes:
        try:
            return base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise serializers.ValidationError(_("The PDF is not valid base64.")) from exc


class CreditIssueSerializer(serializers.Serializer):
    subject = serializers.CharField(
        max_length=40, required=False, help_text="The subject's key (an account's own subject)."
    )
    identifier = serializers.CharField(
        max_length=18, required=False, help_text="Credit code or ID number (the credit centre)."
    )
    kind = serializers.ChoiceField(choices=ReportKind.choices)
    period_from = serializers.DateField()
    period_to = serializers.DateField()
    purpose = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class CreditLookupSerializer(serializers.Serializer):
    identifier = serializers.CharField(max_length=18)
    purpose = serializers.CharField(max_length=200)


class IsCentreStaff(permissions.BasePermission):
    """The credit centre's staff (:func:`fazhi.credit.access.is_centre_staff`); anonymous callers get a 401."""

    message = "This endpoint is for the credit centre's staff."

    def has_permission(self, request: Request, view: Any) -> bool:
        return access.is_centre_staff(request.user, reports.LOOKUP_PERMISSION)


# --- views ----------------------------------------------------------------------------------------------------------


class SearchView(PlatformAPIView):
    """Organisations by name, former name or credit code, with their counts of publicly disclosed records."""

    permission_classes = (permissions.AllowAny,)
    throttle_classes = (AnonRateThrottle, UserRateThrottle)

    @extend_schema(parameters=[CreditSearchQuerySerializer])
    def get(self, request: Request) -> Response:
        query = CreditSearchQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        found = search.search(query.validated_data["q"], query.validated_data["page"])
        return Response(
            {
                "count": found.count,
                "capped": found.capped,
                "page": found.page,
                "pages": found.pages,
                "results": [
                    {**subject_data(h.subject), "former_names": h.former_names, "public_records": h.public_records}
                    for h in found.hits
                ],
            }
        )


class SubjectView(PlatformAPIView):
    """An organisation and its publicly disclosed records (a person's key: 404)."""

    permission_classes = (permissions.AllowAny,)
    throttle_classes = (AnonRateThrottle, UserRateThrottle)

    def get(self, request: Request, key: str) -> Response:
        subject = search.public_subject(key)
        if subject is None:
            raise Http404
        records = list(search.public_records(subject)[:500])
        return Response({**subject_data(subject), "records": [record_data(r) for r in records]})


class VerifyView(PlatformAPIView):
    """``POST {"code", "pdf_base64"?}``: genuine or not; with the PDF, whether it is unaltered."""

    permission_classes = (permissions.AllowAny,)
    throttle_classes = (AnonRateThrottle, UserRateThrottle)

    @extend_schema(request=CreditVerifySerializer)
    def post(self, request: Request) -> Response:
        body = CreditVerifySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        throttle(request._request, "credit.verify")
        result = reports.verify(body.validated_data["code"], body.validated_data.get("pdf_base64"))
        if result.report is None:
            return Response({"genuine": False, "detail": _("No report has this code.")}, status=404)
        return Response(
            {
                "genuine": True,
                "unaltered": result.unaltered,
                "code": result.report.code,
                "subject": result.subject_name,
                "kind": result.report.kind,
                "kind_label": str(ReportKind(result.report.kind).label),
                "period_from": result.report.period_from,
                "period_to": result.report.period_to,
                "issued_at": result.report.issued_at,
                "sha256": result.report.sha256,
            }
        )


class ReportListView(PlatformAPIView):
    """``GET``: the reports of the subjects the caller acts for. ``POST``: issue one — ``subject`` (its key) for an
    account's own subject, or ``identifier`` and ``purpose`` for the credit centre."""

    permission_classes = (permissions.IsAuthenticated,)

    def get(self, request: Request) -> Response:
        return Response([report_data(r) for r in reports.reports_for(request.user)[:200]])

    @extend_schema(request=CreditIssueSerializer)
    def post(self, request: Request) -> Response:
        body = CreditIssueSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        subject: Subject | None = None
        if data.get("subject"):
            subject = access.subjects_of(request.user).filter(key=data["subject"]).first()
        elif data.get("identifier") and access.is_centre_staff(request.user, reports.ISSUE_PERMISSION):
            subject = find_subject(data["identifier"])
        else:
            raise ValidationError({"subject": [_("Give the key of a subject you act for.")]})
        if subject is None:
            raise Http404
        report = reports.issue_report(
            subject=subject,
            kind=data["kind"],
            period_from=data["period_from"],
            period_to=data["period_to"],
            user=request.user,
            purpose=data.get("purpose", ""),
        )
        return Response(report_data(report), status=201)


class ReportPdfView(PlatformAPIView):
    """The PDF of a report (the subject's accounts, the credit centre)."""

    permission_classes = (permissions.IsAuthenticated,)
    content_negotiation_class = FileNegotiation

    @extend_schema(responses={(200, PDF_TYPE): bytes})
    def get(self, request: Request, pk: int) -> HttpResponse:
        report = CreditReport.objects.select_related("subject").filter(pk=pk).first()
        if report is None or not reports.may_read(request.user, report):
            raise Http404
        response = HttpResponse(bytes(report.pdf), content_type=PDF_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{reports.pdf_filename(report)}"'
        return response


class LookupView(PlatformAPIView):
    """``POST {"identifier", "purpose"}``: the credit centre's look at a subject's records, logged (第三十四条)."""

    permission_classes = (permissions.IsAuthenticated, IsCentreStaff)

    @extend_schema(request=CreditLookupSerializer)
    def post(self, request: Request) -> Response:
        body = CreditLookupSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        found = reports.lookup(
            identifier=body.validated_data["identifier"],
            user=request.user,
            purpose=body.validated_data["purpose"],
            channel=QueryChannel.API,
        )
        subject = found.subject
        return Response(
            {
                "subject": {
                    "key": subject.key,
                    "kind": subject.kind,
                    # a person's name is masked even for staff in an API answer that may be stored elsewhere
                    "name": subject.public_name,
                    "credit_code": subject.credit_code,
                },
                "records": [record_data(r, staff=True) for r in found.records],
                "logged_at": found.log.at,
            }
        )
