"""Credit, records part (to be merged into ``fazhi/credit/tests/walk.py``: the permission walk imports only that
module). The public lists page and the published catalogue (API) are open to all; the console and the records,
subjects API are for staff with the credit grants (handlers and reviewers write, leaders and evaluators read); the
sample record and commitment belong to 黄浦区市场监管局, so staff over other districts or a street do not find them;
the catalogue, pilot codes and subject import are the credit centre's (its staff, and city-wide reviewers)."""

from fazhi.testing.walk import DENIED, GONE, LOGIN, OK, everyone

#: Hold the credit grants somewhere (accounts/roles via records.register()).
CREDIT_READERS = (
    "admin",
    "office",
    "leader",
    "evaluator",
    "hp_justice",
    "xh_justice",
    "njdl_handler",
    "credit_officer",
)
CREDIT_WRITERS = ("admin", "office", "hp_justice", "xh_justice", "njdl_handler", "credit_officer")
#: Over the credit centre (31-XYZX): the catalogue and pilot codes.
CENTRE_WRITERS = ("admin", "office", "credit_officer")
#: Over the sample's providing body (310101-SCJG), or over every body as the credit centre.
OVER_SAMPLE = ("admin", "office", "leader", "evaluator", "hp_justice", "credit_officer")


def _among(allowed, *, gone=()):
    def expect(role):
        if role is None:
            return LOGIN
        if role in allowed:
            return OK
        return GONE if role in gone else DENIED

    return expect


readers = _among(CREDIT_READERS)
writers = _among(CREDIT_WRITERS)
centre = _among(CENTRE_WRITERS)
over_sample = _among(OVER_SAMPLE, gone=("xh_justice", "njdl_handler"))
writes_sample = _among(("admin", "office", "hp_justice", "credit_officer"), gone=("xh_justice", "njdl_handler"))

EXPECT = {
    "credit:lists": ("get", everyone),
    "credit:catalogue": ("get", everyone),
    "credit_console:records": ("get", readers),
    "credit_console:record": ("get", over_sample),
    "credit_console:record_delete": ("post", writes_sample),  # not revoked: a message on the record's page
    "credit_console:import": ("get", writers),
    "credit_console:catalogues": ("get", readers),
    "credit_console:catalogue": ("get", readers),
    "credit_console:catalogue_action": ("post", centre),  # publishing the published version: a message
    "credit_console:subjects": ("get", readers),
    "credit_console:subject_detail": ("get", readers),
    "credit_console:pilot_codes": ("get", readers),
    "credit_console:lists": ("get", readers),
    "credit_console:list": ("get", readers),
    "credit_console:list_exit": ("post", writers),  # without a reason: a message (listing body checked then)
    "credit_console:commitments": ("get", readers),
    "credit_console:commitment_assess": ("post", writes_sample),  # without a finding: a message
    "api:credit-catalogue-item-list": ("get", everyone),
    "api:credit-catalogue-item-detail": ("get", everyone),
    "api:credit-subject-list": ("get", readers),
    "api:credit-subject-detail": ("get", readers),
    "api:credit-record-list": ("get", readers),
    "api:credit-record-detail": ("get", over_sample),
}


def samples(users):
    import random

    from fazhi.credit.lists import add_entry, record_commitment
    from fazhi.credit.models import ListDefinition
    from fazhi.credit.tests.records_factories import record
    from fazhi.orgs.models import Organisation
    from fazhi.publicity.demo import uscc

    # A subject of its own: the other parts' samples draw codes from generators seeded alike, and this one is listed.
    made = record(
        provider="310101-SCJG",
        source_system="walk",
        subject_name="上海走查样本贸易有限公司",
        credit_code=uscc(random.Random(20261207), "310101"),
    )
    centre = Organisation.objects.get(code="31-XYZX")
    listing = ListDefinition.objects.create(
        kind="serious",
        name="walk",
        body=centre,
        entry_conditions="e",
        exit_conditions="x",
        remedies="r",
        legal_basis="上海市社会信用条例第二十五条",
        published=True,
    )
    entry = add_entry(listing, made.subject, reason="walk", user=None)
    promise = record_commitment(
        made.subject, body=made.provider, matter="walk", content="walk", made_on=None, user=None
    )
    pk = {"pk": made.pk}
    return {
        "credit_console:record": pk,
        "credit_console:record_delete": pk,
        "credit_console:catalogue": {"pk": made.item.catalogue_id},
        "credit_console:catalogue_action": {"pk": made.item.catalogue_id, "action": "publish"},
        "credit_console:subject_detail": {"pk": made.subject_id},
        "credit_console:list": {"pk": listing.pk},
        "credit_console:list_exit": {"pk": entry.pk},
        "credit_console:commitment_assess": {"pk": promise.pk},
        "api:credit-catalogue-item-detail": {"code": made.item.code},
        "api:credit-subject-detail": {"pk": made.subject_id},
        "api:credit-record-detail": pk,
    }
