from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from fazhi.orgs.models import Organisation
from fazhi.supervision.models import Chapter, Measure, Plan, Task, TaskMilestone


class MeasureSerializer(serializers.ModelSerializer):
    chapter = serializers.IntegerField(source="chapter.number", read_only=True)

    class Meta:
        model = Measure
        fields = ("number", "label", "title", "text", "chapter")


class MeasureSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Measure
        fields = ("number", "label", "title")


class ChapterSerializer(serializers.ModelSerializer):
    measures = MeasureSummarySerializer(many=True, read_only=True)

    class Meta:
        model = Chapter
        fields = ("number", "label", "title", "intro", "measures")


class PlanSerializer(serializers.ModelSerializer):
    chapters = ChapterSerializer(many=True, read_only=True)

    class Meta:
        model = Plan
        fields = ("key", "title", "preamble", "closing", "source_hash", "chapters")


class MilestoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = TaskMilestone
        fields = ("id", "title", "due_date", "reached_at")


class RollupSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    average = serializers.IntegerField()
    planned = serializers.IntegerField()
    in_progress = serializers.IntegerField()
    done = serializers.IntegerField()
    overdue = serializers.IntegerField()


class MeasureField(serializers.SlugRelatedField):
    """A measure of the plan the portal shows, by its number."""

    def get_queryset(self) -> Any:
        return Measure.objects.filter(plan=Plan.objects.main())


class TaskSerializer(serializers.ModelSerializer):
    measure = MeasureField(slug_field="number", queryset=Measure.objects.all())
    lead_organisation = serializers.SlugRelatedField(
        slug_field="code", queryset=Organisation.objects.filter(is_active=True)
    )
    co_organisations = serializers.SlugRelatedField(
        slug_field="code", many=True, required=False, queryset=Organisation.objects.filter(is_active=True)
    )
    parent = serializers.PrimaryKeyRelatedField(read_only=True)
    overdue = serializers.BooleanField(source="is_overdue", read_only=True)
    milestones = MilestoneSerializer(many=True, read_only=True)
    rollup = serializers.SerializerMethodField()

    class Meta:
        model = Task
        fields = (
            "id",
            "measure",
            "title",
            "description",
            "lead_organisation",
            "co_organisations",
            "start_date",
            "deadline",
            "status",
            "percent",
            "overdue",
            "parent",
            "milestones",
            "rollup",
        )
        validators: list[Any] = []  # uniqueness and dates are checked by the model's full_clean in the service

    @extend_schema_field(RollupSerializer(allow_null=True))
    def get_rollup(self, task: Task) -> dict[str, int] | None:
        return task.rollup() if task.children.exists() else None

    def validate_percent(self, value: int) -> int:
        if not 0 <= value <= 100:
            raise serializers.ValidationError("The percentage complete must be between 0 and 100.")
        return value

    def save(self, **kwargs: Any) -> Task:
        from fazhi.supervision.services import task_save

        data = {**self.validated_data, **kwargs}
        co_orgs = data.pop("co_organisations", None)
        task = self.instance or Task()
        for key, value in data.items():
            setattr(task, key, value)
        request = self.context.get("request")
        try:
            self.instance = task_save(task=task, co_organisations=co_orgs, user=getattr(request, "user", None))
        except DjangoValidationError as exc:
            raise serializers.ValidationError(
                exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
            ) from exc
        return self.instance


class DelegateSerializer(serializers.Serializer):
    organisations = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=Organisation.objects.filter(is_active=True), allow_empty=False
    )


class DelegationResultSerializer(serializers.Serializer):
    created = TaskSerializer(many=True)
    existing = TaskSerializer(many=True)
