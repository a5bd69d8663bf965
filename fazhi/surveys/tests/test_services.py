"""Survey services: building and the rules that keep answered results true, answering once, bad input, invitations,
results, the year's summary, and the satisfaction indicators."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from fazhi.indicators.models import Indicator, IndicatorValue
from fazhi.indicators.registry import Period
from fazhi.notifications.models import Notification
from fazhi.orgs.models import Organisation
from fazhi.surveys.choices import Audience, QuestionKind, SurveyStatus
from fazhi.surveys.models import Answer, Invitation, Question, Response, Survey
from fazhi.surveys.services import (
    invitation_for_token,
    invite,
    invite_after_service,
    question_delete,
    question_save,
    response_submit,
    survey_close,
    survey_open,
    survey_results,
    survey_save,
    year_summary,
)
from fazhi.surveys.tests.factories import SurveyFactory, answers_for, build_survey
from fazhi.testing.factories import TaskFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The services' messages are asserted by their English msgids."""
    with translation.override("en"):
        yield


def org(code: str) -> Organisation:
    return Organisation.objects.get(code=code)


def token_of(invitation: Invitation) -> str:
    """The token from the notification or e-mail that carried it (the database keeps only its hash)."""
    if invitation.user_id:
        url = Notification.objects.filter(recipient=invitation.user).latest("pk").url
    else:
        url = next(line for line in mail.outbox[-1].body.splitlines() if "/surveys/t/" in line)
    return url.rstrip("/").rsplit("/", 1)[-1]


# --- building --------------------------------------------------------------------------------------------------


def test_staff_build_and_open_a_survey_in_their_scope(demo_users):
    survey = survey_save(
        survey=Survey(title="法治满意度", organisation=org("310101"), audience=Audience.POPULATION),
        user=demo_users["hp_justice"],
    )
    with pytest.raises(ValidationError, match="at least one question"):
        survey_open(survey=survey, user=demo_users["hp_justice"])
    with pytest.raises(ValidationError) as exc:
        question_save(question=Question(survey=survey, text="渠道", kind=QuestionKind.SINGLE), choices=["网络"])
    assert "choices" in exc.value.message_dict and not survey.questions.exists()
    question = question_save(
        question=Question(survey=survey, text="渠道", kind=QuestionKind.SINGLE),
        choices=["网络", "", " 电视 "],
        user=demo_users["hp_justice"],
    )
    assert [c.label for c in question.choices.all()] == ["网络", "电视"] and question.position == 1
    survey = survey_open(survey=survey, user=demo_users["hp_justice"])
    assert survey.status == SurveyStatus.OPEN and survey.opened_at
    with pytest.raises(PermissionDenied):
        survey_close(survey=survey, user=demo_users["xh_justice"])  # another district's reviewer
    with pytest.raises(PermissionDenied):
        survey_save(survey=Survey(title="x", organisation=org("310101")), user=demo_users["xh_justice"])
    assert survey_close(survey=survey, user=demo_users["hp_justice"]).status == SurveyStatus.CLOSED
    with pytest.raises(ValidationError, match="closed"):
        question_save(question=Question(survey=survey, text="新", kind=QuestionKind.TEXT, required=False))


def test_satisfaction_flag_only_on_scales():
    survey = SurveyFactory()
    with pytest.raises(ValidationError) as exc:
        question_save(question=Question(survey=survey, text="t", kind=QuestionKind.TEXT, satisfaction=True))
    assert "satisfaction" in exc.value.message_dict


