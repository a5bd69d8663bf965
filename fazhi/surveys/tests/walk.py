"""Surveys: the portal list and the thank-you page are public; answering a population survey needs an account;
an invitation link is public (the token is the key). The console and the API's staff endpoints follow the
survey's organisation (the samples are Huangpu's): handlers and reviewers build and invite, everyone with a role
in scope reads. The POSTs without a body come back as messages on a redirect (console) or 400 (API): "ok" = let in.
"""

from fazhi.surveys.choices import Audience, SurveyStatus
from fazhi.surveys.models import Invitation, token_hash
from fazhi.surveys.tests.factories import build_survey
from fazhi.testing.walk import (
    AUTHORS,
    HUANGPU_AUTHORS,
    HUANGPU_READERS,
    LOGIN,
    OFFICE_READERS,
    OK,
    by_role,
    everyone,
    only,
    signed_in,
)

TOKEN = "walk-token-for-the-permission-walk"


def _respondent_or_huangpu(role):
    """Their own response (the citizen's sample) or Huangpu's staff; others: 404."""
    if role is None:
        return LOGIN
    if role in ("citizen", *HUANGPU_READERS):
        return OK
    return "gone"


EXPECT = {
    "surveys:list": ("get", everyone),
    "surveys:thanks": ("get", everyone),
    "surveys:answer": ("get", signed_in),
    "surveys:answer_token": ("get", everyone),
    "surveys_console:list": ("get", only(*OFFICE_READERS)),
    "surveys_console:add": ("get", only(*AUTHORS)),
    "surveys_console:survey": ("get", by_role(ok=HUANGPU_READERS, gone=OFFICE_READERS)),
    "surveys_console:edit": ("get", by_role(ok=HUANGPU_AUTHORS, gone=AUTHORS)),
    "surveys_console:preview": ("get", by_role(ok=HUANGPU_READERS, gone=OFFICE_READERS)),
    "surveys_console:open": ("post", by_role(ok=HUANGPU_AUTHORS, gone=AUTHORS)),
    "surveys_console:close": ("post", by_role(ok=HUANGPU_AUTHORS, gone=AUTHORS)),
    "surveys_console:reopen": ("post", by_role(ok=HUANGPU_AUTHORS, gone=AUTHORS)),
    "surveys_console:question_add": ("get", by_role(ok=HUANGPU_AUTHORS, gone=AUTHORS)),
    "surveys_console:question_edit": ("get", by_role(ok=HUANGPU_AUTHORS, gone=AUTHORS)),
    "surveys_console:question_delete": ("post", by_role(ok=HUANGPU_AUTHORS, gone=AUTHORS)),
    "surveys_console:invite": ("get", by_role(ok=HUANGPU_AUTHORS, gone=AUTHORS)),
    "surveys_console:results": ("get", by_role(ok=HUANGPU_READERS, gone=OFFICE_READERS)),
    "surveys_console:export_xlsx": ("get", by_role(ok=HUANGPU_READERS, gone=OFFICE_READERS)),
    "surveys_console:export_csv": ("get", by_role(ok=HUANGPU_READERS, gone=OFFICE_READERS)),
    "api:survey-list": ("get", everyone),
    "api:survey-detail": ("get", everyone),  # the sample is an open population survey
    "api:survey-results": ("get", by_role(ok=HUANGPU_READERS, gone=OFFICE_READERS)),
    "api:survey-open": ("post", by_role(ok=HUANGPU_AUTHORS, gone=AUTHORS)),
    "api:survey-close": ("post", by_role(ok=HUANGPU_AUTHORS, gone=AUTHORS)),
    "api:survey-reopen": ("post", by_role(ok=HUANGPU_AUTHORS, gone=AUTHORS)),
    "api:survey-invite": ("post", by_role(ok=HUANGPU_AUTHORS, gone=AUTHORS)),
    "api:survey-respond": ("post", everyone),  # refused with a message (400/403), not hidden
    "api:survey-question-list": ("get", only(*OFFICE_READERS)),
    "api:survey-question-detail": ("get", by_role(ok=HUANGPU_READERS, gone=OFFICE_READERS)),
    "api:survey-response-list": ("get", signed_in),
    "api:survey-response-detail": ("get", _respondent_or_huangpu),
    "api:survey-invitation": ("get", everyone),
}


def samples(users):
    survey = build_survey(status=SurveyStatus.OPEN, audience=Audience.POPULATION)
    draft = build_survey(status=SurveyStatus.DRAFT, audience=Audience.EXPERT)
    question = draft.questions.first()
    from fazhi.surveys.models import Response

    response = Response.objects.create(survey=survey, respondent=users["citizen"])
    Invitation.objects.create(survey=survey, email="expert@example.edu", token_hash=token_hash(TOKEN))
    on_open = {"pk": survey.pk}
    on_draft = {"pk": draft.pk}
    return {
        "surveys:answer": on_open,
        "surveys:answer_token": {"token": TOKEN},
        "api:survey-invitation": {"token": TOKEN},
        "surveys_console:survey": on_draft,
        "surveys_console:edit": on_draft,
        "surveys_console:preview": on_draft,
        "surveys_console:open": on_draft,
        "surveys_console:close": on_open,
        "surveys_console:reopen": on_draft,  # without a date: a message, nothing changes
        "surveys_console:question_add": on_draft,
        "surveys_console:question_edit": {"pk": question.pk},
        "surveys_console:question_delete": {"pk": question.pk},
        "surveys_console:invite": on_open,
        "surveys_console:results": on_open,
        "surveys_console:export_xlsx": on_open,
        "surveys_console:export_csv": on_open,
        "api:survey-detail": on_open,
        "api:survey-results": on_open,
        "api:survey-open": on_draft,
        "api:survey-close": on_open,
        "api:survey-reopen": on_draft,  # without a date: 400
        "api:survey-invite": on_open,
        "api:survey-respond": on_open,
        "api:survey-question-detail": {"pk": question.pk},
        "api:survey-response-detail": {"pk": response.pk},
    }
