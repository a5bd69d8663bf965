"""The demo's surveys (for ``fazhi setup --demo``), through the services as the demo accounts, so the audit trail
is the real one; idempotent.

- Huangpu's open population survey on the rule of law in the district (as Huangpu's reviewer), to answer now;
- the demo year's city population survey and expert questionnaire, answered by the demo residents and experts and
  closed at the year's end, so the white paper's satisfaction chapter and indicators have results.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from typing import Any

from django.db import transaction

from fazhi.accounts.models import User
from fazhi.casework.demo import Backdating, demo_people, demo_residents, demo_time
from fazhi.core.context import acting
from fazhi.notifications.models import Notification
from fazhi.orgs.models import Organisation
from fazhi.supervision.models import Measure, Plan
from fazhi.surveys.choices import Audience, QuestionKind
from fazhi.surveys.models import Answer, Choice, Invitation, Question, Response, Survey
from fazhi.surveys.services import (
    invite,
    question_save,
    response_submit,
    survey_close,
    survey_open,
    survey_save,
)

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


# --- the demo year's surveys -----------------------------------------------------------------------------------

DEMO_YEAR = 2025
CITY_OFFICE = "31-YFZS"
TRACKED = (Survey, Question, Choice, Invitation, Response, Answer, Notification)
POPULATION_TITLE = "{year}年度上海市法治社会建设群众满意度测评"
EXPERT_TITLE = "{year}年度上海市法治社会建设专家评估问卷"
DISTRICT_CHOICES = ("黄浦区", "徐汇区", "浦东新区", "静安区", "长宁区", "闵行区", "其他区")
# text, kind, required, satisfaction, choices, mean tendency (satisfaction questions: added to the person's mood)
POPULATION_QUESTIONS = (
    ("您对本市法治社会建设的总体满意度", QuestionKind.SCALE, True, True, (), 0.0),
    ("您对公共法律服务(法律咨询、法律援助、人民调解)的满意度", QuestionKind.SCALE, True, True, (), 0.25),
    ("您对12345市民服务热线办理诉求的满意度", QuestionKind.SCALE, True, True, (), -0.15),
    ("您对行政执法规范、公正、文明程度的评价", QuestionKind.SCALE, True, True, (), -0.35),
    ("您居住在哪个区", QuestionKind.SINGLE, True, False, DISTRICT_CHOICES, 0.0),
    (
        "您主要通过哪些渠道了解法律知识",
        QuestionKind.MULTIPLE,
        False,
        False,
        ("网络和新媒体", "电视广播", "社区普法宣传", "公共法律服务窗口", "其他"),
        0.0,
    ),
    ("您对本市法治社会建设还有哪些意见和建议", QuestionKind.TEXT, False, False, (), 0.0),
)
EXPERT_QUESTIONS = (
    ("法治宣传教育的覆盖面和实效", QuestionKind.SCALE, True, True, (), 0.1),
    ("社会领域制度规范建设", QuestionKind.SCALE, True, True, (), -0.1),
    ("公民和组织合法权益保障", QuestionKind.SCALE, True, True, (), 0.0),
    ("社会治理法治化水平", QuestionKind.SCALE, True, True, (), -0.2),
    ("网络空间法治化治理", QuestionKind.SCALE, True, True, (), -0.45),
    (
        "您认为下一年度最需要加强的方面",
        QuestionKind.MULTIPLE,
        True,
        False,
        ("普法的针对性", "基层依法治理", "公共法律服务均衡化", "网络空间治理", "社会信用体系"),
        0.0,
    ),
    ("对法治社会建设的其他评估意见", QuestionKind.TEXT, False, False, (), 0.0),
)
POPULATION_TEXTS = (
    "希望社区多举办一些贴近生活的法律讲座，比如物业、继承方面的。",
    "12345反映的问题处理得比较及时，但有时答复比较笼统。",
    "建议在地铁和公交上多做一些普法公益广告。",
    "法律援助的申请流程还可以再简化一些。",
    "希望执法人员在执法时多做解释，态度再好一些。",
)
EXPERT_TEXTS = (
    "普法工作覆盖面广，但针对新业态从业者和老年人的精准普法仍需加强。",
    "基层依法治理成效明显，建议进一步总结推广“法治带头人”等经验做法。",
    "网络空间治理的制度供给相对滞后，建议加快配套规定的制定。",
)
EXPERTS = (
    "王教授(华东政法大学)",
    "陈研究员(上海社会科学院)",
    "刘律师(市律师协会)",
    "张教授(复旦大学法学院)",
    "李教授(上海交通大学凯原法学院)",
    "赵研究员(市委党校)",
    "孙律师(市律师协会)",
    "周教授(上海政法学院)",
    "吴教授(同济大学法学院)",
    "郑研究员(上海社会科学院)",
    "冯调解员(市人民调解协会)",
    "何教授(华东师范大学法学院)",
)
EXPERTS_ANSWERING = 10  # of the twelve invited


def create_demo_year_surveys(year: int = DEMO_YEAR, stdout: Any = None) -> dict[str, int]:
    """The city's population survey and expert questionnaire of the demo year, answered and closed at its end.

    Built through the services as the city office (``office``): the surveys are set up in October, the population
    survey is answered by the demo residents from November, the experts invited in December answer through their
    invitations (two do not), and both close on the year's last day. Everything is then moved into the demo year
    by :class:`fazhi.casework.demo.Backdating` (a survey takes answers only while open and within its dates, so the
    dates are set afterwards). Idempotent: a year whose population survey exists is left alone.
    """
    counts = {"surveys": 0, "responses": 0}
    office = User.objects.filter(username="office").first()
    organisation = Organisation.objects.filter(code=CITY_OFFICE).first()
    if office is None or organisation is None:
        return counts  # no demo accounts or organisations to build on
    if Survey.objects.filter(title=POPULATION_TITLE.format(year=year)).exists():
        return counts
    started = time.perf_counter()
    rng = random.Random(year * 28)  # the same demo every time
    residents = demo_residents()
    experts = demo_people("expert", EXPERTS)
    measures = list(Measure.objects.filter(plan=Plan.objects.main(), number=28))
    clock = Backdating()
    closing = demo_time(dt.date(year, 12, 31), 17)
    with transaction.atomic(), acting(source="cli", action="demo.surveys"):
        # The population survey: 3 November to 31 December, answered by the residents.
        survey = _build(
            clock,
            office,
            demo_time(dt.date(year, 10, 20), 15),
            Survey(
                title=POPULATION_TITLE.format(year=year),
                intro="为了解市民对本市法治社会建设的感受和意见，特开展本次测评。每人限答一次，约需 3 分钟。",
                organisation=organisation,
                audience=Audience.POPULATION,
            ),
            POPULATION_QUESTIONS,
            measures,
        )
        opened = demo_time(dt.date(year, 11, 3), 9)
        survey = _step(clock, opened, office, survey_open, survey=survey, user=office)
        questions = list(survey.questions.prefetch_related("choices"))
        for resident in residents:
            when = opened + dt.timedelta(minutes=rng.randint(60, 58 * 24 * 60))
            answers = _answers(rng, questions, POPULATION_QUESTIONS, POPULATION_TEXTS, mood=rng.gauss(4.3, 0.7))
            _step(clock, when, resident, response_submit, survey=survey, answers=answers, user=resident)
            counts["responses"] += 1
        _step(clock, closing, office, survey_close, survey=survey, user=office)
        clock.move(
            survey,
            opens_on=opened.date(),
            closes_on=closing.date(),
            opened_at=opened,
            closed_at=closing,
            updated_at=closing,
        )
        # The expert questionnaire: the experts are invited on 1 December; ten answer before the 20th.
        expert_survey = _build(
            clock,
            office,
            demo_time(dt.date(year, 11, 24), 11),
            Survey(
                title=EXPERT_TITLE.format(year=year),
                intro="请您根据对本市法治社会建设情况的了解，对以下方面作出评估。问卷由专家本人填写，每人一份。",
                organisation=organisation,
                audience=Audience.EXPERT,
            ),
            EXPERT_QUESTIONS,
            measures,
        )
        invited = demo_time(dt.date(year, 12, 1), 10)
        expert_survey = _step(clock, invited, office, survey_open, survey=expert_survey, user=office)
        invitations = _step(clock, invited, office, invite, survey=expert_survey, users=experts, by=office)
        questions = list(expert_survey.questions.prefetch_related("choices"))
        for invitation in invitations[:EXPERTS_ANSWERING]:
            when = invited + dt.timedelta(minutes=rng.randint(120, 18 * 24 * 60))
            answers = _answers(rng, questions, EXPERT_QUESTIONS, EXPERT_TEXTS, mood=rng.gauss(4.05, 0.5))
            response = _step(
                clock,
                when,
                invitation.user,
                response_submit,
                survey=expert_survey,
                answers=answers,
                invitation=invitation,
            )
            clock.move(invitation, used_at=when, updated_at=when)
            counts["responses"] += response is not None
        _step(clock, closing, office, survey_close, survey=expert_survey, user=office)
        clock.move(
            expert_survey, opens_on=invited.date(), closes_on=closing.date(), opened_at=invited, closed_at=closing
        )
        counts["surveys"] = 2
        clock.apply()
    if stdout is not None:
        stdout.write(
            f"demo year {year}: {counts['surveys']} surveys, {counts['responses']} responses "
            f"({time.perf_counter() - started:.1f} s)"
        )
    return counts


def _step(clock: Backdating, when: dt.datetime, actor: User, func: Any, **kwargs: Any) -> Any:
    with clock.at(when, *TRACKED), acting(user=actor):
        return func(**kwargs)


def _build(
    clock: Backdating, staff: User, when: dt.datetime, survey: Survey, questions: tuple, measures: list[Measure]
) -> Survey:
    with clock.at(when, *TRACKED), acting(user=staff):
        survey = survey_save(survey=survey, measures=measures, user=staff)
        for position, (text, kind, required, satisfaction, choices, _tendency) in enumerate(questions, start=1):
            question = Question(
                survey=survey, position=position, text=text, kind=kind, required=required, satisfaction=satisfaction
            )
            question_save(question=question, choices=list(choices) or None, user=staff)
    return survey


def _answers(
    rng: random.Random, questions: list[Question], spec: tuple, texts: tuple[str, ...], *, mood: float
) -> dict[int, Any]:
    """One person's answers: scores around their mood (plus each question's tendency), a few choices, now and
    then a written remark."""
    answers: dict[int, Any] = {}
    for question, (_text, kind, required, _satisfaction, _choices, tendency) in zip(questions, spec, strict=True):
        if kind == QuestionKind.SCALE:
            answers[question.pk] = min(5, max(1, round(mood + tendency + rng.gauss(0, 0.45))))
        elif kind == QuestionKind.SINGLE:
            choices = list(question.choices.all())
            answers[question.pk] = rng.choices(choices, weights=range(len(choices) + 2, 2, -1))[0].pk
        elif kind == QuestionKind.MULTIPLE and (required or rng.random() < 0.85):
            picked = rng.sample(list(question.choices.all()), rng.randint(1, 3))
            answers[question.pk] = [choice.pk for choice in picked]
        elif kind == QuestionKind.TEXT and rng.random() < 0.3:
            answers[question.pk] = rng.choice(texts)
    return answers


# --- the demo citizen's own answer -----------------------------------------------------------------------------

#: The demo citizen (platform/demo.py): its 我的办件 opens on a suggestion, a 12345 ticket and a survey answer.
CITIZEN = "citizen"


def create_citizen_answer(stdout: Any = None) -> int:
    """The demo citizen's answers to the open population survey (``create_demo_survey``), through the service as
    the portal would take them; once (0 on a second run, without the citizen or the open survey)."""
    citizen = User.objects.filter(username=CITIZEN).first()
    survey = Survey.objects.filter(title=TITLE).first()
    if citizen is None or survey is None or not survey.accepting():
        return 0
    if Response.objects.filter(survey=survey, respondent=citizen).exists():
        return 0
    answers: dict[Any, Any] = {}
    for question in survey.questions.order_by("position"):
        if question.kind == QuestionKind.SCALE:
            answers[question.pk] = 4
        elif question.kind == QuestionKind.SINGLE:
            answers[question.pk] = question.choices.order_by("pk").first().pk
        elif question.kind == QuestionKind.MULTIPLE:
            answers[question.pk] = list(question.choices.order_by("pk").values_list("pk", flat=True)[:2])
        elif question.kind == QuestionKind.TEXT:
            answers[question.pk] = "希望多在社区开展普法讲座。"
    with acting(user=citizen, source="cli", action="demo.citizen"):
        response_submit(survey=survey, answers=answers, user=citizen)
    if stdout is not None:
        stdout.write(f"the demo citizen's answers to 「{survey.title}」")
    return 1
