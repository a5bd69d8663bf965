"""Enforcement: the public pages and the engine's endpoints are open to everyone; the console is for staff, and
its writes for those who may add or change enforcement records — over the sample's body (黄浦区城管执法局) for
record pages, others with the right elsewhere get a 404. POSTs without a body come back as messages or the form
(pages) or a 400 (API): "ok" = let in. The sample version is published, so the draft actions are refused with a
message (a published version never changes)."""

from fazhi.enforcement.workflow import REPORT_WORKFLOW
from fazhi.testing.walk import (
    AUTHORS,
    DENIED,
    GONE,
    HUANGPU_AUTHORS,
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

# Writers are the legal offices (reviewers: accounts/roles.py grants); a handler only reads enforcement records.
huangpu_writers = by_role(ok=HUANGPU_AUTHORS, gone={"xh_justice"})
writers = only(*AUTHORS)

# Reports (上海市城市管理行政执法条例 第二十六条): the sample is the citizen's report to 黄浦区城管执法局. The reporter
# follows it (anyone else: not found, the reporter is confidential); staff over the body read it, its writers
# (reviewers, and handlers of the body: accounts/roles.py) answer or transfer it.
over_body = by_role(ok=HUANGPU_READERS, gone=STAFF - set(HUANGPU_READERS))


def _reporter_only(role):
    return OK if role == "citizen" else GONE


def _reporter_or_over_body(role):
    if role is None:
        return LOGIN
    return OK if role in ("citizen", *HUANGPU_READERS) else GONE


def _over_body_takes(role):
    if role is None:
        return LOGIN
    if role in HUANGPU_AUTHORS:
        return OK
    return DENIED if role in ("citizen", *HUANGPU_READERS) else GONE


def _reporter_rates(role):
    """Only the reporter rates (the sample is not answered yet: a 400, let in); staff who see it are refused."""
    if role is None:
        return LOGIN
    if role == "citizen":
        return OK
    return DENIED if role in HUANGPU_READERS else GONE


EXPECT = {
    "enforcement:report_new": ("get", everyone),
    "enforcement:report_track": ("get", everyone),
    "enforcement:report": ("get", _reporter_only),
    "enforcement_console:reports": ("get", staff),
    "enforcement_console:report": ("get", over_body),
    "enforcement_console:report_step": ("post", over_body),
    "api:enforcement-report-list": ("get", signed_in),
    "api:enforcement-report-detail": ("get", _reporter_or_over_body),
    "api:enforcement-report-submit": ("post", everyone),  # without a body: a 400
    "api:enforcement-report-rate": ("post", _reporter_rates),
    **workflow_steps(REPORT_WORKFLOW, "enforcement-report", takes=_over_body_takes, sees=_reporter_or_over_body),
    "enforcement:home": ("get", everyone),
    "enforcement:check": ("get", everyone),
    "enforcement:body": ("get", everyone),
    "enforcement:matter": ("get", everyone),
    "enforcement:standard": ("get", everyone),
    "enforcement:list": ("get", everyone),
    "enforcement_console:matters": ("get", staff),
    "enforcement_console:matter_add": ("get", writers),
    "enforcement_console:import": ("get", writers),
    "enforcement_console:matter_edit": ("get", huangpu_writers),
    "enforcement_console:officers": ("get", staff),
    "enforcement_console:officer_add": ("get", writers),
    "enforcement_console:officer_edit": ("get", huangpu_writers),
    "enforcement_console:standards": ("get", staff),
    "enforcement_console:standard_add": ("get", writers),
    "enforcement_console:standard": ("get", staff),  # published: any member of staff may read it
    "enforcement_console:version_add": ("post", huangpu_writers),
    "enforcement_console:version": ("get", staff),
    "enforcement_console:factor_add": ("post", huangpu_writers),
    "enforcement_console:band_set": ("post", huangpu_writers),
    "enforcement_console:version_publish": ("post", huangpu_writers),
    "enforcement_console:version_delete": ("post", huangpu_writers),
    "enforcement_console:lists": ("get", staff),
    "enforcement_console:list_add": ("get", writers),
    "enforcement_console:list": ("get", staff),
    "enforcement_console:item_add": ("post", huangpu_writers),
    "api:enforcement-matter-list": ("get", everyone),
    "api:enforcement-matter-detail": ("get", everyone),
    "api:enforcement-officer-list": ("get", everyone),
    "api:enforcement-officer-detail": ("get", everyone),
    "api:enforcement-standard-list": ("get", everyone),
    "api:enforcement-standard-detail": ("get", everyone),
    "api:enforcement-list-list": ("get", everyone),
    "api:enforcement-list-detail": ("get", everyone),
    "api:enforcement-check": ("post", everyone),  # without a body: a 400
    "api:enforcement-propose": ("post", everyone),
}


def samples(users):
    import datetime as dt

    from fazhi.enforcement.models import Officer
    from fazhi.enforcement.tests.factories import (
        exemption_list,
        first_violation_item,
        sorting_matter,
        sorting_version,
    )

    matter = sorting_matter(code="WALK-1")
    version = sorting_version(matter, dt.date(2023, 1, 1))
    officer = Officer.objects.create(body=matter.body, name="步行测试", certificate_number="WALK-0001", area="外滩")
    the_list = exemption_list()
    first_violation_item(the_list, matter)
    standard = {"pk": version.standard_id}
    from fazhi.enforcement.reports import report_submit

    report = report_submit(user=users["citizen"], what="walk: 占道经营", place="南京东路", body=matter.body)
    return {
        "enforcement:report": {"number": report.tracking_number},
        "enforcement_console:report": {"pk": report.pk},
        "enforcement_console:report_step": {"pk": report.pk, "step": "answer"},
        "api:enforcement-report-detail": {"pk": report.pk},
        "api:enforcement-report-rate": {"pk": report.pk},
        **workflow_step_samples(REPORT_WORKFLOW, "enforcement-report", {"pk": report.pk}),
        "enforcement:body": {"code": matter.body.code},
        "enforcement:matter": {"pk": matter.pk},
        "enforcement:standard": standard,
        "enforcement:list": {"pk": the_list.pk},
        "enforcement_console:matter_edit": {"pk": matter.pk},
        "enforcement_console:officer_edit": {"pk": officer.pk},
        "enforcement_console:standard": standard,
        "enforcement_console:version_add": standard,
        **{
            f"enforcement_console:{name}": {"pk": version.pk}
            for name in ("version", "factor_add", "band_set", "version_publish", "version_delete")
        },
        "enforcement_console:list": {"pk": the_list.pk},
        "enforcement_console:item_add": {"pk": the_list.pk},
        "api:enforcement-matter-detail": {"pk": matter.pk},
        "api:enforcement-officer-detail": {"pk": officer.pk},
        "api:enforcement-standard-detail": standard,
        "api:enforcement-list-detail": {"pk": the_list.pk},
    }
