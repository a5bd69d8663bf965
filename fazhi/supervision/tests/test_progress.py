"""督察督办: progress reports and their review, supervision notices, alerts with escalation, the timeline, API."""

import datetime as dt
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from fazhi.attachments.models import Attachment
from fazhi.audit.models import AuditEntry
from fazhi.notifications.models import Notification
from fazhi.orgs.models import Organisation
from fazhi.supervision.models import Alert, ProgressReport, SupervisionNotice, Task
from fazhi.supervision.services import (
    alert_acknowledge,
    notice_issue,
    notice_reply,
    report_review,
    report_submit,
    supervision_sweep,
    supervision_sweep_task,
    task_delegate,
    task_timeline,
)
from fazhi.testing.factories import PDF_BYTES, TaskFactory, TaskMilestoneFactory

pytestmark = pytest.mark.django_db


def org(code: str) -> Organisation:
    return Organisation.objects.get(code=code)


def inbox(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("title", flat=True))


@pytest.fixture
def users(demo_users):
    return demo_users


# --- reports ---------------------------------------------------------------------------------------------------


def test_report_on_another_organisations_task_is_refused_and_nothing_saved(users, client_for):
    xuhui_task = TaskFactory(lead_organisation=org("310104"))
    with pytest.raises(PermissionDenied):
        report_submit(task=xuhui_task, text="进展", percent=50, user=users["hp_justice"])
    # the street handler cannot report on the district's own task either (it is above their scope)
    hp_task = TaskFactory(lead_organisation=org("310101"))
    with pytest.raises(PermissionDenied):
        report_submit(task=hp_task, text="进展", percent=50, user=users["njdl_handler"])
    # the API: another district's task does not exist for the caller
    response = client_for("hp_justice").post(
        "/api/v1/progress-reports/",
        {"task": xuhui_task.pk, "text": "进展", "percent": 50},
        content_type="application/json",
    )
    assert response.status_code == 400 and "task" in response.json()
    # the console: the task is a 404
    response = client_for("hp_justice").post(
        f"/console/supervision/tasks/{xuhui_task.pk}/reports/", {"text": "进展", "percent": 50}
    )
    assert response.status_code == 404
    assert not ProgressReport.objects.exists()


@pytest.mark.parametrize("bad", [-1, 101, 1000])
def test_percent_outside_0_100_is_refused(users, client_for, bad):
    task = TaskFactory()
    with pytest.raises(ValidationError) as exc:
        report_submit(task=task, text="进展", percent=bad, user=users["hp_justice"])
    assert "percent" in exc.value.message_dict
    response = client_for("hp_justice").post(
        "/api/v1/progress-reports/", {"task": task.pk, "text": "进展", "percent": bad}, content_type="application/json"
    )
    assert response.status_code == 400 and "percent" in response.json()
    assert not ProgressReport.objects.exists()


def test_bad_links_and_foreign_milestones_are_refused(users):
    task, other = TaskFactory(), TaskFactory()
    with pytest.raises(ValidationError) as exc:
        report_submit(task=task, text="进展", percent=10, links="javascript:alert(1)", user=users["hp_justice"])
    assert "links" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        report_submit(
            task=task, text="进展", percent=10, milestone=TaskMilestoneFactory(task=other), user=users["hp_justice"]
        )
    assert "milestone" in exc.value.message_dict
    report = report_submit(
        task=task,
        text="进展",
        percent=10,
        links="https://www.gov.cn/zhengce/\n/laws/works/",
        user=users["hp_justice"],
    )
    assert report.link_list() == ["https://www.gov.cn/zhengce/", "/laws/works/"]
    assert ProgressReport.objects.count() == 1


def test_no_report_on_a_delegated_parent_task(users):
    parent = TaskFactory(lead_organisation=org("31-YFZS"))
    task_delegate(parent=parent, organisations=[org("310101")])
    with pytest.raises(ValidationError):
        report_submit(task=parent, text="进展", percent=50, user=users["office"])


