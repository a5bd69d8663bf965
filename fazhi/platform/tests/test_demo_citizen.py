"""The demo citizen's 我的办件 opens on its own matters (issue #20: it was empty; the demo year is the residents')."""

from io import StringIO

import pytest

from fazhi.hotline.catalogue import load_catalogue
from fazhi.hotline.demo import create_citizen_ticket
from fazhi.hotline.models import Ticket
from fazhi.suggestions.demo import create_citizen_suggestion
from fazhi.suggestions.models import Suggestion
from fazhi.surveys.demo import create_citizen_answer, create_demo_survey
from fazhi.surveys.models import Response

pytestmark = pytest.mark.django_db


def test_the_demo_citizen_has_a_suggestion_a_ticket_and_a_survey_answer_once(client_for, demo_users):
    load_catalogue(StringIO())
    survey = create_demo_survey()
    citizen = demo_users["citizen"]
    assert [create_citizen_suggestion(), create_citizen_ticket(), create_citizen_answer()] == [1, 1, 1]
    assert [create_citizen_suggestion(), create_citizen_ticket(), create_citizen_answer()] == [0, 0, 0]  # idempotent
    suggestion = Suggestion.objects.get(submitter=citizen)
    ticket = Ticket.objects.get(submitter=citizen)
    assert ticket.organisation.code == "310101002"  # routed by the catalogue to 南京东路街道, as from the portal
    assert Response.objects.filter(survey=survey, respondent=citizen).count() == 1
    mine = client_for("citizen").get("/my/matters/").content.decode()
    assert suggestion.tracking_number in mine and ticket.tracking_number in mine and survey.title in mine
    # the street's handler finds the ticket in its queue
    assert ticket.tracking_number in client_for("njdl_handler").get("/console/matters/queue/").content.decode()
