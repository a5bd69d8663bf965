"""Portal, console and API of the surveys: answering with per-question messages, building, inviting, results,
exports with masked personal data, and the API's scope."""

import pytest

from fazhi.notifications.models import Notification
from fazhi.surveys.choices import Audience, QuestionKind, SurveyStatus
from fazhi.surveys.models import Answer, Invitation, Question, Response, Survey
from fazhi.surveys.services import response_submit
from fazhi.surveys.tests.factories import answers_for, build_survey
from fazhi.testing.export import read_table
from fazhi.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def form_data(survey: Survey, **overrides) -> dict:
    data = {}
    for key, value in answers_for(survey).items():
        data[f"q{key}"] = [str(v) for v in value] if isinstance(value, list) else str(value)
    data.update(overrides)
    return data


# --- portal --------------------------------------------------------------------------------------------------


def test_portal_lists_open_population_surveys_only(client):
    shown = build_survey(title="公开测评")
    build_survey(title="草稿测评", status=SurveyStatus.DRAFT)
    build_survey(title="专家问卷", audience=Audience.EXPERT)
    html = client.get("/surveys/").content.decode()
    assert "公开测评" in html and "草稿测评" not in html and "专家问卷" not in html
    assert client.get(f"/surveys/{shown.pk}/").status_code == 302  # log in to answer


def test_citizen_answers_with_messages_per_question_then_once(client_for, demo_users):
    survey = build_survey()
    scale = survey.questions.get(position=1)
    client = client_for("citizen")
    page = client.get(f"/surveys/{survey.pk}/").content.decode()
    assert f'name="q{scale.pk}"' in page and "<fieldset" in page and "<legend id=" in page

    bad = form_data(survey)
    bad.pop(f"q{scale.pk}")
    response = client.post(f"/surveys/{survey.pk}/", bad)
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="q{scale.pk}_errors"><ul class="errorlist"' in html and 'aria-invalid="true"' in html
    assert not Response.objects.exists()

    response = client.post(f"/surveys/{survey.pk}/", form_data(survey))
    assert response.status_code == 302 and response["Location"] == "/surveys/thanks/"
    assert Response.objects.get().respondent == demo_users["citizen"]
    again = client.post(f"/surveys/{survey.pk}/", form_data(survey))
    assert again.status_code == 400 and "您已填写过该问卷" in again.content.decode()
    assert "您已填写过该问卷" in client.get(f"/surveys/{survey.pk}/").content.decode()
    assert Response.objects.count() == 1


def test_tampered_form_values_get_a_message_not_a_500(client_for):
    survey = build_survey()
    scale = survey.questions.get(position=1)
    response = client_for("citizen").post(f"/surveys/{survey.pk}/", form_data(survey, **{f"q{scale.pk}": "9"}))
    assert response.status_code == 400 and not Response.objects.exists()


def test_invitation_link_answers_without_an_account(client):
    survey = build_survey(audience=Audience.EXPERT)
    from fazhi.surveys.models import token_hash

    token = "a-personal-token"
    Invitation.objects.create(survey=survey, email="expert@example.edu", token_hash=token_hash(token))
    url = f"/surveys/t/{token}/"
    assert client.get(url).status_code == 200
    assert client.post(url, form_data(survey)).status_code == 302
    assert "该邀请已使用" in client.get(url).content.decode()
    assert client.post(url, form_data(survey)).status_code == 400
    assert client.get("/surveys/t/not-a-token/").status_code == 404
    assert Response.objects.count() == 1


# --- console -------------------------------------------------------------------------------------------------


def test_staff_build_a_survey_in_the_console(client_for):
    client = client_for("hp_justice")
    response = client.post(
        "/console/surveys/add/",
        {
            "title": "2025年法治建设满意度测评",
            "organisation": _org_pk("310101"),
            "audience": "population",
            "anonymous": "on",
        },
    )
    survey = Survey.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/console/surveys/{survey.pk}/"
    bad = client.post(
        f"/console/surveys/{survey.pk}/questions/add/", {"text": "渠道", "kind": "single", "choices_text": "网络"}
    )
    assert bad.status_code == 400 and "至少需要两个选项" in bad.content.decode()
    client.post(
        f"/console/surveys/{survey.pk}/questions/add/",
        {"text": "总体满意度", "kind": "scale", "required": "on", "satisfaction": "on", "position": "1"},
    )
    client.post(
        f"/console/surveys/{survey.pk}/questions/add/",
        {"text": "渠道", "kind": "single", "choices_text": "网络\n电视", "position": "2"},
    )
    assert survey.questions.count() == 2
    assert client.get(f"/console/surveys/{survey.pk}/preview/").status_code == 200
    client.post(f"/console/surveys/{survey.pk}/open/")
    assert Survey.objects.get().status == SurveyStatus.OPEN
    # another district's reviewer neither sees nor changes it
    other = client_for("xh_justice")
    assert other.get(f"/console/surveys/{survey.pk}/").status_code == 404
    assert other.post(f"/console/surveys/{survey.pk}/close/").status_code == 404
    assert Survey.objects.get().status == SurveyStatus.OPEN


def _org_pk(code: str) -> int:
    from fazhi.orgs.models import Organisation

    return Organisation.objects.get(code=code).pk