def test_accept_applies_progress_and_milestone_and_rolls_up(users):
    parent = TaskFactory(lead_organisation=org("31-YFZS"))
    task_delegate(parent=parent, organisations=[org("310101"), org("310104")])
    child = parent.children.get(lead_organisation__code="310101")
    milestone = TaskMilestoneFactory(task=child)
    report = report_submit(task=child, text="完成调研", percent=60, milestone=milestone, user=users["hp_justice"])
    child.refresh_from_db()
    assert child.percent == 0  # a submitted report does not count yet
    assert len(inbox(users["office"])) == 1  # the supervisor's reviewers are told
    report_review(report=report, decision="accept", comment="同意", user=users["office"])
    child.refresh_from_db()
    parent.refresh_from_db()
    milestone.refresh_from_db()
    assert (child.percent, child.status) == (60, "in_progress")
    assert parent.percent == 30  # the average of 60 and 0
    assert milestone.reached_at is not None
    report.refresh_from_db()
    assert (report.status, report.reviewer, report.review_comment) == ("accepted", users["office"], "同意")
    assert len(inbox(users["hp_justice"])) >= 1
    with pytest.raises(ValidationError):  # reviewed once only
        report_review(report=report, decision="return", comment="x", user=users["office"])


def test_return_keeps_progress_and_needs_a_comment(users):
    task = TaskFactory()
    report = report_submit(task=task, text="进展", percent=80, user=users["hp_justice"])
    with pytest.raises(ValidationError):
        report_review(report=report, decision="return", comment="", user=users["office"])
    report_review(report=report, decision="return", comment="请补充证明材料", user=users["office"])
    task.refresh_from_db()
    report.refresh_from_db()
    assert task.percent == 0 and report.status == "returned"


def test_self_review_and_out_of_scope_review_are_refused(users):
    task = TaskFactory()
    report = report_submit(task=task, text="进展", percent=80, user=users["hp_justice"])
    with pytest.raises(PermissionDenied):
        report_review(report=report, decision="accept", user=users["hp_justice"])
    with pytest.raises(PermissionDenied):
        report_review(report=report, decision="accept", user=users["xh_justice"])
    with pytest.raises(PermissionDenied):
        report_review(report=report, decision="accept", user=users["njdl_handler"])
    report.refresh_from_db()
    assert report.status == "submitted"


# --- notices -----------------------------------------------------------------------------------------------------


def test_notice_reply_and_overdue_escalation(users):
    task = TaskFactory()
    with pytest.raises(PermissionDenied):  # a handler does not supervise
        notice_issue(task=task, text="请说明", reply_deadline=dt.date(2031, 1, 1), user=users["njdl_handler"])
    with pytest.raises(ValidationError):
        notice_issue(task=task, text="请说明", reply_deadline=dt.date(2000, 1, 1), user=users["office"])
    notice = notice_issue(
        task=task, text="请说明进度滞后原因", reply_deadline=dt.date(2031, 1, 1), user=users["office"]
    )
    assert any("督办" in t or "notice" in t.lower() for t in inbox(users["hp_justice"]))
    with pytest.raises(PermissionDenied):  # the issuer does not answer their own notice
        notice_reply(notice=notice, reply="x", user=users["office"])
    notice_reply(notice=notice, reply="已整改", user=users["hp_justice"])
    notice.refresh_from_db()
    assert notice.reply == "已整改" and notice.replied_by == users["hp_justice"]
    assert inbox(users["office"])
    with pytest.raises(ValidationError):
        notice_reply(notice=notice, reply="again", user=users["hp_justice"])

    # an unanswered notice past its date escalates to the supervisor (the city for a Huangpu task) at once
    late = notice_issue(task=task, text="请报告", reply_deadline=timezone.localdate(), user=users["office"])
    later = timezone.now() + dt.timedelta(days=2)
    before = len(inbox(users["office"]))
    supervision_sweep(later)
    alert = Alert.objects.get(notice=late)
    assert (alert.kind, alert.level) == ("notice_overdue", 1)
    assert len(inbox(users["office"])) == before + 1
    assert Alert.objects.filter(notice=notice).count() == 0  # the answered one raises nothing
    notice_reply(notice=late, reply="已报告", user=users["hp_justice"])
    alert.refresh_from_db()
    assert alert.resolved_at is not None


