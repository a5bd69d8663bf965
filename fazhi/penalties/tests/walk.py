"""Penalty cases are internal records of their enforcement body: staff over the body (the sample is a case of
黄浦区城管执法局) read them, those who may change its cases take the steps, staff elsewhere get a 404 and citizens
a 403. POSTs without a body come back as messages on a redirect (pages) or a 400 (API): "ok" = let in; a step
without required fields, posted to a case in the wrong state, is a 400 for those who may take it."""

from fazhi.penalties.tests.factories import make_case
from fazhi.penalties.workflow import PENALTY_WORKFLOW
from fazhi.testing.walk import (
    AUTHORS,
    HUANGPU_AUTHORS,
    HUANGPU_READERS,
    MATTER_READERS,
    by_role,
    everyone,
    only,
    workflow_step_samples,
    workflow_steps,
)

OUTSIDE = {"xh_justice", "njdl_handler", "credit_officer"}  # staff whose scope does not reach the district's department
readers = by_role(ok=HUANGPU_READERS, gone=OUTSIDE)
case_readers = only(*MATTER_READERS)
takers = by_role(ok=HUANGPU_AUTHORS, gone=OUTSIDE)

EXPECT = {
    "penalties:rate": ("get", everyone),  # the party of a closed case rates it without an account
    # The roles that handle or read cases (accounts/roles.py grants; a manager or the 12345 centre does not).
    "penalties_console:list": ("get", case_readers),
    # Handlers may file where they handle (a street handler holds the grant; its scope has no body to file for).
    "penalties_console:file": ("get", only(*AUTHORS, "njdl_handler", "credit_officer")),
    "penalties_console:detail": ("get", readers),
    "penalties_console:evidence": ("post", readers),  # without a file: a message on the case's page
    "penalties_console:step": ("post", readers),  # refusals come back as messages
    "api:penalty-case-list": ("get", case_readers),
    "api:penalty-case-detail": ("get", readers),
    "api:penalty-case-evidence": ("get", readers),
    **workflow_steps(PENALTY_WORKFLOW, "penalty-case", takes=takers, sees=readers),
}


def samples(users):
    case = make_case(users["hp_justice"], filed=10)
    pk = {"pk": case.pk}
    return {
        "penalties_console:detail": pk,
        "penalties_console:evidence": pk,
        "penalties_console:step": {**pk, "step": "investigate"},
        "api:penalty-case-detail": pk,
        "api:penalty-case-evidence": pk,
        **workflow_step_samples(PENALTY_WORKFLOW, "penalty-case", pk),
    }