def test_invite_form_reports_unknown_people_and_sends_links(client_for, demo_users):
    survey = build_survey(audience=Audience.SERVICE)
    client = client_for("hp_justice")
    bad = client.post(f"/console/surveys/{survey.pk}/invite/", {"usernames": "nobody-here", "emails": "not-mail"})
    assert bad.status_code == 400 and "nobody-here" in bad.content.decode() and "not-mail" in bad.content.decode()
    response = client.post(
        f"/console/surveys/{survey.pk}/invite/", {"usernames": "citizen", "emails": "王教授 <wang@example.edu>"}
    )
    assert response.status_code == 302
    assert Invitation.objects.filter(survey=survey).count() == 2
    assert Notification.objects.filter(recipient=demo_users["citizen"], url__startswith="/surveys/t/").exists()
    html = client.get(f"/console/surveys/{survey.pk}/").content.decode()
    assert "王教授" in html


def test_results_page_and_exports_mask_personal_data(client_for):
    survey = build_survey(anonymous=False)
    user = UserFactory(display_name="张三丰先生")
    response_submit(
        survey=survey, answers=answers_for(survey, score=4, text='=HYPERLINK("x") 电话13812345678'), user=user
    )
    client = client_for("hp_justice")
    html = client.get(f"/console/surveys/{survey.pk}/results/").content.decode()
    assert 'id="survey-chart-data"' in html and "vendor/echarts.min.js" in html and "surveys/results.js" in html
    assert "<table>" in html  # readable without JavaScript

    rows = read_table(client.get(f"/console/surveys/{survey.pk}/export.xlsx"))
    assert rows[0][3].startswith("1. ") and rows[1][3] == 4
    assert rows[1][2] != "张三丰先生" and rows[1][2].startswith("张三")  # masked name
    assert rows[1][6].startswith("'=HYPERLINK") and "138****5678" in rows[1][6]  # no formula, phone masked

    rows = read_table(client.get(f"/console/surveys/{survey.pk}/export.csv"))
    assert len(rows) == 2 and "13812345678" not in repr(rows) and rows[1][4] == "是"
    assert client_for("xh_justice").get(f"/console/surveys/{survey.pk}/export.csv").status_code == 404


# --- API -----------------------------------------------------------------------------------------------------


def test_api_public_read_and_respond_once(client, client_for):
    survey = build_survey()
    draft = build_survey(status=SurveyStatus.DRAFT)
    ids = {s["id"] for s in client.get("/api/v1/surveys/").json()["results"]}
    assert survey.pk in ids and draft.pk not in ids
    assert client.get(f"/api/v1/surveys/{draft.pk}/").status_code == 404
    detail = client.get(f"/api/v1/surveys/{survey.pk}/").json()
    assert [q["kind"] for q in detail["questions"]] == ["scale", "single", "multiple", "text"]

    q = {question.position: question for question in survey.questions.all()}
    payload = {
        "answers": [
            {"question": q[1].pk, "score": 5},
            {"question": q[2].pk, "choice": q[2].choices.first().pk},
            {"question": q[3].pk, "choices": [c.pk for c in q[3].choices.all()]},
            {"question": q[4].pk, "text": "<b>好</b>"},
        ]
    }
    assert client.post(
        f"/api/v1/surveys/{survey.pk}/respond/", payload, content_type="application/json"
    ).status_code in (401, 403)
    citizen = client_for("citizen")
    created = citizen.post(f"/api/v1/surveys/{survey.pk}/respond/", payload, content_type="application/json")
    assert created.status_code == 201, created.content
    again = citizen.post(f"/api/v1/surveys/{survey.pk}/respond/", payload, content_type="application/json")
    assert again.status_code == 400 and "您已填写过该问卷" in again.content.decode()
    mine = citizen.get("/api/v1/surveys/responses/").json()["results"]
    assert [r["id"] for r in mine] == [created.json()["id"]]
    assert Answer.objects.get(question=q[4]).text == "<b>好</b>"

    bad = dict(payload, answers=[{"question": q[1].pk, "score": 7}, {"question": q[1].pk, "score": 3}])
    other = client_for("hp_justice").post(f"/api/v1/surveys/{survey.pk}/respond/", bad, content_type="application/json")
    assert other.status_code == 400


def test_api_staff_crud_and_results_in_scope(client_for):
    hp = client_for("hp_justice")
    created = hp.post(
        "/api/v1/surveys/",
        {"title": "专家评估问卷", "organisation": "310101", "audience": "expert"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    sid = created.json()["id"]
    question = hp.post(
        "/api/v1/surveys/questions/",
        {"survey": sid, "text": "评分", "kind": "scale", "satisfaction": True},
        content_type="application/json",
    )
    assert question.status_code == 201, question.content
    assert hp.post(f"/api/v1/surveys/{sid}/open/").json()["status"] == "open"
    xh = client_for("xh_justice")
    assert xh.get(f"/api/v1/surveys/{sid}/results/").status_code == 404
    assert (
        xh.post(
            "/api/v1/surveys/",
            {"title": "x", "organisation": "310101", "audience": "expert"},
            content_type="application/json",
        ).status_code
        == 403
    )
    assert (
        xh.post(
            "/api/v1/surveys/questions/", {"survey": sid, "text": "x", "kind": "text"}, content_type="application/json"
        ).status_code
        == 400
    )  # the survey is not addressable
    results = hp.get(f"/api/v1/surveys/{sid}/results/").json()
    assert results[0]["kind"] == "scale" and results[0]["answered"] == 0
    qid = question.json()["id"]
    changed = hp.patch(f"/api/v1/surveys/questions/{qid}/", {"kind": "text"}, content_type="application/json")
    assert changed.status_code == 400 and "满意度问题" in changed.content.decode()  # satisfaction only on scales
    assert hp.delete(f"/api/v1/surveys/{sid}/").status_code == 403  # deleting is for administrators
    assert client_for("admin").delete(f"/api/v1/surveys/{sid}/").status_code == 400  # open: close it instead
    assert Question.objects.filter(kind=QuestionKind.SCALE).count() == 1
