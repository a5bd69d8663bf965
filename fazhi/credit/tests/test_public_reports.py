"""Reports (沪营商条例 第六十六条; 上海市社会信用条例 第三十四条): who may issue, what each kind lists, the free
own reports, verification by code and by the PDF's hash; the centre's logged look-up."""

from __future__ import annotations

import datetime as dt
import hashlib
import time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from fazhi.credit import reports
from fazhi.credit.choices import Category, QueryChannel, RecordStatus, ReportKind
from fazhi.credit.models import CreditReport, QueryLog
from fazhi.credit.tests.public_factories import link, organisation, person, record

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _period() -> tuple[dt.date, dt.date]:
    return TODAY() - dt.timedelta(days=365), TODAY()


def test_company_issues_special_report_listing_failing_records_only(demo_users):
    company = organisation()
    link(demo_users["company"], company)
    failing = record(company)
    record(company, category=Category.HONOUR, title="守合同重信用企业")
    record(company, hidden=True, status=RecordStatus.REPAIRED, title="已修复")
    record(company, decided_on=TODAY() - dt.timedelta(days=800), title="期外")
    start, end = _period()
    reports.issue_report(  # the first in a process loads WeasyPrint and the fonts
        subject=company, kind=ReportKind.OWN, period_from=start, period_to=end, user=demo_users["company"]
    )
    started = time.monotonic()
    report = reports.issue_report(
        subject=company, kind=ReportKind.SPECIAL, period_from=start, period_to=end, user=demo_users["company"]
    )
    assert time.monotonic() - started < 2  # the issue's limit: a report PDF in 2 s
    assert report.pdf[:5] == b"%PDF-"
    assert report.sha256 == hashlib.sha256(bytes(report.pdf)).hexdigest()
    assert (report.records_count, report.failing_count) == (1, 1)
    assert [r.pk for r in reports.report_records(company, ReportKind.SPECIAL, start, end)] == [failing.pk]
    assert reports.normalise_code(report.code) == report.code and len(report.code) == 19
    # the company's own look at itself is not a query by someone else
    assert not QueryLog.objects.filter(subject=company).exists()


def test_own_report_lists_everything_the_subject_may_see(demo_users):
    company = organisation()
    link(demo_users["company"], company)
    record(company)
    record(company, category=Category.HONOUR)
    record(company, hidden=True, status=RecordStatus.REPAIRED)
    record(company, status=RecordStatus.DELETED)
    start, end = _period()
    report = reports.issue_report(
        subject=company, kind=ReportKind.OWN, period_from=start, period_to=end, user=demo_users["company"]
    )
    assert (report.records_count, report.failing_count) == (3, 2)


def test_special_report_without_failing_records_says_so(demo_users):
    company = organisation()
    link(demo_users["company"], company)
    start, end = _period()
    report = reports.issue_report(
        subject=company, kind=ReportKind.SPECIAL, period_from=start, period_to=end, user=demo_users["company"]
    )
    assert report.records_count == 0 and report.pdf[:5] == b"%PDF-"


def test_stranger_may_not_issue_and_nothing_is_saved(demo_users):
    company = organisation()
    start, end = _period()
    for user in (demo_users["citizen"], demo_users["hp_justice"]):
        with pytest.raises(PermissionDenied):
            reports.issue_report(subject=company, kind=ReportKind.OWN, period_from=start, period_to=end, user=user)
    assert not CreditReport.objects.filter(subject=company).exists()


def test_centre_staff_issue_with_a_purpose_which_is_logged(demo_users):
    officer = demo_users["credit_officer"]
    subject, _number = person()
    start, end = _period()
    with pytest.raises(ValidationError):
        reports.issue_report(subject=subject, kind=ReportKind.SPECIAL, period_from=start, period_to=end, user=officer)
    report = reports.issue_report(
        subject=subject, kind=ReportKind.SPECIAL, period_from=start, period_to=end, user=officer, purpose="招标审查"
    )
    log = QueryLog.objects.get(subject=subject)
    assert (log.channel, log.purpose, log.user) == (QueryChannel.REPORT, "招标审查", officer)
    assert report.code in log.seen


@pytest.mark.parametrize(
    "start, end",
    [
        (TODAY(), TODAY() - dt.timedelta(days=1)),  # backwards
        (TODAY() - dt.timedelta(days=10), TODAY() + dt.timedelta(days=1)),  # into the future
        (TODAY() - dt.timedelta(days=6 * 366), TODAY()),  # beyond the five years of 第三十五条
        (None, TODAY()),
    ],
)
def test_bad_periods_are_refused(demo_users, start, end):
    company = organisation()
    link(demo_users["company"], company)
    with pytest.raises(ValidationError):
        reports.issue_report(
            subject=company, kind=ReportKind.OWN, period_from=start, period_to=end, user=demo_users["company"]
        )
    assert not CreditReport.objects.filter(subject=company).exists()


