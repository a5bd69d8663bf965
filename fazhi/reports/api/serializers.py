from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, serializers

from fazhi.laws.models import TypicalCase
from fazhi.orgs.models import Organisation
from fazhi.reports.models import Selection
from fazhi.reports.services import selection_save
from fazhi.supervision.api.serializers import MeasureField
from fazhi.supervision.models import Measure, Task


class SelectionSerializer(serializers.ModelSerializer):
    case = serializers.PrimaryKeyRelatedField(queryset=TypicalCase.objects.all(), required=False, allow_null=True)
    organisation = serializers.SlugRelatedField(
        slug_field="code", queryset=Organisation.objects.filter(is_active=True), required=False, allow_null=True
    )
    measure = MeasureField(slug_field="number", queryset=Measure.objects.all(), required=False, allow_null=True)
    task = serializers.PrimaryKeyRelatedField(queryset=Task.objects.all(), required=False, allow_null=True)
    case_title = serializers.CharField(source="case.title", read_only=True, default=None)

    class Meta:
        model = Selection
        fields = (
            "id",
            "year",
            "kind",
            "order",
            "case",
            "case_title",
            "title",
            "organisation",
            "summary",
            "measure",
            "task",
        )
        read_only_fields = ("order",)
        validators: list[Any] = []  # the model's full_clean in the service checks uniqueness

    def save(self, **kwargs: Any) -> Selection:
        selection = self.instance or Selection()
        for key, value in {**self.validated_data, **kwargs}.items():
            setattr(selection, key, value)
        request = self.context.get("request")
        try:
            self.instance = selection_save(selection=selection, user=getattr(request, "user", None))
        except DjangoValidationError as exc:
            raise serializers.ValidationError(
                exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
            ) from exc
        except PermissionDenied as exc:
            raise exceptions.PermissionDenied(str(exc)) from exc
        return self.instance


class MoveSerializer(serializers.Serializer):
    direction = serializers.ChoiceField(choices=(("up", "up"), ("down", "down")))
