"""Supervision on the workflow declaration: refusals audited as ``step_refused``, the notice's reply clock agreeing
with its reply date, the review clock, and the stalled rule following the time-limit setting."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from fazhi.audit.models import AuditEntry
from fazhi.orgs.models import Organisation
from fazhi.supervision.models import Task, stalled_days
from fazhi.supervision.services import (
    notice_issue,
    notice_reply,
    report_accept,
    report_return,
    report_submit,
    supervision_sweep,
)
from fazhi.supervision.workflow import NOTICE_CLOCK, REVIEW_CLOCK
from fazhi.testing.factories import TaskFactory
from fazhi.workflow.calendar import calendar
from fazhi.workflow.clocks import clock_named
from fazhi.workflow.services import clock_setting_save

pytestmark = pytest.mark.django_db


def refusals(obj) -> list[AuditEntry]:
    kind = ContentType.objects.get_for_model(obj)
    return list(AuditEntry.objects.filter(action="step_refused", content_type=kind, object_id=str(obj.pk)))


def test_wrong_role_and_wrong_state_are_refused_and_audited(demo_users):
    task = TaskFactory(lead_organisation=Organisation.objects.get(code="310101"))
    report = report_submit(task=task, text="进展", percent=30, user=demo_users["hp_justice"])
    assert report.clock == REVIEW_CLOCK and report.due_at is not None  # the review clock runs
    with pytest.raises(PermissionDenied):  # one's own report
        report_accept(report=report, user=demo_users["hp_justice"])
    with pytest.raises(PermissionDenied):  # a handler does not review
        report_accept(report=report, user=demo_users["njdl_handler"])
    assert [e.message.split(":")[0] for e in refusals(report)] == ["accept", "accept"]
    report_accept(report=report, user=demo_users["office"])
    report.refresh_from_db()
    assert (report.status, report.clock, report.due_at) == ("accepted", "", None)
    with pytest.raises(ValidationError):  # already reviewed: the state refuses
        report_return(report=report, user=demo_users["office"], comment="再看看")
    assert sorted(e.message.split(":")[0] for e in refusals(report)) == ["accept", "accept", "return"]

    notice = notice_issue(task=task, text="请说明", reply_deadline=dt.date(2031, 3, 3), user=demo_users["office"])
    with pytest.raises(PermissionDenied):  # the issuer does not answer
        notice_reply(notice=notice, reply="x", user=demo_users["office"])
    notice_reply(notice=notice, reply="已办", user=demo_users["hp_justice"])
    with pytest.raises(ValidationError):
        notice_reply(notice=notice, reply="again", user=demo_users["hp_justice"])
    assert len(refusals(notice)) == 2
    notice.refresh_from_db()
    assert notice.status == "replied" and notice.due_at is None


def test_the_notice_clock_ends_on_the_chosen_reply_date(demo_users):
    task = TaskFactory()
    today = timezone.localdate()
    for days in (0, 1, 9, 30):
        chosen = today + dt.timedelta(days=days)
        notice = notice_issue(task=task, text="请报告", reply_deadline=chosen, user=demo_users["office"])
        assert notice.clock == NOTICE_CLOCK and notice.clock_amount == days
        due = timezone.localdate(notice.due_at)
        if calendar().end_of_calendar_period(today, days).day == chosen:  # not a statutory holiday
            assert due == chosen == notice.reply_deadline == notice.reply_by
        else:  # 民法典 第二百零三条: the day after the holiday, and the notice says so
            assert due > chosen and notice.reply_deadline == due
    # the sweep and the page agree with the date: overdue only after it
    notice = notice_issue(task=task, text="请报告", reply_deadline=today, user=demo_users["office"])
    supervision_sweep(timezone.now())
    assert not notice.alerts.exists() and not notice.is_overdue
    supervision_sweep(notice.due_at + dt.timedelta(seconds=2))
    assert notice.alerts.get().kind == "notice_overdue"


def test_a_notice_issued_on_a_holiday_eve_is_due_after_the_holiday(demo_users, monkeypatch):
    """Choosing 国庆节 (a named holiday) as the reply date gives the day after it."""
    task = TaskFactory()
    start = timezone.make_aware(dt.datetime(2024, 9, 20, 10))
    monkeypatch.setattr(timezone, "now", lambda: start)
    notice = notice_issue(
        task=task, text="请报告", reply_deadline=dt.date(2024, 10, 3), user=demo_users["office"], today=start.date()
    )
    assert notice.reply_deadline == timezone.localdate(notice.due_at) == dt.date(2024, 10, 8)


def test_the_stalled_rule_follows_the_time_limit_setting(demo_users, settings):
    task = TaskFactory(start_date=timezone.localdate() - dt.timedelta(days=20))
    assert stalled_days() == clock_named("supervision.progress_report").duration.amount == 30
    assert not Task.objects.stalled().filter(pk=task.pk).exists()
    clock_setting_save(
        clock=clock_named("supervision.progress_report"),
        amount=14,
        emergency_amount=None,
        reason="督察督办提速",
        user=demo_users["office"],
    )
    assert stalled_days() == 14
    assert Task.objects.stalled().filter(pk=task.pk).exists()
    supervision_sweep()
    assert task.alerts.get().kind == "stalled"


def test_the_time_limit_page_lists_the_supervision_clocks_as_policy(client):
    html = client.get("/console/time-limits/").content.decode()
    for key in (REVIEW_CLOCK, NOTICE_CLOCK, "supervision.progress_report"):
        assert key in html or str(clock_named(key).label) in html