# --- the sweep ---------------------------------------------------------------------------------------------------


def test_sweep_is_idempotent_and_escalates_exactly_once(users, settings):
    settings.SUPERVISION_STALLED_DAYS = 30
    settings.SUPERVISION_ESCALATE_DAYS = 7
    today = timezone.localdate()
    overdue = TaskFactory(start_date=today - dt.timedelta(days=100), deadline=today - dt.timedelta(days=1))
    stalled = TaskFactory(start_date=today - dt.timedelta(days=60), deadline=today + dt.timedelta(days=100))
    fresh = TaskFactory(start_date=today - dt.timedelta(days=60), deadline=today + dt.timedelta(days=100))
    report = report_submit(task=fresh, text="进展", percent=20, user=users["hp_justice"])
    report_review(report=report, decision="accept", user=users["office"])
    TaskFactory(start_date=today - dt.timedelta(days=5), deadline=today + dt.timedelta(days=100))  # too new to stall

    hp_before, office_before = len(inbox(users["hp_justice"])), len(inbox(users["office"]))
    now = timezone.now()
    first = supervision_sweep(now)
    assert first.created >= 2
    assert Alert.objects.get(task=overdue).kind == "overdue"
    assert Alert.objects.get(task=stalled).kind == "stalled"
    assert not Alert.objects.filter(task=fresh).exists()
    # level 0 goes to the lead organisation's staff (Huangpu), not to the city
    assert len(inbox(users["hp_justice"])) - hp_before == first.created
    assert len(inbox(users["office"])) == office_before
    assert len(inbox(users["xh_justice"])) == 0

    count, entries = Alert.objects.count(), AuditEntry.objects.count()
    again = supervision_sweep(now)
    assert (again.created, again.escalated, again.resolved) == (0, 0, 0)
    assert (Alert.objects.count(), AuditEntry.objects.count()) == (count, entries)

    alert_acknowledge(alert=Alert.objects.get(task=stalled), user=users["hp_justice"])
    later = now + dt.timedelta(days=8)
    escalated = supervision_sweep(later)
    assert escalated.escalated == 1  # the acknowledged one stays with the organisation
    alert = Alert.objects.get(task=overdue)
    assert (alert.level, alert.escalated_at) == (1, later)
    assert len(inbox(users["office"])) == office_before + 1  # the supervisor of a Huangpu task: the city
    assert supervision_sweep(later + dt.timedelta(days=30)).escalated == 0  # once
    assert Alert.objects.get(task=stalled).level == 0


def test_escalation_goes_to_the_parent_tasks_organisation(users):
    today = timezone.localdate()
    parent = TaskFactory(lead_organisation=org("310101"), start_date=today - dt.timedelta(days=100))
    task_delegate(parent=parent, organisations=[org("310101002")])
    child = parent.children.get()
    Task.objects.filter(pk=child.pk).update(deadline=today - dt.timedelta(days=1))
    Task.objects.filter(pk=parent.pk).update(deadline=today + dt.timedelta(days=10))
    now = timezone.now()
    supervision_sweep(now)
    alert = Alert.objects.get(task=child, kind="overdue")
    assert any("超期" in t or "overdue" in t.lower() for t in inbox(users["njdl_handler"]))
    hp_before = len(inbox(users["hp_justice"]))
    office_before = len(inbox(users["office"]))
    supervision_sweep(now + dt.timedelta(days=8))
    alert.refresh_from_db()
    assert alert.level == 1
    assert len(inbox(users["hp_justice"])) == hp_before + 1  # Huangpu supervises its street's part
    assert len(inbox(users["office"])) == office_before


