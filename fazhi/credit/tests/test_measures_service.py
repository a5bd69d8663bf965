"""The check service: which published measures apply and why (上海市社会信用条例 第二十九条–第三十二条)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fazhi.credit import measures
from fazhi.credit.choices import Category, CheckMatter, ListKind, MeasureKind, MeasureTarget, RecordStatus
from fazhi.credit.models import Measure, MeasureCheck, QueryLog
from fazhi.credit.tests import measures_factories as f

pytestmark = pytest.mark.django_db

PURPOSE = "食品经营许可申请审查"


@pytest.fixture
def officer(demo_users):
    return demo_users["credit_officer"]


def test_penalty_record_makes_the_sanction_apply_with_its_citation(officer):
    subject = f.company()
    rec = f.record(subject)
    sanction = f.measure()
    incentive = f.measure(MeasureTarget.NO_FAILING)
    result = measures.check(subject, CheckMatter.PERMIT, user=officer, purpose=PURPOSE)
    assert [a.code for a in result.applied] == [sanction.code]
    assert incentive.code not in [a.code for a in result.applied]
    (reason,) = result.sanctions[0].reasons
    assert reason.source_ref == rec.source_ref
    assert reason.legal_basis == rec.legal_basis
    assert reason.item.startswith(rec.item.code)
    assert result.sanctions[0].legal_basis == sanction.legal_basis
    assert result.simplified_procedure is False


def test_trustworthy_subject_gets_the_incentive(officer):
    subject = f.company()
    f.record(subject, Category.HONOUR)  # positive information does not fail anyone
    incentive = f.measure(MeasureTarget.NO_FAILING)
    f.measure()
    result = measures.check(subject, CheckMatter.PERMIT, user=officer, purpose=PURPOSE)
    assert [a.code for a in result.incentives] == [incentive.code]
    assert result.sanctions == []
    assert result.simplified_procedure is True


def test_unpublished_measure_never_applies(officer):
    subject = f.company()
    f.record(subject)
    f.measure(published=False)
    f.measure(published_at=timezone.now() + dt.timedelta(days=1))  # published only from tomorrow
    result = measures.check(subject, CheckMatter.PERMIT, user=officer, purpose=PURPOSE)
    assert result.applied == []


def test_other_matters_measures_do_not_apply(officer):
    subject = f.company()
    f.record(subject)
    f.measure(matter=CheckMatter.TENDER)
    assert measures.check(subject, CheckMatter.PERMIT, user=officer, purpose=PURPOSE).applied == []


@pytest.mark.parametrize(
    "changes",
    [
        {"status": RecordStatus.REPAIRED},
        {"status": RecordStatus.EXPIRED},
        {"status": RecordStatus.DELETED},
        {"hidden": True},
        {"queryable_until": dt.date(2020, 1, 1)},
    ],
    ids=["repaired", "expired", "deleted", "hidden", "past its query period"],
)
def test_records_that_no_longer_count(officer, changes):
    subject = f.company()
    f.record(subject, **changes)
    f.measure()
    incentive = f.measure(MeasureTarget.NO_FAILING)
    result = measures.check(subject, CheckMatter.PERMIT, user=officer, purpose=PURPOSE)
    assert [a.code for a in result.applied] == [incentive.code]


def test_category_must_match(officer):
    subject = f.company()
    f.record(subject, Category.TAX_ARREARS)
    f.measure()  # penalties only
    any_failing = f.measure(target_category="")
    result = measures.check(subject, CheckMatter.PERMIT, user=officer, purpose=PURPOSE)
    assert [a.code for a in result.applied] == [any_failing.code]


def test_current_list_entry_applies_a_list_measure(officer):
    subject, left, unpublished = f.company(), f.company(), f.company()
    serious = f.listing(ListKind.SERIOUS)
    hidden_list = f.listing(ListKind.SERIOUS, published=False)
    f.entry(subject, serious)
    f.entry(left, serious, exited_on=timezone.localdate() - dt.timedelta(days=1))
    f.entry(unpublished, hidden_list)
    on_list = f.measure(MeasureTarget.LISTED, target_list=serious)
    f.measure(MeasureTarget.LISTED, target_list=hidden_list)
    incentive = f.measure(MeasureTarget.NO_FAILING)
    result = measures.check(subject, CheckMatter.PERMIT, user=officer, purpose=PURPOSE)
    assert [a.code for a in result.applied] == [on_list.code]
    assert result.applied[0].reasons[0].legal_basis == "上海市社会信用条例第二十五条"
    assert [a.code for a in measures.check(left, CheckMatter.PERMIT, user=officer, purpose=PURPOSE).applied] == [
        incentive.code
    ]
    # an entry on an unpublished list does not count (第二十五条: the conditions are published with the list)
    assert [a.code for a in measures.check(unpublished, CheckMatter.PERMIT, user=officer, purpose=PURPOSE).applied] == [
        incentive.code
    ]


def test_broken_commitment(officer):
    subject, old = f.company(), f.company()
    f.broken_commitment(subject)
    f.broken_commitment(old, made_on=dt.date(2015, 1, 1), assessed_on=dt.date(2015, 6, 1))
    sanction = f.measure(MeasureTarget.BROKEN_COMMITMENT, matter=CheckMatter.NOTICE_COMMITMENT)
    incentive = f.measure(MeasureTarget.NO_FAILING, matter=CheckMatter.NOTICE_COMMITMENT)
    result = measures.check(subject, CheckMatter.NOTICE_COMMITMENT, user=officer, purpose=PURPOSE)
    assert [a.code for a in result.applied] == [sanction.code]
    assert "食品经营许可告知承诺" in result.applied[0].reasons[0].text
    assert [
        a.code for a in measures.check(old, CheckMatter.NOTICE_COMMITMENT, user=officer, purpose=PURPOSE).applied
    ] == [incentive.code]


def test_every_check_is_logged_with_its_purpose(officer):
    subject = f.company()
    rec = f.record(subject)
    sanction = f.measure()
    result = measures.check(subject, CheckMatter.PERMIT, user=officer, purpose=PURPOSE)
    logged = MeasureCheck.objects.get(pk=result.check_id)
    assert (logged.user, logged.body.code, logged.purpose, logged.matter) == (
        officer,
        "31-XYZX",
        PURPOSE,
        CheckMatter.PERMIT,
    )
    assert logged.result["sanctions"] == [sanction.code]
    assert logged.result["cited"] == [rec.source_ref]
    assert not QueryLog.objects.filter(subject=subject).exists()  # an organisation: no personal query log


def test_a_natural_persons_check_is_in_their_query_log(officer):
    subject, number = f.person()
    f.record(subject)
    f.measure()
    result = measures.check(subject, CheckMatter.PERMIT, user=officer, purpose=PURPOSE)
    (query,) = QueryLog.objects.filter(subject=subject)
    assert (query.channel, query.purpose, query.user) == ("check", PURPOSE, officer)
    assert result.subject_name == "李*"
    assert number not in str(result.as_dict())
    assert number not in str(MeasureCheck.objects.get(pk=result.check_id).result)


def test_purpose_and_matter_are_required_and_nothing_is_logged(officer):
    subject = f.company()
    with pytest.raises(ValidationError) as error:
        measures.check(subject, CheckMatter.PERMIT, user=officer, purpose="  ")
    assert "purpose" in error.value.message_dict
    with pytest.raises(ValidationError):
        measures.check(subject, "lottery", user=officer, purpose=PURPOSE)
    assert not MeasureCheck.objects.filter(subject=subject).exists()


def test_only_staff_who_may_check(demo_users):
    subject = f.company()
    for name in ("citizen", "company"):
        with pytest.raises(PermissionDenied):
            measures.check(subject, CheckMatter.PERMIT, user=demo_users[name], purpose=PURPOSE)
    measures.check(subject, CheckMatter.PERMIT, user=demo_users["hp_justice"], purpose=PURPOSE)


# --- the application list --------------------------------------------------------------------------------------


def _values(**changes):
    values = {
        "code": "T-DRAFT-1",
        "kind": MeasureKind.SANCTION,
        "matter": CheckMatter.PERMIT,
        "target": MeasureTarget.FAILING_CATEGORY,
        "target_list": None,
        "target_category": Category.PENALTY,
        "means": "列为重点审查对象",
        "body": f.org("31-SCJG"),
        # the law in the test corpus; the demo cites 上海市社会信用条例 (not in the sample corpus)
        "legal_basis": "上海市优化营商环境条例第六十七条",
    }
    values.update(changes)
    return values


def test_centre_drafts_and_publishes(officer):
    draft = measures.draft_measure(user=officer, **_values())
    assert draft.published_at is None
    subject = f.company()
    f.record(subject)
    assert measures.check(subject, CheckMatter.PERMIT, user=officer, purpose=PURPOSE).applied == []
    published = measures.publish_measure(draft, user=officer)
    assert published.published_at is not None
    assert [a.code for a in measures.check(subject, CheckMatter.PERMIT, user=officer, purpose=PURPOSE).applied] == [
        "T-DRAFT-1"
    ]
    with pytest.raises(ValidationError):
        measures.publish_measure(published, user=officer)
    with pytest.raises(ValidationError):
        measures.draft_measure(user=officer, measure=published, means="改")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"legal_basis": "上海市优化营商环境条例第九百条"}, "legal_basis"),
        ({"legal_basis": "依法"}, "legal_basis"),
        ({"legal_basis": ""}, "legal_basis"),
        ({"kind": MeasureKind.INCENTIVE}, "kind"),
        ({"target": MeasureTarget.LISTED, "target_category": ""}, "target_list"),
        ({"target_category": Category.HONOUR}, "target_category"),
        ({"means": " "}, "means"),
    ],
)
def test_bad_drafts_are_refused_and_not_saved(officer, changes, field):
    with pytest.raises(ValidationError) as error:
        measures.draft_measure(user=officer, **_values(**changes))
    assert field in error.value.message_dict
    assert not Measure.objects.filter(code="T-DRAFT-1").exists()


def test_only_the_credit_centre_drafts(demo_users):
    for name in ("hp_justice", "citizen", "leader"):
        with pytest.raises(PermissionDenied):
            measures.draft_measure(user=demo_users[name], **_values())
    draft = measures.draft_measure(user=demo_users["admin"], **_values())
    with pytest.raises(PermissionDenied):
        measures.publish_measure(draft, user=demo_users["hp_justice"])


# --- the batch -------------------------------------------------------------------------------------------------


def test_batch_one_line_per_identifier_masks_persons(officer):
    failing, clean = f.company(), f.company()
    human, number = f.person()
    f.record(failing)
    f.record(human)
    sanction = f.measure()
    incentive = f.measure(MeasureTarget.NO_FAILING)
    import random

    from fazhi.publicity.demo import id_number, uscc

    rng = random.Random(99)
    stranger_code, stranger_id = uscc(rng, "310104"), id_number(rng, "310104")
    bad_id = number[:-1] + ("0" if number[-1] != "0" else "1")
    identifiers = [failing.credit_code, clean.credit_code, number, stranger_code, stranger_id, bad_id, "hello"]
    result = measures.check_batch(identifiers, CheckMatter.PERMIT, user=officer, purpose=PURPOSE)
    statuses = [line.status for line in result.lines]
    assert statuses == ["found", "found", "found", "unknown", "unknown", "invalid", "invalid"]
    assert [a.code for a in result.lines[0].applied] == [sanction.code]
    assert [a.code for a in result.lines[1].applied] == [incentive.code]
    assert result.lines[2].name == "李*"
    text = measures.write_csv(result).decode("utf-8-sig")
    for secret in (number, stranger_id, bad_id):
        assert secret not in text
    assert failing.credit_code in text and stranger_code in text
    assert MeasureCheck.objects.filter(batch=result.batch).count() == 3
    assert QueryLog.objects.filter(subject=human, channel="check").count() == 1


def test_batch_queries_do_not_grow_with_subjects(officer):
    f.measure()
    f.measure(MeasureTarget.NO_FAILING)

    def run(n):
        subjects = [f.company() for _ in range(n)]
        for s in subjects:
            f.record(s)
        with CaptureQueriesContext(connection) as queries:
            measures.check_batch([s.credit_code for s in subjects], CheckMatter.PERMIT, user=officer, purpose=PURPOSE)
        return len(queries)

    run(1)  # the user's grants and organisation, read once
    assert run(2) == run(12)


def test_batch_over_the_limit_is_refused(officer, settings):
    settings.CREDIT_CHECK_BATCH_MAX = 3
    with pytest.raises(ValidationError) as error:
        measures.check_batch(["x"] * 4, CheckMatter.PERMIT, user=officer, purpose=PURPOSE)
    assert "最多 3 个" in error.value.messages[0]
    assert not MeasureCheck.objects.exists()
    with pytest.raises(ValidationError):
        measures.read_identifiers(b"a\nb\nc\nd\n", "ids.csv")


def test_read_identifiers_csv_with_header_and_xlsx():
    assert measures.read_identifiers("证件号码\n91310101MA1FL0000X\n\n 310101199001011234 \n".encode(), "a.csv") == [
        "91310101MA1FL0000X",
        "310101199001011234",
    ]
    import io

    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["identifier"])
    book.active.append(["91310101MA1FL0000X"])
    out = io.BytesIO()
    book.save(out)
    assert measures.read_identifiers(out.getvalue(), "a.xlsx") == ["91310101MA1FL0000X"]
    with pytest.raises(ValidationError):
        measures.read_identifiers(b"not a workbook", "a.xlsx")
    with pytest.raises(ValidationError):
        measures.read_identifiers(b"", "a.csv")


def test_demo_measures_are_idempotent():
    from io import StringIO

    from fazhi.credit.measures_demo import load_demo_measures

    out = StringIO()
    load_demo_measures(out)
    first = Measure.objects.count()
    load_demo_measures(StringIO())
    assert Measure.objects.count() == first
    # the sample corpus lacks 上海市社会信用条例: those lines are skipped and said so
    assert "skipped" in out.getvalue() or first >= 8


def test_result_file_cells_never_start_a_formula(officer):
    sneaky = f.company('=HYPERLINK("http://x")有限公司')
    result = measures.check_batch([sneaky.credit_code], CheckMatter.PERMIT, user=officer, purpose=PURPOSE)
    text = measures.write_csv(result).decode("utf-8-sig")
    assert "'=HYPERLINK" in text


def test_batch_and_single_check_agree(officer):
    serious = f.listing(ListKind.SERIOUS)
    subjects = [f.company() for _ in range(5)]
    f.record(subjects[0])
    f.record(subjects[1], Category.TAX_ARREARS)
    f.entry(subjects[2], serious)
    f.broken_commitment(subjects[3])
    for rule in (
        f.measure(),
        f.measure(target_category=""),
        f.measure(MeasureTarget.LISTED, target_list=serious),
        f.measure(MeasureTarget.BROKEN_COMMITMENT),
        f.measure(MeasureTarget.NO_FAILING),
    ):
        assert rule.published_at
    batch = measures.check_batch([s.credit_code for s in subjects], CheckMatter.PERMIT, user=officer, purpose=PURPOSE)
    for subject, line in zip(subjects, batch.lines, strict=True):
        single = measures.check(subject, CheckMatter.PERMIT, user=officer, purpose=PURPOSE)
        assert [a.code for a in single.applied] == [r.code for r in line.applied]
        assert [sorted(r.source_ref or r.text for r in a.reasons if r.kind != "none") for a in single.applied] == [
            sorted(refs) for refs in line.cited
        ]


def test_relaxed_log_commit_still_logs(officer, settings):
    settings.CREDIT_CHECK_LOG_SYNCHRONOUS_COMMIT = False
    subject = f.company()
    result = measures.check(subject, CheckMatter.PERMIT, user=officer, purpose=PURPOSE)
    assert MeasureCheck.objects.filter(pk=result.check_id).exists()


def test_trustworthy_list_earns_incentives(officer):
    honoured = f.listing(ListKind.TRUSTWORTHY)
    with pytest.raises(ValidationError) as error:
        measures.draft_measure(user=officer, **_values(target=MeasureTarget.LISTED, target_list=honoured))
    assert "kind" in error.value.message_dict
    incentive = measures.draft_measure(
        user=officer, **_values(kind=MeasureKind.INCENTIVE, target=MeasureTarget.LISTED, target_list=honoured)
    )
    measures.publish_measure(incentive, user=officer)
    subject = f.company()
    f.entry(subject, honoured)
    result = measures.check(subject, CheckMatter.PERMIT, user=officer, purpose=PURPOSE)
    assert [a.code for a in result.incentives] == [incentive.code]