def test_answered_survey_refuses_changes_that_would_corrupt_results(citizen):
    survey = build_survey()
    response_submit(survey=survey, answers=answers_for(survey), user=citizen)
    scale, single, multiple, text = survey.questions.all()

    single.kind = QuestionKind.MULTIPLE
    with pytest.raises(ValidationError, match="kind"):
        question_save(question=single)
    single = Question.objects.get(pk=single.pk)
    scale.satisfaction = False
    with pytest.raises(ValidationError, match="satisfaction"):
        question_save(question=scale)
    text.required = True
    with pytest.raises(ValidationError, match="required"):
        question_save(question=text)
    with pytest.raises(ValidationError, match="removed"):
        question_save(question=single, choices=["是"])
    with pytest.raises(ValidationError, match="deleted"):
        question_delete(question=multiple)
    with pytest.raises(ValidationError, match="optional"):
        question_save(question=Question(survey=survey, text="新问题", kind=QuestionKind.SCALE, required=True))
    with pytest.raises(ValidationError, match="audience"):
        survey.audience = Audience.EXPERT
        survey_save(survey=survey)

    # allowed: fixing the wording, relabelling and adding choices, a new optional question
    scale = Question.objects.get(pk=scale.pk)
    scale.text = "您对本区法治建设的总体满意程度"
    question_save(question=scale)
    question_save(question=single, choices=["是(已办理)", "否", "不清楚"])
    question_save(question=Question(survey=survey, text="补充", kind=QuestionKind.TEXT, required=False))
    assert [c.label for c in single.choices.all()] == ["是(已办理)", "否", "不清楚"]
    assert survey.questions.count() == 5


# --- answering ---------------------------------------------------------------------------------------------------


@pytest.fixture
def citizen(demo_users):
    return demo_users["citizen"]


def test_a_citizen_answers_once_and_the_database_holds_to_it(citizen):
    survey = build_survey()
    response = response_submit(survey=survey, answers=answers_for(survey, text="很好"), user=citizen)
    assert response.respondent == citizen
    assert Answer.objects.filter(response=response).count() == 5  # scale, single, 2 × multiple, text
    with pytest.raises(ValidationError, match="already answered"):
        response_submit(survey=survey, answers=answers_for(survey), user=citizen)
    with pytest.raises(IntegrityError), transaction.atomic():  # even past the service
        Response.objects.create(survey=survey, respondent=citizen)
    assert Response.objects.filter(survey=survey).count() == 1


@pytest.mark.parametrize(
    "change, key, message",
    [
        (lambda a, q, other: a.update({q[1].pk: 6}), "q1", "1 to 5"),
        (lambda a, q, other: a.update({q[1].pk: 0}), "q1", "1 to 5"),
        (lambda a, q, other: a.update({q[1].pk: "五"}), "q1", "1 to 5"),
        (lambda a, q, other: a.pop(q[1].pk), "q1", "needs an answer"),
        (lambda a, q, other: a.update({q[2].pk: q[3].choices.first().pk}), "q2", "does not belong"),
        (lambda a, q, other: a.update({q[2].pk: [c.pk for c in q[2].choices.all()]}), "q2", "one answer"),
        (lambda a, q, other: a.update({q[4].pk: "x" * 5001}), "q4", "5000"),
        (lambda a, q, other: a.update({other.pk: 3}), "answers", "not part of this survey"),
    ],
    ids=["scale-6", "scale-0", "scale-text", "missing", "other-choice", "two-singles", "long-text", "other-survey"],
)
def test_bad_answers_are_refused_per_question_and_nothing_is_saved(citizen, change, key, message):
    survey = build_survey()
    other = build_survey().questions.first()
    questions = {q.position: q for q in survey.questions.all()}
    answers = answers_for(survey)
    change(answers, questions, other)
    with pytest.raises(ValidationError) as exc:
        response_submit(survey=survey, answers=answers, user=citizen)
    errors = exc.value.message_dict
    field = key if key == "answers" else f"q{questions[int(key[1:])].pk}"
    assert message in " ".join(errors[field])
    assert not Response.objects.exists() and not Answer.objects.exists()


def test_closed_draft_or_out_of_dates_surveys_take_no_answers(citizen):
    today = timezone.localdate()
    for survey in (
        build_survey(status=SurveyStatus.CLOSED),
        build_survey(status=SurveyStatus.DRAFT),
        build_survey(opens_on=today + dt.timedelta(days=1)),
        build_survey(closes_on=today - dt.timedelta(days=1)),
    ):
        with pytest.raises(ValidationError, match="not taking answers"):
            response_submit(survey=survey, answers=answers_for(survey), user=citizen)
    assert not Response.objects.exists()


