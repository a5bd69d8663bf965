"""Publicity: the search, a decision, an entity's history, the download and the feed are public; a correction
request is made by a signed-in party and followed by them and by staff over the deciding body (the sample is a
decision of 黄浦区市场监管局 with a request by the citizen); the console is for staff, its records for those over
the body (others: not found); importing for those who may add decisions."""

from fazhi.publicity.tests.factories import company, published
from fazhi.publicity.workflow import CORRECTION_WORKFLOW
from fazhi.testing.walk import (
    AUTHORS,
    DENIED,
    GONE,
    HUANGPU_READERS,
    LOGIN,
    OK,
    STAFF,
    by_role,
    everyone,
    only,
    signed_in,
    staff,
    workflow_step_samples,
    workflow_steps,
)

over_body = by_role(ok=HUANGPU_READERS, gone=STAFF - set(HUANGPU_READERS))


def _party_or_over_body(role):
    if role is None:
        return LOGIN
    return OK if role in ("citizen", *HUANGPU_READERS) else GONE


def _over_body_takes(role):
    """Who may answer the sample request (Huangpu's reviewers and above); its party and readers are refused."""
    if role is None:
        return LOGIN
    if role in ("admin", "office", "hp_justice"):
        return OK
    return DENIED if role in ("citizen", *HUANGPU_READERS) else GONE


EXPECT = {
    "publicity:search": ("get", everyone),
    "publicity:export": ("get", everyone),
    "publicity:feed": ("get", everyone),
    "publicity:decision": ("get", everyone),
    "publicity:entity": ("get", everyone),
    "publicity:correct": ("get", signed_in),
    "publicity:correction": ("get", _party_or_over_body),
    "publicity_console:list": ("get", staff),
    "publicity_console:import": (
        "get",
        only(*AUTHORS, "njdl_handler", "credit_officer"),
    ),  # handlers publish where they handle
    "publicity_console:detail": ("get", over_body),
    "publicity_console:withdraw": ("post", over_body),  # without a reason: a message on the decision's page
    "publicity_console:correction": ("get", over_body),
    "publicity_console:step": ("post", over_body),
    "api:publicity-decision-list": ("get", everyone),
    "api:publicity-decision-detail": ("get", everyone),
    "api:publicity-correction-list": ("get", signed_in),  # their own, or over their bodies: possibly none
    "api:publicity-correction-detail": ("get", _party_or_over_body),
    **workflow_steps(CORRECTION_WORKFLOW, "publicity-correction", takes=_over_body_takes, sees=_party_or_over_body),
}


def samples(users):
    from fazhi.publicity.services import correction_submit

    name, code = company()
    decision = published(party_name=name, party_credit_code=code, source_system="walk")
    request = correction_submit(
        decision=decision, user=users["citizen"], identifier=code, what_is_wrong="walk: 金额有误", evidence="决定书"
    )
    pk = {"pk": decision.pk}
    return {
        "publicity:decision": pk,
        "publicity:correct": pk,
        "publicity:entity": {"key": decision.entity_key},
        "publicity:correction": {"number": request.tracking_number},
        "publicity_console:detail": pk,
        "publicity_console:withdraw": pk,
        "publicity_console:correction": {"pk": request.pk},
        "publicity_console:step": {"pk": request.pk, "step": "decline"},
        "api:publicity-decision-detail": pk,
        "api:publicity-correction-detail": {"pk": request.pk},
        **workflow_step_samples(CORRECTION_WORKFLOW, "publicity-correction", {"pk": request.pk}),
    }
