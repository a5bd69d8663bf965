"""A person's own survey answers, for 我的办件 (``casework.registry.register_citizen_records``)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from fazhi.casework.registry import CitizenRecord
from fazhi.surveys.models import Answer, Response

MAX_SHOWN = 100


def my_survey_answers(user: Any) -> list[CitizenRecord]:
    """The surveys ``user`` answered, newest first, each with the answers they gave (question by question)."""
    if not getattr(user, "is_authenticated", False):
        return []
    responses = (
        Response.objects.filter(respondent=user)
        .select_related("survey")
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=Answer.objects.select_related("question", "choice").order_by("question__position", "pk"),
            )
        )
        .order_by("-created_at", "-pk")[:MAX_SHOWN]
    )
    records = []
    for response in responses:
        by_question: dict[int, tuple[str, list[str]]] = {}
        for answer in response.answers.all():
            if answer.choice is not None:
                value = answer.choice.label
            elif answer.score is not None:
                value = f"{answer.score} / 5"
            else:
                value = answer.text
            by_question.setdefault(answer.question_id, (answer.question.text, []))[1].append(value)
        survey = response.survey
        status = survey.get_status_display()
        if survey.accepting() and survey.closes_on:
            status = _("open until %(date)s") % {"date": survey.closes_on.isoformat()}
        records.append(
            CitizenRecord(
                title=survey.title,
                when=response.created_at,
                status=status,
                details=tuple(
                    (question, "、".join(v for v in values if v)) for question, values in by_question.values()
                ),
            )
        )
    return records