def test_population_surveys_need_an_account_and_invitation_surveys_a_link(citizen):
    from django.contrib.auth.models import AnonymousUser

    survey = build_survey()
    with pytest.raises(PermissionDenied, match="Log in"):
        response_submit(survey=survey, answers=answers_for(survey), user=AnonymousUser())
    expert = build_survey(audience=Audience.EXPERT)
    with pytest.raises(PermissionDenied, match="invitation only"):
        response_submit(survey=expert, answers=answers_for(expert), user=citizen)


def test_script_in_free_text_is_stored_as_text(citizen, client_for):
    survey = build_survey()
    script = "<script>alert('x')</script> 联系我 13812345678"
    response_submit(survey=survey, answers=answers_for(survey, text=script), user=citizen)
    assert Answer.objects.get(question__kind=QuestionKind.TEXT).text == script
    html = client_for("hp_justice").get(f"/console/surveys/{survey.pk}/results/").content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "13812345678" not in html and "138****5678" in html  # phone numbers masked


# --- invitations -------------------------------------------------------------------------------------------------


def test_experts_invited_by_email_answer_once_through_their_link(demo_users, django_capture_on_commit_callbacks):
    survey = build_survey(audience=Audience.EXPERT)
    with django_capture_on_commit_callbacks(execute=True):
        invited = invite(survey, emails=[("Wang@Example.edu", "王教授")], by=demo_users["hp_justice"])
    assert len(invited) == 1 and len(mail.outbox) == 1 and mail.outbox[0].to == ["wang@example.edu"]
    token = token_of(invited[0])
    invitation = invitation_for_token(token)
    assert invitation == invited[0] and invitation.token_hash != token  # only the hash is stored
    assert invitation.name == "王教授" and str(invitation) == "王教授"
    response_submit(survey=survey, answers=answers_for(survey), invitation=invitation)
    with pytest.raises(ValidationError, match="used"):
        response_submit(survey=survey, answers=answers_for(survey), invitation=invitation_for_token(token))
    assert Invitation.objects.get().used_at is not None and Response.objects.get().invitation == invitation
    # inviting again skips who answered
    assert invite(survey, emails=["wang@example.edu"]) == []
    with pytest.raises(PermissionDenied):
        invite(survey, emails=["li@example.edu"], by=demo_users["xh_justice"])


def test_reinviting_replaces_the_link_and_drafts_cannot_invite(demo_users):
    survey = build_survey(audience=Audience.EXPERT)
    first = token_of(invite(survey, [demo_users["citizen"]])[0])
    second = token_of(invite(survey, [demo_users["citizen"]])[0])
    assert first != second and invitation_for_token(first) is None and invitation_for_token(second)
    assert Invitation.objects.count() == 1
    with pytest.raises(ValidationError, match="Open the survey"):
        invite(build_survey(status=SurveyStatus.DRAFT), [demo_users["citizen"]])


def test_invite_after_service_picks_the_organisations_follow_up_survey(demo_users):
    citizen = demo_users["citizen"]
    task = TaskFactory(lead_organisation=org("310101002"))  # an existing model standing for a closed matter
    assert invite_after_service(about=task, user=citizen, organisation=org("310101002")) is None  # none open
    build_survey(audience=Audience.SERVICE, status=SurveyStatus.DRAFT)
    district = build_survey(audience=Audience.SERVICE)  # Huangpu's, the street's district
    invitation = invite_after_service(about=task, user=citizen, organisation=org("310101002"))
    assert invitation.survey == district and invitation.about == task
    assert invitation.about_type == ContentType.objects.get_for_model(task)
    assert Notification.objects.filter(recipient=citizen, url__startswith="/surveys/t/").count() == 1
    assert invite_after_service(about=task, user=citizen, organisation=org("310101002")) is None  # once
    assert invite_after_service(about=task, user=None, organisation=org("310101002")) is None
    response_submit(survey=district, answers=answers_for(district), invitation=invitation)
    assert Response.objects.get().respondent == citizen


# --- results, summary, indicators --------------------------------------------------------------------------------


