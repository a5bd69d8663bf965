"""All answers of a survey as a table (Excel via openpyxl, or CSV): one row per response, one column per question.

Personal data is masked: respondents appear only for surveys that are not anonymous, and then masked; phone and
ID numbers inside free text are masked. Written out by :mod:`fazhi.core.export` (formula-safe cells).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core.pii import mask_in_text, mask_text
from fazhi.surveys.choices import QuestionKind
from fazhi.surveys.models import Answer, Survey


def answer_table(survey: Survey) -> tuple[list[str], list[list[Any]]]:
    questions = list(survey.questions.all())
    header = [_("response"), _("submitted at"), _("respondent"), *[f"{q.position}. {q.text}" for q in questions]]
    cells: dict[int, dict[int, list[Any]]] = defaultdict(lambda: defaultdict(list))
    answers = Answer.objects.filter(response__survey=survey).select_related("choice").order_by("pk")
    for answer in answers:
        if answer.choice_id:
            value: Any = answer.choice.label
        elif answer.score is not None:
            value = answer.score
        else:
            value = mask_in_text(answer.text)
        cells[answer.response_id][answer.question_id].append(value)
    rows = []
    for response in survey.responses.select_related("respondent").order_by("created_at", "pk"):
        who = "—"
        if not survey.anonymous and response.respondent is not None:
            who = mask_text(response.respondent.display_name or response.respondent.username)
        row: list[Any] = [response.pk, timezone.localtime(response.created_at).strftime("%Y-%m-%d %H:%M"), who]
        for question in questions:
            values = cells[response.pk][question.pk]
            if question.kind == QuestionKind.SCALE:
                row.append(values[0] if values else None)
            else:
                row.append("; ".join(str(v) for v in values))
        rows.append(row)
    return header, rows