def test_alert_resolves_when_the_condition_clears(users):
    today = timezone.localdate()
    task = TaskFactory(start_date=today - dt.timedelta(days=100), deadline=today - dt.timedelta(days=1))
    supervision_sweep()
    report = report_submit(task=task, text="全部完成", percent=100, user=users["hp_justice"])
    report_review(report=report, decision="accept", user=users["office"])
    result = supervision_sweep()
    assert result.resolved == 1
    assert Alert.objects.get(task=task).resolved_at is not None


def test_sweep_command_and_background_task(users):
    today = timezone.localdate()
    TaskFactory(start_date=today - dt.timedelta(days=100), deadline=today - dt.timedelta(days=1))
    out = StringIO()
    call_command("supervision_sweep", stdout=out)
    assert "alerts created 1" in out.getvalue()
    result = supervision_sweep_task.enqueue()  # the immediate backend runs it now
    assert result.return_value == "alerts created 0, escalated 0, resolved 0"
    out = StringIO()
    call_command("supervision_sweep", "--enqueue", stdout=out)
    assert "queued" in out.getvalue()


# --- timeline and console ---------------------------------------------------------------------------------------


def test_timeline_shows_every_step(users, client_for):
    today = timezone.localdate()
    task = TaskFactory(start_date=today - dt.timedelta(days=100), deadline=today - dt.timedelta(days=1))
    report = report_submit(task=task, text="第一次报告", percent=30, user=users["hp_justice"])
    report_review(report=report, decision="return", comment="材料不全", user=users["office"])
    report = report_submit(task=task, text="第二次报告", percent=50, user=users["hp_justice"])
    report_review(report=report, decision="accept", user=users["office"])
    notice = notice_issue(task=task, text="加快进度", reply_deadline=today, user=users["office"])
    notice_reply(notice=notice, reply="正在推进", user=users["hp_justice"])
    supervision_sweep()
    kinds = [e.kind for e in task_timeline(task)]
    assert {"report", "review", "notice", "reply", "alert", "audit"} <= set(kinds)
    times = [e.when for e in task_timeline(task)]
    assert times == sorted(times)

    html = client_for("office").get(f"/console/supervision/tasks/{task.pk}/").content.decode()
    for text in ("第一次报告", "材料不全", "第二次报告", "加快进度", "正在推进", 'id="timeline"'):
        assert text in html


def test_console_report_with_evidence_review_notice_and_alerts(users, client_for):
    task = TaskFactory()
    hp = client_for("hp_justice")
    url = f"/console/supervision/tasks/{task.pk}/"
    response = hp.post(
        f"{url}reports/",
        {"text": "完成培训", "percent": 40, "links": "", "evidence": SimpleUploadedFile("证明.pdf", PDF_BYTES)},
    )
    assert response.status_code == 302
    report = ProgressReport.objects.get()
    assert Attachment.objects.filter(object_id=str(report.pk)).count() == 1
    # a bad evidence file refuses the whole report
    hp.post(f"{url}reports/", {"text": "x", "percent": 40, "evidence": SimpleUploadedFile("a.pdf", b"not a pdf")})
    hp.post(f"{url}reports/", {"text": "x", "percent": 140})
    assert ProgressReport.objects.count() == 1
    # hp_justice cannot review its own report; the office can
    hp.post(f"/console/supervision/reports/{report.pk}/steps/accept/", {})
    report.refresh_from_db()
    assert report.status == "submitted"
    office = client_for("office")
    html = office.get(url).content.decode()
    assert "完成培训" in html and "证明.pdf" in html
    office.post(f"/console/supervision/reports/{report.pk}/steps/accept/", {"comment": "好"})
    task.refresh_from_db()
    assert task.percent == 40

    office.post(f"{url}notices/", {"text": "请报送材料", "reply_deadline": "2031-01-01"})
    notice = SupervisionNotice.objects.get()
    hp.post(f"/console/supervision/notices/{notice.pk}/steps/reply/", {"reply": "已报送"})
    notice.refresh_from_db()
    assert notice.reply == "已报送"

    Task.objects.filter(pk=task.pk).update(deadline=timezone.localdate() - dt.timedelta(days=1))
    supervision_sweep()
    alert = Alert.objects.get(task=task)
    assert task.title in hp.get("/console/supervision/alerts/").content.decode()
    assert task.title not in client_for("xh_justice").get("/console/supervision/alerts/").content.decode()
    assert client_for("xh_justice").post(f"/console/supervision/alerts/{alert.pk}/acknowledge/").status_code == 404
    hp.post(f"/console/supervision/alerts/{alert.pk}/acknowledge/")
    alert.refresh_from_db()
    assert alert.acknowledged_by == users["hp_justice"]


