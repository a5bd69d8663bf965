"""Usability issue #20 point 6: a person finds the surveys they answered in 我的办件; staff may reopen a closed
survey with a new closing date (audited)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from fazhi.audit.models import AuditEntry
from fazhi.core.context import acting
from fazhi.surveys.choices import SurveyStatus
from fazhi.surveys.services import response_submit, survey_close, survey_reopen
from fazhi.surveys.tests.factories import answers_for, build_survey

pytestmark = pytest.mark.django_db


def test_my_matters_lists_the_surveys_i_answered_with_my_answers(client_for, demo_users):
    survey = build_survey(title="2026年法治满意度调查")
    response_submit(
        survey=survey, answers=answers_for(survey, score=4, text="希望多办普法讲座"), user=demo_users["citizen"]
    )
    html = client_for("citizen").get(reverse("casework:mine")).content.decode()
    assert "2026年法治满意度调查" in html and "4 / 5" in html and "希望多办普法讲座" in html
    assert "您对本区法治建设的总体满意度" in html  # the question beside the answer
    other = client_for("hp_justice").get(reverse("casework:mine")).content.decode()
    assert "2026年法治满意度调查" not in other


def test_staff_reopen_a_closed_survey_with_a_new_closing_date(demo_users):
    survey = build_survey()
    survey_close(survey=survey, user=demo_users["hp_justice"])
    new_end = timezone.localdate() + dt.timedelta(days=14)
    with pytest.raises(PermissionDenied):
        survey_reopen(survey=survey, closes_on=new_end, user=demo_users["xh_justice"])  # outside their scope
    with pytest.raises(ValidationError):
        survey_reopen(
            survey=survey, closes_on=timezone.localdate() - dt.timedelta(days=1), user=demo_users["hp_justice"]
        )
    with acting(user=demo_users["hp_justice"]):  # as a request would bind the actor
        survey = survey_reopen(survey=survey, closes_on=new_end, user=demo_users["hp_justice"])
    assert survey.status == SurveyStatus.OPEN and survey.closes_on == new_end and survey.accepting()
    entry = AuditEntry.objects.filter(object_id=str(survey.pk), content_type__model="survey").order_by("-pk").first()
    assert entry.user == demo_users["hp_justice"] and "open" in str(entry.after)
    with pytest.raises(ValidationError):
        survey_reopen(survey=survey, closes_on=new_end, user=demo_users["hp_justice"])  # already open


def test_reopen_from_the_console(client_for, demo_users):
    survey = build_survey()
    survey_close(survey=survey, user=demo_users["hp_justice"])
    hp = client_for("hp_justice")
    page = hp.get(reverse("surveys_console:survey", args=[survey.pk])).content.decode()
    assert reverse("surveys_console:reopen", args=[survey.pk]) in page
    url = reverse("surveys_console:reopen", args=[survey.pk])
    assert hp.post(url, {}).status_code == 302  # no date: a message, nothing changes
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.CLOSED
    new_end = (timezone.localdate() + dt.timedelta(days=7)).isoformat()
    hp.post(url, {"closes_on": new_end})
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.OPEN and survey.closes_on.isoformat() == new_end
    assert client_for("citizen").post(url, {"closes_on": new_end}).status_code == 403


def test_reopen_through_the_api(client_for, demo_users):
    survey = build_survey()
    survey_close(survey=survey, user=demo_users["hp_justice"])
    api = client_for("hp_justice")
    url = f"/api/v1/surveys/{survey.pk}/reopen/"
    assert api.post(url, {}, content_type="application/json").status_code == 400
    past = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    assert api.post(url, {"closes_on": past}, content_type="application/json").status_code == 400
    new_end = (timezone.localdate() + dt.timedelta(days=7)).isoformat()
    response = api.post(url, {"closes_on": new_end}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "open"
    assert (
        client_for("xh_justice").post(url, {"closes_on": new_end}, content_type="application/json").status_code == 404
    )
