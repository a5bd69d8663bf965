"""Factories for the surveys app: a Huangpu population survey with a satisfaction scale, a choice and a text."""

from __future__ import annotations

import factory

from fazhi.orgs.models import Organisation
from fazhi.surveys.choices import Audience, QuestionKind, SurveyStatus
from fazhi.surveys.models import Choice, Question, Survey


class SurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Survey

    title = factory.Sequence(lambda n: f"群众满意度测评 {n}")
    intro = "请您对我区法治建设工作进行评价。"
    organisation = factory.LazyFunction(lambda: Organisation.objects.get(code="310101"))
    audience = Audience.POPULATION


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    survey = factory.SubFactory(SurveyFactory)
    position = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"问题 {n}")
    kind = QuestionKind.SCALE


class ChoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Choice

    question = factory.SubFactory(QuestionFactory, kind=QuestionKind.SINGLE)
    position = factory.Sequence(lambda n: n + 1)
    label = factory.Sequence(lambda n: f"选项 {n}")


def build_survey(*, status: str = SurveyStatus.OPEN, **kwargs) -> Survey:
    """A survey with four questions: a required satisfaction scale, a single choice (two choices), a multiple
    choice (three choices) and an optional free text. Saved directly (the services are what tests exercise)."""
    survey = SurveyFactory(status=status, **kwargs)
    QuestionFactory(survey=survey, position=1, text="您对本区法治建设的总体满意度", satisfaction=True)
    single = QuestionFactory(survey=survey, position=2, text="您是否办理过公共法律服务", kind=QuestionKind.SINGLE)
    ChoiceFactory(question=single, position=1, label="是")
    ChoiceFactory(question=single, position=2, label="否")
    multiple = QuestionFactory(
        survey=survey, position=3, text="您通过哪些渠道了解法律", kind=QuestionKind.MULTIPLE, required=False
    )
    for position, label in enumerate(("网络", "电视", "社区宣传"), start=1):
        ChoiceFactory(question=multiple, position=position, label=label)
    QuestionFactory(survey=survey, position=4, text="您的意见和建议", kind=QuestionKind.TEXT, required=False)
    return survey


def answers_for(survey: Survey, score: int = 5, text: str = "") -> dict[int, object]:
    """A complete valid answer set for a survey made by :func:`build_survey`."""
    q = {question.position: question for question in survey.questions.all()}
    return {
        q[1].pk: score,
        q[2].pk: q[2].choices.first().pk,
        q[3].pk: [c.pk for c in q[3].choices.all()[:2]],
        q[4].pk: text,
    }
