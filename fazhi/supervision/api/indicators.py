"""Indicators over the API: definitions, the formula registry, values (with manual entry), the scorecard."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from fazhi.core.api import IsStaffMember, PlatformAPIView, PolicyModelViewSet
from fazhi.core.permissions import VIEW, policy_of
from fazhi.indicators.models import Indicator, IndicatorValue
from fazhi.indicators.registry import FORMULAS, Period
from fazhi.indicators.values import indicator_enter, recompute_indicator
from fazhi.orgs.models import Organisation
from fazhi.supervision.api.serializers import MeasureField
from fazhi.supervision.models import Measure
from fazhi.supervision.scorecard import is_pending, reachable_district, scorecard_for


def _django_errors(exc: DjangoValidationError) -> ValidationError:
    return ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages})


class PeriodField(serializers.CharField):
    """``2025-06`` (month), ``2025-Q2`` (quarter) or ``2025`` (year)."""

    def to_internal_value(self, data: Any) -> Period:
        try:
            return Period.parse(str(super().to_internal_value(data))[:16])
        except ValueError:
            raise serializers.ValidationError(_("Give the period as 2025-06, 2025-Q2 or 2025.")) from None

    def to_representation(self, value: Any) -> str:
        return str(value)


class IndicatorSerializer(serializers.ModelSerializer):
    measures = MeasureField(slug_field="number", many=True, required=False, queryset=Measure.objects.all())
    reporting_organisation = serializers.SlugRelatedField(
        slug_field="code", required=False, allow_null=True, queryset=Organisation.objects.filter(is_active=True)
    )
    formula = serializers.CharField(required=False, allow_blank=True, max_length=64)
    target = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=Decimal("-1e9"), max_value=Decimal("1e9")
    )
    weight = serializers.DecimalField(
        max_digits=6, decimal_places=2, min_value=Decimal(0), max_value=Decimal(9999), required=False
    )

    class Meta:
        model = Indicator
        fields = (
            "id",
            "code",
            "name",
            "kind",
            "formula",
            "measures",
            "unit",
            "target",
            "weight",
            "direction",
            "reporting_organisation",
        )
        validators: list[Any] = []  # the model's full_clean says what is wrong, in one answer

    def save(self, **kwargs: Any) -> Indicator:
        data = {**self.validated_data, **kwargs}
        measures = data.pop("measures", None)
        indicator = self.instance or Indicator()
        if self.instance is not None:
            data.pop("code", None)  # values and clients know the indicator by its code
        for key, value in data.items():
            setattr(indicator, key, value)
        try:
            with transaction.atomic():
                indicator.full_clean()
                indicator.save()
                if measures is not None:
                    indicator.measures.set(measures)
        except DjangoValidationError as exc:
            raise _django_errors(exc) from exc
        if indicator.kind == "formula":
            pk = indicator.pk
            transaction.on_commit(lambda: recompute_indicator(pk))
        self.instance = indicator
        return indicator


class IndicatorViewSet(PolicyModelViewSet):
    """Indicator definitions: everyone reads them; administrators and the city office create and change them."""

    model = Indicator
    queryset = Indicator.objects.prefetch_related("measures").select_related("reporting_organisation")
    serializer_class = IndicatorSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]


class FormulaSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    unit = serializers.CharField()
    sources = serializers.ListField(child=serializers.CharField())


class FormulaListView(PlatformAPIView):
    """The formula registry: what a computed indicator may be computed from."""

    permission_classes = (permissions.AllowAny,)

    @extend_schema(responses=FormulaSerializer(many=True))
    def get(self, request: Request) -> Response:
        formulas = [
            {"key": f.key, "label": str(f.label), "unit": f.unit, "sources": list(f.sources)}
            for f in sorted(FORMULAS.values(), key=lambda f: f.key)
        ]
        return Response(FormulaSerializer(formulas, many=True).data)


class IndicatorValueSerializer(serializers.ModelSerializer):
    """Read: a stored value. Write (POST): a value entered by hand, with its evidence."""

    indicator = serializers.SlugRelatedField(slug_field="code", queryset=Indicator.objects.all())
    organisation = serializers.SlugRelatedField(slug_field="code", queryset=Organisation.objects.filter(is_active=True))
    period = PeriodField()
    value = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=Decimal("-1e11"), max_value=Decimal("1e11"), allow_null=True
    )  # empty on a computed value with nothing to measure; required for an entry (the service says so)
    evidence = serializers.CharField(max_length=5000)
    records = serializers.SerializerMethodField()

    class Meta:
        model = IndicatorValue
        fields = (
            "id",
            "indicator",
            "organisation",
            "period",
            "period_kind",
            "period_start",
            "value",
            "source",
            "evidence",
            "computed_at",
            "records",
        )
        read_only_fields = ("period_kind", "period_start", "source", "computed_at")
        validators: list[Any] = []

    def get_records(self, value: IndicatorValue) -> str:
        """The console page listing the records behind the number."""
        return value.get_absolute_url()

    def save(self, **kwargs: Any) -> IndicatorValue:
        data = self.validated_data
        request = self.context.get("request")
        try:
            self.instance = indicator_enter(
                indicator=data["indicator"],
                organisation=data["organisation"],
                period=data["period"],
                value=data["value"],
                evidence=data["evidence"],
                user=getattr(request, "user", None),
            )
        except DjangoValidationError as exc:
            raise _django_errors(exc) from exc
        return self.instance


@extend_schema(
    parameters=[
        OpenApiParameter("indicator", str, description="indicator code"),
        OpenApiParameter("organisation", str, description="organisation code (its own values, not its subtree's)"),
        OpenApiParameter("period", str, description="2025-06, 2025-Q2 or 2025"),
    ]
)
class IndicatorValueViewSet(PolicyModelViewSet):
    """Indicator values within the caller's scope, filtered by indicator, organisation and period. POST enters a
    value by hand (staff of the indicator's reporting organisation); evidence files go to ``/api/v1/attachments/``
    with ``target_type=indicators.indicatorvalue``."""

    model = IndicatorValue
    queryset = IndicatorValue.objects.select_related("indicator", "organisation")
    serializer_class = IndicatorValueSerializer
    http_method_names = ["get", "post", "head", "options"]

    def perform_create(self, serializer: Any) -> None:
        serializer.save()  # indicator_enter checks the reporting organisation and refuses with a message

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        params = self.request.query_params
        if params.get("indicator"):
            queryset = queryset.filter(indicator__code=params["indicator"][:64])
        if params.get("organisation"):
            queryset = queryset.filter(organisation__code=params["organisation"][:32])
        if params.get("period"):
            try:
                period = Period.parse(params["period"])
            except ValueError:
                raise ValidationError({"period": _("Give the period as 2025-06, 2025-Q2 or 2025.")}) from None
            queryset = queryset.filter(period_kind=period.kind, period_start=period.start)
        return queryset


class ScorecardAPIView(PlatformAPIView):
    """Districts ranked by weighted indicator score for a period; ``district`` ranks that district's streets.
    Each cell names the console page listing the records behind the number."""

    permission_classes = (IsStaffMember,)

    @extend_schema(
        parameters=[
            OpenApiParameter("period", str, description="2025-06, 2025-Q2 or 2025 (default: this month)"),
            OpenApiParameter("district", str, description="district code: rank its streets"),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request: Request) -> Response:
        from django.utils import timezone

        if not policy_of(IndicatorValue).allows(request.user, VIEW):
            raise PermissionDenied(_("You do not have permission to do this."))
        period = Period.containing("month", timezone.localdate())
        if request.query_params.get("period"):
            try:
                period = Period.parse(request.query_params["period"])
            except ValueError:
                raise ValidationError({"period": _("Give the period as 2025-06, 2025-Q2 or 2025.")}) from None
        district = None
        if request.query_params.get("district"):
            district = reachable_district(request.user, request.query_params["district"])
            if district is None:
                raise ValidationError({"district": _("No such district within your reach.")})
        indicators, rows = scorecard_for(request.user, period, district=district, wait=False)
        return Response(
            {
                "period": str(period),
                "district": district.code if district else None,
                # values never stored are computed in the background: their cells say pending, value null
                "pending": is_pending(rows),
                "indicators": [
                    {
                        "code": i.code,
                        "name": i.name,
                        "unit": i.unit,
                        "target": i.target,
                        "weight": i.weight,
                        "direction": i.direction,
                    }
                    for i in indicators
                ],
                "rows": [
                    {
                        "organisation": row.organisation.code,
                        "name": row.organisation.name,
                        "rank": row.rank,
                        "score": row.score,
                        "cells": [
                            {
                                "indicator": cell.indicator.code,
                                "value": cell.value,
                                "achievement": cell.achievement,
                                "pending": cell.pending,
                                "records": reverse(
                                    "supervision_console:indicator_records",
                                    args=(cell.indicator.pk, row.organisation.code),
                                )
                                + f"?period={period}",
                            }
                            for cell in row.cells
                        ],
                    }
                    for row in rows
                ],
            }
        )
