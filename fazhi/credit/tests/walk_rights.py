"""Credit rights: /credit/mine/ and the API's own records are for anyone signed in (their own subjects only); a
record, objection or repair of a subject the user does not act for is not found. The samples: a record of a
company linked to ``company``, provided by 黄浦区市场监管局; an objection at the centre (31-XYZX) and a repair at the
provider. The centre's staff and the city-wide roles follow every objection and repair; a provider's staff the
repairs of its records; only the centre's staff (and the city office) link accounts."""

from fazhi.credit.workflow import OBJECTION_WORKFLOW, REPAIR_WORKFLOW
from fazhi.testing.walk import DENIED, GONE, LOGIN, OK, signed_in, staff, workflow_step_samples, workflow_steps

CITY = ("admin", "office", "leader", "evaluator")  # city-wide grants cover the centre
CENTRE_SEES = (*CITY, "credit_officer")
NOT_STAFF = ("citizen", "company")


def _subject_only(role):
    if role is None:
        return LOGIN
    return OK if role == "company" else GONE


def _expect(*, ok, denied=(), subject_ok=True):
    def expect(role):
        if role is None:
            return LOGIN
        if role == "company" and subject_ok:
            return OK
        if role in ok:
            return OK
        if role in denied:
            return DENIED
        return GONE

    return expect


def _console(*, ok):
    def expect(role):
        if role is None:
            return LOGIN
        if role in NOT_STAFF:
            return DENIED
        return OK if role in ok else GONE

    return expect


objection_sees = _expect(ok=CENTRE_SEES)
objection_takes = _expect(
    ok=("admin", "office", "credit_officer"), denied=("leader", "evaluator", "company"), subject_ok=False
)
repair_sees = _expect(ok=(*CENTRE_SEES, "hp_justice"))
# withdrawing a repair still under review: let through the gate and refused for its state (400) where one may act
repair_withdraw = _expect(
    ok=("admin", "office", "hp_justice"), denied=("leader", "evaluator", "credit_officer", "company"), subject_ok=False
)
# sharing before withdrawal: refused to everyone who sees it
repair_share = _expect(ok=(), denied=(*CENTRE_SEES, "hp_justice", "company"), subject_ok=False)


def _link(role):
    if role is None:
        return LOGIN
    return OK if role in ("admin", "office", "credit_officer") else DENIED


EXPECT = {
    "credit:mine": ("get", signed_in),
    "credit:mine_record": ("get", _subject_only),
    "credit:object": ("get", _subject_only),
    "credit:apply_repair": ("get", _subject_only),
    "credit:objection": ("get", _subject_only),
    "credit:repair": ("get", _subject_only),
    "credit_console:objections": ("get", staff),
    "credit_console:objection": ("get", _console(ok=CENTRE_SEES)),
    "credit_console:objection_step": ("post", _console(ok=CENTRE_SEES)),
    "credit_console:repairs": ("get", staff),
    "credit_console:repair": ("get", _console(ok=(*CENTRE_SEES, "hp_justice"))),
    "credit_console:repair_step": ("post", _console(ok=(*CENTRE_SEES, "hp_justice"))),
    "credit_console:deletions": ("get", staff),
    "credit_console:link_account": ("get", _link),
    "api:credit-my-record-list": ("get", signed_in),
    "api:credit-my-record-detail": ("get", _subject_only),
    "api:credit-objection-list": ("get", signed_in),
    "api:credit-objection-detail": ("get", objection_sees),
    "api:credit-repair-list": ("get", signed_in),
    "api:credit-repair-detail": ("get", repair_sees),
    **workflow_steps(OBJECTION_WORKFLOW, "credit-objection", takes=objection_takes, sees=objection_sees),
    **workflow_steps(REPAIR_WORKFLOW, "credit-repair", takes=repair_withdraw, sees=repair_sees),
    "api:credit-repair-step-share": ("post", repair_share),
}


def samples(users):
    from fazhi.credit import rights
    from fazhi.credit.tests.rights_factories import company, link, record

    subject = company()
    link(users["company"], subject)
    own = record(subject)
    objection = rights.objection_submit(record=own, user=users["company"], grounds="walk: 金额有误")
    repaired = record(subject)
    repair = rights.repair_submit(
        record=repaired, user=users["company"], obligation_performed="walk: 已缴清", commitment_signed=True
    )
    pk = {"pk": own.pk}
    return {
        "credit:mine_record": pk,
        "credit:object": pk,
        "credit:apply_repair": {"pk": repaired.pk},
        "credit:objection": {"number": objection.tracking_number},
        "credit:repair": {"number": repair.tracking_number},
        "credit_console:objection": {"pk": objection.pk},
        "credit_console:objection_step": {"pk": objection.pk, "step": "uphold"},
        "credit_console:repair": {"pk": repair.pk},
        "credit_console:repair_step": {"pk": repair.pk, "step": "refuse"},
        "api:credit-my-record-detail": pk,
        "api:credit-objection-detail": {"pk": objection.pk},
        "api:credit-repair-detail": {"pk": repair.pk},
        **workflow_step_samples(OBJECTION_WORKFLOW, "credit-objection", {"pk": objection.pk}),
        **workflow_step_samples(REPAIR_WORKFLOW, "credit-repair", {"pk": repair.pk}),
    }
