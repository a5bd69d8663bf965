"""Credit, public face: the landing page, search, an organisation's page, verification and their API are open to
anyone; own reports need an account; a report's PDF is for the accounts of its subject (the sample: a company
represented by the demo account ``company``) and the credit centre (others: not found); the console look-up and
reports, and the API look-up, are for the credit centre's staff (credit_officer, and office and admin above it).

(fazhi/testing/walk.py discovers ``tests/walk.py`` only: merge this table into the app's walk module.)"""

from fazhi.testing.walk import DENIED, GONE, LOGIN, OK, everyone, only, signed_in

CENTRE = ("admin", "office", "credit_officer")


def _report_readers(role):
    if role is None:
        return LOGIN
    return OK if role in (*CENTRE, "company") else GONE


def _centre_api(role):
    if role is None:
        return LOGIN
    return OK if role in CENTRE else DENIED


EXPECT = {
    "credit:home": ("get", everyone),
    "credit:search": ("get", everyone),
    "credit:subject": ("get", everyone),
    "credit:verify": ("get", everyone),
    "credit:own_reports": ("get", signed_in),
    "credit:report_pdf": ("get", _report_readers),
    "credit_console:lookup": ("get", only(*CENTRE)),
    "credit_console:reports": ("get", only(*CENTRE)),
    "api:credit-search": ("get", everyone),  # without q: a 400 saying q is required
    "api:credit-subject": ("get", everyone),
    "api:credit-verify": ("post", everyone),  # without a code: a 400
    "api:credit-report-list": ("get", signed_in),
    "api:credit-report-pdf": ("get", _report_readers),
    "api:credit-lookup": ("post", _centre_api),  # without a body: a 400 for the centre, refused for others
}


def samples(users):
    import datetime as dt

    from django.utils import timezone

    from fazhi.credit.choices import ReportKind
    from fazhi.credit.reports import issue_report
    from fazhi.credit.tests.public_factories import link, organisation, record

    company = organisation()
    link(users["company"], company)
    record(company)
    today = timezone.localdate()
    report = issue_report(
        subject=company,
        kind=ReportKind.SPECIAL,
        period_from=today - dt.timedelta(days=365),
        period_to=today,
        user=users["company"],
    )
    return {
        "credit:subject": {"key": company.key},
        "credit:report_pdf": {"pk": report.pk},
        "api:credit-subject": {"key": company.key},
        "api:credit-report-pdf": {"pk": report.pk},
    }
