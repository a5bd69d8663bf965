from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from fazhi.orgs.models import Organisation
from fazhi.orgs.search import API_CODE_HELP
from fazhi.supervision.models import (
    Alert,
    Chapter,
    Measure,
    Plan,
    ProgressReport,
    SupervisionNotice,
    Task,
    TaskMilestone,
)


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
        slug_field="code", queryset=Organisation.objects.filter(is_active=True), help_text=API_CODE_HELP
    )
    co_organisations = serializers.SlugRelatedField(
        slug_field="code",
        many=True,
        required=False,
        queryset=Organisation.objects.filter(is_active=True),
        help_text=API_CODE_HELP,
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


def _django_errors(exc: DjangoValidationError) -> serializers.ValidationError:
    return serializers.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages})


class VisibleTaskMixin:
    """Only tasks the caller can see are addressable: another scope's task reads as "does not exist"."""

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()  # type: ignore[misc]
        request = self.context.get("request")  # type: ignore[attr-defined]
        if request is not None and "task" in fields:
            fields["task"].queryset = Task.objects.restrict(request.user)
        return fields


class ProgressReportSerializer(VisibleTaskMixin, serializers.ModelSerializer):
    task = serializers.PrimaryKeyRelatedField(queryset=Task.objects.all())
    organisation = serializers.SlugRelatedField(slug_field="code", read_only=True)
    percent = serializers.IntegerField(min_value=0, max_value=100)
    milestone = serializers.PrimaryKeyRelatedField(
        queryset=TaskMilestone.objects.all(), required=False, allow_null=True
    )
    links = serializers.CharField(required=False, allow_blank=True, max_length=5500)
    text = serializers.CharField(max_length=5000)
    created_by = serializers.StringRelatedField(read_only=True)
    reviewer = serializers.StringRelatedField(read_only=True)

    class Meta:
        model = ProgressReport
        fields = (
            "id",
            "task",
            "organisation",
            "text",
            "percent",
            "milestone",
            "links",
            "status",
            "created_at",
            "created_by",
            "reviewer",
            "review_comment",
            "reviewed_at",
            "due_at",
        )
        read_only_fields = ("status", "review_comment", "reviewed_at", "created_at", "due_at")

    def save(self, **kwargs: Any) -> ProgressReport:
        from fazhi.supervision.services import report_submit

        data = self.validated_data
        request = self.context.get("request")
        try:
            self.instance = report_submit(
                task=data["task"],
                text=data["text"],
                percent=data["percent"],
                milestone=data.get("milestone"),
                links=data.get("links", ""),
                user=getattr(request, "user", None),
            )
        except DjangoValidationError as exc:
            raise _django_errors(exc) from exc
        return self.instance


class SupervisionNoticeSerializer(VisibleTaskMixin, serializers.ModelSerializer):
    task = serializers.PrimaryKeyRelatedField(queryset=Task.objects.all())
    text = serializers.CharField(max_length=5000)
    created_by = serializers.StringRelatedField(read_only=True)
    replied_by = serializers.StringRelatedField(read_only=True)
    overdue = serializers.BooleanField(source="is_overdue", read_only=True)

    class Meta:
        model = SupervisionNotice
        fields = (
            "id",
            "task",
            "text",
            "reply_deadline",
            "status",
            "due_at",
            "overdue",
            "created_at",
            "created_by",
            "reply",
            "replied_at",
            "replied_by",
        )
        read_only_fields = ("reply", "replied_at", "created_at", "status", "due_at")

    def save(self, **kwargs: Any) -> SupervisionNotice:
        from fazhi.supervision.services import notice_issue

        data = self.validated_data
        request = self.context.get("request")
        try:
            self.instance = notice_issue(
                task=data["task"],
                text=data["text"],
                reply_deadline=data["reply_deadline"],
                user=getattr(request, "user", None),
            )
        except DjangoValidationError as exc:
            raise _django_errors(exc) from exc
        return self.instance


class AlertSerializer(serializers.ModelSerializer):
    task = serializers.PrimaryKeyRelatedField(read_only=True)
    lead_organisation = serializers.CharField(source="task.lead_organisation.code", read_only=True)
    acknowledged_by = serializers.StringRelatedField(read_only=True)

    class Meta:
        model = Alert
        fields = (
            "id",
            "task",
            "lead_organisation",
            "kind",
            "notice",
            "level",
            "created_at",
            "escalated_at",
            "acknowledged_at",
            "acknowledged_by",
            "resolved_at",
        )
        read_only_fields = fields
