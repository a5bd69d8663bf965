from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import serializers

from fazhi.core.permissions import CHANGE
from fazhi.orgs.models import Organisation
from fazhi.supervision.models import Measure, Plan
from fazhi.surveys.models import Answer, Choice, Question, Response, Survey


def _django_errors(exc: DjangoValidationError) -> serializers.ValidationError:
    return serializers.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages})


class ChoiceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Choice
        fields = ("id", "position", "label")


class QuestionSerializer(serializers.ModelSerializer):
    survey = serializers.PrimaryKeyRelatedField(queryset=Survey.objects.all())
    text = serializers.CharField(max_length=500)
    choices = ChoiceSerializer(many=True, read_only=True)
    choice_labels = serializers.ListField(
        child=serializers.CharField(max_length=200),
        write_only=True,
        required=False,
        max_length=50,
        help_text="Choice questions: the choices' labels in order (matched to existing choices by position).",
    )
    position = serializers.IntegerField(min_value=0, max_value=1000, required=False)

    class Meta:
        model = Question
        fields = ("id", "survey", "position", "text", "help_text", "kind", "required", "satisfaction", "choices")
        fields = (*fields, "choice_labels")

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:  # only surveys the caller may change are addressable
            fields["survey"].queryset = Survey.objects.restrict(request.user, CHANGE)
        if self.instance is not None and not isinstance(self.instance, list | tuple) and "survey" in fields:
            fields["survey"].read_only = True
        return fields

    def save(self, **kwargs: Any) -> Question:
        from fazhi.surveys.services import question_save

        data = {**self.validated_data, **kwargs}
        labels = data.pop("choice_labels", None)
        question = self.instance or Question()
        for key, value in data.items():
            setattr(question, key, value)
        request = self.context.get("request")
        try:
            self.instance = question_save(question=question, choices=labels, user=getattr(request, "user", None))
        except DjangoValidationError as exc:
            raise _django_errors(exc) from exc
        return self.instance


class MeasureField(serializers.SlugRelatedField):
    def get_queryset(self) -> Any:
        return Measure.objects.filter(plan=Plan.objects.main())


class SurveySerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(slug_field="code", queryset=Organisation.objects.filter(is_active=True))
    measures = MeasureField(slug_field="number", many=True, required=False, queryset=Measure.objects.all())
    questions = QuestionSerializer(many=True, read_only=True)
    title = serializers.CharField(max_length=200)
    intro = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    accepting = serializers.BooleanField(read_only=True)

    class Meta:
        model = Survey
        fields = (
            "id",
            "title",
            "intro",
            "organisation",
            "audience",
            "status",
            "accepting",
            "opens_on",
            "closes_on",
            "anonymous",
            "measures",
            "questions",
            "opened_at",
            "closed_at",
            "created_at",
        )
        read_only_fields = ("status", "opened_at", "closed_at", "created_at")

    def save(self, **kwargs: Any) -> Survey:
        from fazhi.surveys.services import survey_save

        data = {**self.validated_data, **kwargs}
        measures = data.pop("measures", None)
        survey = self.instance or Survey()
        for key, value in data.items():
            setattr(survey, key, value)
        request = self.context.get("request")
        try:
            self.instance = survey_save(survey=survey, measures=measures, user=getattr(request, "user", None))
        except DjangoValidationError as exc:
            raise _django_errors(exc) from exc
        return self.instance


class AnswerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Answer
        fields = ("question", "choice", "score", "text")


class ResponseSerializer(serializers.ModelSerializer):
    answers = AnswerSerializer(many=True, read_only=True)
    submitted_at = serializers.DateTimeField(source="created_at", read_only=True)

    class Meta:
        model = Response
        fields = ("id", "survey", "submitted_at", "answers")


class AnswerInputSerializer(serializers.Serializer):
    question = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    choice = serializers.IntegerField(min_value=1, max_value=2**31 - 1, required=False, allow_null=True)
    choices = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**31 - 1), required=False, max_length=50
    )
    score = serializers.IntegerField(required=False, allow_null=True, min_value=-(2**31), max_value=2**31 - 1)
    text = serializers.CharField(required=False, allow_blank=True, max_length=5000, trim_whitespace=True)


class SubmitSerializer(serializers.Serializer):
    """Answers as a list: ``{"question": 3, "score": 4}``, ``{"question": 4, "choice": 9}``,
    ``{"question": 5, "choices": [11, 12]}``, ``{"question": 6, "text": "…"}``."""

    answers = AnswerInputSerializer(many=True, max_length=500)

    def answer_map(self) -> dict[int, Any]:
        answers: dict[int, Any] = {}
        for item in self.validated_data["answers"]:
            qid = item["question"]
            if qid in answers:
                raise serializers.ValidationError({"answers": _("Question %(id)s is answered twice.") % {"id": qid}})
            given = [k for k in ("choice", "choices", "score", "text") if item.get(k) not in (None, "", [])]
            if len(given) > 1:
                raise serializers.ValidationError({"answers": _("Give one kind of value per question.")})
            answers[qid] = item[given[0]] if given else None
        return answers


class InviteSerializer(serializers.Serializer):
    usernames = serializers.ListField(child=serializers.CharField(max_length=150), required=False, max_length=500)
    emails = serializers.ListField(child=serializers.EmailField(), required=False, max_length=500)


class OptionSerializer(serializers.Serializer):
    label = serializers.CharField()
    count = serializers.IntegerField()
    share = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)


class QuestionResultSerializer(serializers.Serializer):
    question_id = serializers.IntegerField()
    position = serializers.IntegerField()
    text = serializers.CharField()
    kind = serializers.CharField()
    satisfaction = serializers.BooleanField()
    answered = serializers.IntegerField()
    options = OptionSerializer(many=True)
    mean = serializers.DecimalField(max_digits=4, decimal_places=2, allow_null=True)
    satisfied_share = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    texts = serializers.ListField(child=serializers.CharField())
