"""Credit API, joint measures: the published application list (anyone), the check for one subject and the batch
check (staff who may run checks; every check logged with its purpose)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseBase
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, permissions, serializers
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from fazhi.core.api import PlatformAPIView, PolicyReadOnlyViewSet
from fazhi.core.drf import FileNegotiation
from fazhi.credit import measures as service
from fazhi.credit.choices import CheckMatter
from fazhi.credit.console_measures import BATCH_UPLOAD_MAX_BYTES, batch_response
from fazhi.credit.models import Measure
from fazhi.credit.subjects import find_subject


class CreditMeasureSerializer(serializers.ModelSerializer):
    body: serializers.SlugRelatedField = serializers.SlugRelatedField(slug_field="code", read_only=True)
    body_name = serializers.CharField(source="body.name", read_only=True)
    target_list_name = serializers.CharField(source="target_list.name", read_only=True, default="")

    class Meta:
        model = Measure
        fields = (
            "id",
            "code",
            "kind",
            "matter",
            "target",
            "target_list",
            "target_list_name",
            "target_category",
            "means",
            "body",
            "body_name",
            "legal_basis",
            "published_at",
        )
        read_only_fields = fields


class MeasureViewSet(PolicyReadOnlyViewSet):
    """The application list (第二十二条): published lines for anyone; the credit centre also sees its drafts.
    ``?matter=`` narrows it to one matter."""

    model = Measure
    queryset = Measure.objects.select_related("body", "target_list").order_by("matter", "code")
    serializer_class = CreditMeasureSerializer

    def get_queryset(self) -> Any:
        queryset = super().get_queryset()
        matter = self.request.query_params.get("matter")
        if matter:
            if matter not in CheckMatter.values:
                raise exceptions.ValidationError({"matter": [_("Unknown matter.")]})
            queryset = queryset.filter(matter=matter)
        return queryset


class MayCheck(permissions.BasePermission):
    message = gettext_lazy("Measures checks are for staff who may run them.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return service.may_check(request.user)


class CreditCheckRequestSerializer(serializers.Serializer):
    identifier = serializers.CharField(max_length=18, min_length=15)
    matter = serializers.ChoiceField(choices=CheckMatter.choices)
    purpose = serializers.CharField(max_length=200)


class CreditBatchRequestSerializer(serializers.Serializer):
    identifiers = serializers.ListField(child=serializers.CharField(max_length=40, allow_blank=True), required=False)
    file = serializers.FileField(required=False)
    matter = serializers.ChoiceField(choices=CheckMatter.choices)
    purpose = serializers.CharField(max_length=200)
    result_format = serializers.ChoiceField(choices=("csv", "xlsx"), default="csv", required=False)


def _api_error(exc: ValidationError) -> exceptions.ValidationError:
    if hasattr(exc, "error_dict"):
        return exceptions.ValidationError(exc.message_dict)
    return exceptions.ValidationError({"detail": exc.messages})


class CheckView(PlatformAPIView):
    """``POST {identifier, matter, purpose}``: the published measures that apply to the subject for the matter,
    each with the records, list entries and commitments that make it apply (第三十二条)."""

    permission_classes = (permissions.IsAuthenticated, MayCheck)

    @extend_schema(request=CreditCheckRequestSerializer, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request) -> Response:
        body = CreditCheckRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        subject = find_subject(data["identifier"])
        if subject is None:
            raise exceptions.NotFound(_("No subject with this credit code or ID number is on the platform."))
        try:
            result = service.check(subject, data["matter"], user=request.user, purpose=data["purpose"])
        except ValidationError as exc:
            raise _api_error(exc) from exc
        except PermissionDenied as exc:
            raise exceptions.PermissionDenied(str(exc)) from exc
        return Response(result.as_dict())


class BatchCheckView(PlatformAPIView):
    """``POST {identifiers: [...], matter, purpose, result_format}`` as JSON (up to the platform's 2 MB request
    body, about 90,000 identifiers), or a ``file`` of identifiers as multipart (up to the batch limit): a CSV or
    Excel file with one line per identifier. Over the limit: 400."""

    permission_classes = (permissions.IsAuthenticated, MayCheck)
    parser_classes = (JSONParser, MultiPartParser, FormParser)
    content_negotiation_class = FileNegotiation

    @extend_schema(request=CreditBatchRequestSerializer, responses={(200, "text/csv"): OpenApiTypes.BINARY})
    def post(self, request: Request) -> HttpResponseBase:
        identifiers = request.data.get("identifiers") if hasattr(request.data, "get") else None
        limit = service.batch_limit()
        if isinstance(identifiers, list) and len(identifiers) > limit:
            # refused before validating each element: the "ten million at once"
            raise exceptions.ValidationError({"identifiers": [service.too_many(len(identifiers))]})
        body = CreditBatchRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        try:
            if data.get("file") is not None:
                upload = data["file"]
                if upload.size > BATCH_UPLOAD_MAX_BYTES:
                    raise ValidationError(
                        {
                            "file": [
                                _("The file is too large: a batch holds at most %(limit)s subjects.")
                                % {"limit": f"{limit:,}"}
                            ]
                        }
                    )
                values = service.read_identifiers(upload.read(), upload.name or "")
            elif data.get("identifiers"):
                values = [v for v in data["identifiers"] if v.strip()]
            else:
                raise ValidationError({"identifiers": [_("Send the identifiers as a list, or a file.")]})
            result = service.check_batch(values, data["matter"], user=request.user, purpose=data["purpose"])
        except ValidationError as exc:
            raise _api_error(exc) from exc
        return batch_response(result, data.get("result_format") or "csv")