# --- API ---------------------------------------------------------------------------------------------------------


def test_api_report_review_notice_reply_alert_acknowledge(users, client_for):
    task = TaskFactory()
    hp, office, xh = client_for("hp_justice"), client_for("office"), client_for("xh_justice")
    response = hp.post(
        "/api/v1/progress-reports/",
        {"task": task.pk, "text": "完成", "percent": 70, "links": "https://example.org/a"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    report_id = response.json()["id"]
    assert response.json()["status"] == "submitted"
    steps = f"/api/v1/progress-reports/{report_id}/steps/"
    assert hp.post(f"{steps}accept/", {}).status_code == 403  # one's own report
    assert xh.post(f"{steps}accept/", {}).status_code == 404
    assert office.post(f"{steps}return/", {"comment": ""}).status_code == 400  # a return says why
    response = office.post(f"{steps}accept/", {})
    assert response.status_code == 200 and response.json()["status"] == "accepted"
    task.refresh_from_db()
    assert task.percent == 70
    assert [r["id"] for r in hp.get(f"/api/v1/progress-reports/?task={task.pk}").json()["results"]] == [report_id]
    assert xh.get("/api/v1/progress-reports/").json()["count"] == 0

    # evidence through the attachments API
    upload = hp.post(
        "/api/v1/attachments/",
        {
            "file": SimpleUploadedFile("证明.pdf", PDF_BYTES),
            "target_type": "supervision.progressreport",
            "target_id": str(report_id),
        },
    )
    assert upload.status_code == 201, upload.content

    # notices: handlers may not issue; the office issues; the organisation replies
    njdl = client_for("njdl_handler")
    payload = {"task": task.pk, "text": "请说明", "reply_deadline": "2031-01-01"}
    assert njdl.post("/api/v1/supervision-notices/", payload, content_type="application/json").status_code == 403
    response = office.post("/api/v1/supervision-notices/", payload, content_type="application/json")
    assert response.status_code == 201, response.content
    notice_id = response.json()["id"]
    past = {**payload, "reply_deadline": "2001-01-01"}
    assert office.post("/api/v1/supervision-notices/", past, content_type="application/json").status_code == 400
    reply = f"/api/v1/supervision-notices/{notice_id}/steps/reply/"
    assert office.post(reply, {"reply": "x"}).status_code == 403
    assert hp.post(reply, {"reply": ""}).status_code == 400
    response = hp.post(reply, {"reply": "已办"})
    assert response.status_code == 200 and response.json()["reply"] == "已办"

    Task.objects.filter(pk=task.pk).update(deadline=timezone.localdate() - dt.timedelta(days=1))
    supervision_sweep()
    alerts = hp.get("/api/v1/alerts/").json()["results"]
    assert [a["kind"] for a in alerts] == ["overdue"]
    assert xh.get("/api/v1/alerts/").json()["count"] == 0
    assert client_for("leader").post(f"/api/v1/alerts/{alerts[0]['id']}/acknowledge/").status_code == 403
    response = hp.post(f"/api/v1/alerts/{alerts[0]['id']}/acknowledge/")
    assert response.status_code == 200 and response.json()["acknowledged_at"]


def test_overdue_and_stalled_mean_the_same_to_the_sweep_the_dashboard_and_the_indicator(users, settings):
    """One definition (``supervision.models.overdue_q``/``stalled_q``): the sweep's alerts, the queryset methods,
    the dashboard's counts and the on-schedule indicator's conditions pick the same tasks."""
    from django.db.models import Count

    from fazhi.supervision.dashboard import late_q
    from fazhi.supervision.indicators import on_schedule_q

    settings.SUPERVISION_STALLED_DAYS = 30
    today = timezone.localdate()
    long_ago, soon = today - dt.timedelta(days=60), today + dt.timedelta(days=100)
    overdue = TaskFactory(start_date=long_ago, deadline=today - dt.timedelta(days=1))
    TaskFactory(start_date=long_ago, deadline=today - dt.timedelta(days=1), status="done")  # late but done
    stalled = TaskFactory(start_date=long_ago, deadline=soon)
    fresh = TaskFactory(start_date=long_ago, deadline=soon)
    report_review(report=report_submit(task=fresh, text="进展", percent=20, user=users["hp_justice"]),
                  decision="accept", user=users["office"])  # fmt: skip
    TaskFactory(start_date=today - dt.timedelta(days=5), deadline=soon)  # too new to stall
    parent = TaskFactory(start_date=long_ago, deadline=soon)  # delegated: its child's work, not its own
    child = TaskFactory(start_date=long_ago, deadline=soon, parent=parent)

    supervision_sweep(timezone.now())
    alerts = {
        kind: set(Alert.objects.filter(kind=kind).values_list("task_id", flat=True)) for kind in ("overdue", "stalled")
    }
    assert alerts == {"overdue": {overdue.pk}, "stalled": {stalled.pk, child.pk}}
    assert set(Task.objects.overdue(today).values_list("pk", flat=True)) == alerts["overdue"]
    assert set(Task.objects.stalled(today).values_list("pk", flat=True)) == alerts["stalled"]

    leaves = Task.objects.filter(children__isnull=True)
    for overdue_q, stalled_q in (late_q(today), on_schedule_q(today)):
        assert set(leaves.filter(overdue_q).values_list("pk", flat=True)) == alerts["overdue"]
        assert set(leaves.filter(stalled_q).values_list("pk", flat=True)) == alerts["stalled"]
        counts = leaves.aggregate(overdue=Count("pk", filter=overdue_q), stalled=Count("pk", filter=stalled_q))
        assert counts == {"overdue": 1, "stalled": 2}


def test_timeline_shows_people_field_labels_and_actions_in_chinese(users, client_for):
    """Issue #20 (3): the audit lines read 「任务记录:修改 · 依法治市办 督办员 · 变更内容:完成时限」, never
    ``demo.year`` or ``created_at, created_by_id, deadline``."""
    from fazhi.core.context import acting

    office = users["office"]
    with acting(user=office, source="web"):
        task = TaskFactory()
        task.deadline = task.deadline + dt.timedelta(days=30)
        task.save()
    with acting(user=office, source="cli", action="demo.year"):
        task.percent = 10
        task.save()
    html = client_for("office").get(f"/console/supervision/tasks/{task.pk}/").content.decode()
    timeline = html[html.index('id="timeline"') :]
    timeline = timeline[: timeline.index("</ol>")]
    for internal in ("demo.year", "created_at", "created_by_id", "deadline", "percent", "Audit:", "审计:"):
        assert internal not in timeline
    assert "任务记录:新建" in timeline and "任务记录:修改" in timeline
    assert "完成时限" in timeline  # the label of ``deadline``
    assert str(office) in timeline  # the person's name