def test_person_gets_two_free_own_reports_a_year_then_a_refusal_naming_the_day(demo_users):
    subject, number = person("王五")
    link(demo_users["citizen"], subject)
    start, end = _period()
    for _i in range(2):
        reports.issue_report(
            subject=subject, kind=ReportKind.OWN, period_from=start, period_to=end, user=demo_users["citizen"]
        )
    with pytest.raises(ValidationError) as refused:
        reports.issue_report(
            subject=subject, kind=ReportKind.OWN, period_from=start, period_to=end, user=demo_users["citizen"]
        )
    message = " ".join(refused.value.messages)
    assert f"{TODAY().year + 1}-01-01" in message and "第三十四条" in message
    assert number not in message and "王五" not in message
    assert CreditReport.objects.filter(subject=subject).count() == 2
    # a special report is not an own report: not counted
    reports.issue_report(
        subject=subject, kind=ReportKind.SPECIAL, period_from=start, period_to=end, user=demo_users["citizen"]
    )


def test_organisations_have_no_yearly_limit(demo_users):
    company = organisation()
    link(demo_users["company"], company)
    start, end = _period()
    for _i in range(3):
        reports.issue_report(
            subject=company, kind=ReportKind.OWN, period_from=start, period_to=end, user=demo_users["company"]
        )
    assert reports.next_free_own_report(company) is None


def test_verify_by_code_and_by_hash(demo_users):
    company = organisation()
    link(demo_users["company"], company)
    start, end = _period()
    report = reports.issue_report(
        subject=company, kind=ReportKind.SPECIAL, period_from=start, period_to=end, user=demo_users["company"]
    )
    typed = report.code.replace("-", " ").lower()
    assert reports.verify(typed).report == report
    assert reports.verify(report.code, bytes(report.pdf)).unaltered is True
    altered = bytes(report.pdf).replace(b"%PDF-", b"%PDF-", 1) + b"\n%"
    assert reports.verify(report.code, altered).unaltered is False
    assert reports.verify("AAAA-AAAA-AAAA-AAAA").report is None
    assert reports.verify("' OR 1=1 --").report is None
    assert reports.verify("").report is None


def test_person_report_verifies_with_masked_name(demo_users):
    subject, _number = person("赵六")
    link(demo_users["citizen"], subject)
    start, end = _period()
    report = reports.issue_report(
        subject=subject, kind=ReportKind.OWN, period_from=start, period_to=end, user=demo_users["citizen"]
    )
    assert reports.verify(report.code).subject_name == "赵*"


def test_codes_are_random_and_well_formed():
    codes = {reports.new_code() for _i in range(200)}
    assert len(codes) == 200
    assert all(reports.normalise_code(c) == c for c in codes)
    assert reports.normalise_code("ABCD-EFGH-JKLM-NPQ0") is None  # 0 is not in the alphabet


def test_lookup_needs_centre_staff_and_purpose_and_is_logged(demo_users):
    subject, number = person("孙七")
    record(subject, disclosure="authorised")
    officer = demo_users["credit_officer"]
    with pytest.raises(PermissionDenied):
        reports.lookup(identifier=number, user=demo_users["hp_justice"], purpose="核查", channel=QueryChannel.CONSOLE)
    with pytest.raises(ValidationError):
        reports.lookup(identifier=number, user=officer, purpose=" ", channel=QueryChannel.CONSOLE)
    assert not QueryLog.objects.filter(subject=subject).exists()
    found = reports.lookup(identifier=number, user=officer, purpose="行政许可审查", channel=QueryChannel.CONSOLE)
    assert found.subject == subject and len(found.records) == 1
    log = QueryLog.objects.get(subject=subject)
    assert (log.user, log.purpose, log.channel) == (officer, "行政许可审查", QueryChannel.CONSOLE)
    assert found.records[0].source_ref in log.seen


def test_lookup_of_unknown_identifier_does_not_echo_it(demo_users):
    _subject, number = person()
    other = number[:-1] + ("0" if number[-1] != "0" else "1")
    with pytest.raises(ValidationError) as refused:
        reports.lookup(identifier=other, user=demo_users["credit_officer"], purpose="核查", channel="console")
    assert other not in " ".join(refused.value.messages)


def test_own_report_holds_list_entries_and_commitments(demo_users):
    from fazhi.credit.choices import ListKind
    from fazhi.credit.models import Commitment, ListDefinition, ListEntry
    from fazhi.orgs.models import Organisation

    company = organisation()
    link(demo_users["company"], company)
    body = Organisation.objects.get(code="310101-SCJG")
    listing = ListDefinition.objects.create(
        kind=ListKind.ABNORMAL,
        name="经营异常名录",
        body=body,
        entry_conditions="未按规定公示年度报告",
        exit_conditions="补报并公示",
        remedies="申请行政复议或提起行政诉讼",
        legal_basis="企业信息公示暂行条例第十七条",
        published=True,
    )
    start, end = _period()
    inside = ListEntry.objects.create(listing=listing, subject=company, reason="未公示年报", entered_on=end)
    ListEntry.objects.create(
        listing=listing,
        subject=company,
        reason="早已移出",
        entered_on=start - dt.timedelta(days=400),
        exited_on=start - dt.timedelta(days=10),
    )
    made = Commitment.objects.create(subject=company, body=body, matter="食品经营许可", content="如实申报", made_on=end)
    assert list(reports.report_listings(company, start, end)) == [inside]
    assert list(reports.report_commitments(company, start, end)) == [made]
    report = reports.issue_report(
        subject=company, kind=ReportKind.OWN, period_from=start, period_to=end, user=demo_users["company"]
    )
    assert report.pdf[:5] == b"%PDF-"