def test_results_count_choices_scores_and_texts():
    survey = build_survey()
    for score in (5, 4, 2):
        response_submit(
            survey=survey, answers=answers_for(survey, score=score, text=f"意见{score}"), user=UserFactory()
        )
    scale, single, multiple, text = survey_results(survey)
    assert scale.answered == 3 and scale.mean == Decimal("3.67") and scale.satisfied_share == Decimal("66.7")
    assert [o.count for o in scale.options] == [0, 1, 0, 1, 1]
    assert [(o.label, o.count, o.share) for o in single.options] == [("是", 3, Decimal("100.0")), ("否", 0, 0)]
    assert [o.count for o in multiple.options] == [3, 3, 0]
    assert text.texts == ["意见5", "意见4", "意见2"]


def test_year_summary_counts_the_years_responses():
    survey = build_survey()
    response_submit(survey=survey, answers=answers_for(survey), user=UserFactory())
    old = response_submit(survey=survey, answers=answers_for(survey, score=1), user=UserFactory())
    Response.objects.filter(pk=old.pk).update(created_at=timezone.now().replace(year=2024))
    year = timezone.localdate().year
    [summary] = year_summary(year)
    assert summary.survey_id == survey.pk and summary.response_count == 1
    assert summary.questions[0].mean == 5 and summary.organisation == survey.organisation.name
    assert year_summary(2024)[0].questions[0].mean == 1
    assert year_summary(2019) == []


def test_satisfaction_indicator_moves_when_a_response_is_submitted(django_capture_on_commit_callbacks):
    indicator = Indicator.objects.create(
        code="survey_satisfaction", name="群众满意度", target=Decimal(90), unit="%", formula="survey_satisfaction"
    )
    expert = Indicator.objects.create(
        code="expert_satisfaction", name="专家评价", target=Decimal(80), unit="%", formula="expert_satisfaction"
    )
    survey = build_survey()
    month = Period.containing("month", timezone.localdate())

    def stored(ind, code):
        value = IndicatorValue.objects.filter(
            indicator=ind, organisation=org(code), period_kind="month", period_start=month.start
        ).first()
        return value.value if value else "missing"

    with django_capture_on_commit_callbacks(execute=True):
        response_submit(survey=survey, answers=answers_for(survey, score=5), user=UserFactory())
    assert stored(indicator, "310101") == stored(indicator, "31") == 100
    with django_capture_on_commit_callbacks(execute=True):
        response_submit(survey=survey, answers=answers_for(survey, score=2), user=UserFactory())
    assert stored(indicator, "310101") == stored(indicator, "31") == 50
    assert stored(indicator, "310104") == "missing"  # Xuhui: not touched
    assert stored(expert, "310101") in ("missing", None)  # population answers are not the experts'


def test_demo_survey_is_open_public_and_created_once(demo_users):
    from fazhi.surveys.demo import create_demo_survey

    survey = create_demo_survey()
    assert survey.status == SurveyStatus.OPEN and survey in Survey.objects.open_public()
    assert survey.questions.filter(satisfaction=True).count() == 2 and survey.measures.get().number == 28
    assert create_demo_survey() == survey and Survey.objects.count() == 1


def test_closing_a_matter_invites_its_submitter_once_the_close_commits(demo_users, django_capture_on_commit_callbacks):
    from fazhi.casework.services import record_event
    from fazhi.hotline.choices import TicketStatus
    from fazhi.hotline.tests.factories import make_ticket

    citizen = demo_users["citizen"]
    survey = build_survey(audience=Audience.SERVICE)  # Huangpu's follow-up survey
    ticket = make_ticket(submitter=citizen)
    with django_capture_on_commit_callbacks(execute=True):
        record_event(ticket, status=TicketStatus.REPLIED, note="已清运")
    assert not Invitation.objects.exists()  # only closing invites
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        record_event(ticket, status=TicketStatus.CLOSED)
    assert callbacks  # sent after the commit, not inside the closing transaction
    invitation = Invitation.objects.get()
    assert invitation.survey == survey and invitation.user == citizen and invitation.about == ticket
    with django_capture_on_commit_callbacks(execute=True):
        record_event(ticket, status=TicketStatus.CLOSED, note="again")  # already closed: no second invitation
    assert Invitation.objects.count() == 1
