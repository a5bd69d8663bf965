"""The demo's open population survey (for ``fazhi setup --demo``): Huangpu asks about the rule of law in the
district, through the services as Huangpu's reviewer, so the audit trail is the real one. Idempotent."""

from __future__ import annotations

from django.db import transaction

from fazhi.accounts.models import User
from fazhi.core.context import acting
from fazhi.orgs.models import Organisation
from fazhi.supervision.models import Measure, Plan
from fazhi.surveys.choices import Audience, QuestionKind
from fazhi.surveys.models import Question, Survey
from fazhi.surveys.services import question_save, survey_open, survey_save

TITLE = "黄浦区法治建设群众满意度测评"
QUESTIONS = (
    ("您对本区法治建设的总体满意度", QuestionKind.SCALE, True, True, ()),
    ("您对公共法律服务(法律咨询、法律援助、人民调解)的满意度", QuestionKind.SCALE, True, True, ()),
    ("过去一年您是否办理过公共法律服务事项", QuestionKind.SINGLE, True, False, ("是", "否")),
    (
        "您主要通过哪些渠道了解法律知识",
        QuestionKind.MULTIPLE,
        False,
        False,
        ("网络", "电视广播", "社区普法宣传", "其他"),
    ),
    ("您对本区法治建设还有哪些意见和建议", QuestionKind.TEXT, False, False, ()),
)


def create_demo_survey() -> Survey:
    existing = Survey.objects.filter(title=TITLE).first()
    if existing is not None:
        return existing
    staff = User.objects.get(username="hp_justice")
    with acting(user=staff, source="cli", action="demo.survey"), transaction.atomic():
        survey = survey_save(
            survey=Survey(
                title=TITLE,
                intro="为了解群众对本区法治建设的感受,特开展本次测评。每人限答一次,约需 3 分钟。",
                organisation=Organisation.objects.get(code="310101"),
                audience=Audience.POPULATION,
            ),
            measures=Measure.objects.filter(plan=Plan.objects.main(), number=28),
            user=staff,
        )
        for position, (text, kind, required, satisfaction, choices) in enumerate(QUESTIONS, start=1):
            question = Question(
                survey=survey, position=position, text=text, kind=kind, required=required, satisfaction=satisfaction
            )
            question_save(question=question, choices=list(choices) or None, user=staff)
        return survey_open(survey=survey, user=staff)
