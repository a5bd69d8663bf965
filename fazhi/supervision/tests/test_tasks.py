"""Tasks: validation, delegation down the hierarchy with roll-up, scope, Excel round trip, API."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from openpyxl import Workbook, load_workbook

from fazhi.notifications.models import Notification
from fazhi.orgs.models import Organisation
from fazhi.supervision.excel import COLUMNS, export_tasks, import_tasks
from fazhi.supervision.models import Measure, Plan, Task
from fazhi.supervision.services import task_create, task_delegate, task_save, task_update_progress
from fazhi.testing.factories import TaskFactory, TaskMilestoneFactory

pytestmark = pytest.mark.django_db


def org(code: str) -> Organisation:
    return Organisation.objects.get(code=code)


def measure(number: int) -> Measure:
    return Measure.objects.get(plan=Plan.objects.main(), number=number)


def city_task(**kwargs) -> Task:
    return task_create(
        measure=measure(29),
        title=kwargs.pop("title", "开展年度法治社会建设考核"),
        lead_organisation=org("31-YFZS"),
        start_date=dt.date(2025, 1, 1),
        deadline=kwargs.pop("deadline", dt.date(2030, 12, 31)),
        **kwargs,
    )


def test_percent_and_dates_are_validated():
    task = TaskFactory()
    for bad in (-1, 101, 250):
        with pytest.raises(ValidationError) as exc:
            task_update_progress(task=task, percent=bad)
        assert "percent" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        task_create(
            measure=measure(29),
            title="x",
            lead_organisation=org("310101"),
            start_date=dt.date(2025, 6, 1),
            deadline=dt.date(2025, 5, 1),
        )
    assert "deadline" in exc.value.message_dict
    with pytest.raises(ValidationError):
        task_update_progress(task=task, percent=50, status="done")
    task_update_progress(task=task, percent=30)
    task.refresh_from_db()
    assert (task.percent, task.status) == (30, "in_progress")
    task_update_progress(task=task, percent=100)
    task.refresh_from_db()
    assert task.status == "done"


def test_overdue_is_derived():
    late = TaskFactory(deadline=dt.date(2025, 1, 31))
    assert late.is_overdue and late.display_status == "overdue"
    assert Task.objects.overdue().filter(pk=late.pk).exists()
    task_update_progress(task=late, percent=100)
    assert not late.is_overdue


def test_delegation_outside_the_subtree_and_circular_delegation_are_refused():
    huangpu = TaskFactory(lead_organisation=org("310101"))
    with pytest.raises(ValidationError) as exc:
        task_delegate(parent=huangpu, organisations=[org("310104003"), org("310101002")])
    assert "organisations" in exc.value.message_dict
    assert not huangpu.children.exists()  # nothing half-saved: the valid street got no task either
    with pytest.raises(ValidationError):
        task_delegate(parent=huangpu, organisations=[org("310101")])  # itself

    child = task_delegate(parent=huangpu, organisations=[org("310101002")]).created[0]
    huangpu.parent = child
    with pytest.raises(ValidationError) as exc:
        huangpu.full_clean()
    assert "parent" in exc.value.message_dict
    child.parent = child
    with pytest.raises(ValidationError):
        child.full_clean()


def test_delegate_to_all_districts_in_one_call_with_rollup(demo_users):
    task = city_task()
    districts = list(Organisation.objects.filter(kind="district"))
    assert len(districts) == 16
    result = task_delegate(parent=task, organisations=districts, user=demo_users["office"])
    assert len(result.created) == 16 and task.children.count() == 16
    again = task_delegate(parent=task, organisations=districts[:3], user=demo_users["office"])
    assert again.created == [] and len(again.existing) == 3  # idempotent
    huangpu_child = next(t for t in result.created if t.lead_organisation.code == "310101")
    notified = Notification.objects.filter(url=huangpu_child.get_absolute_url())
    assert notified.filter(recipient=demo_users["hp_justice"]).exists()
    assert not notified.filter(recipient=demo_users["xh_justice"]).exists()

    children = {c.lead_organisation.code: c for c in task.children.all()}
    task_update_progress(task=children["310101"], percent=100)
    task_update_progress(task=children["310104"], percent=60)
    task.refresh_from_db()
    rollup = task.rollup()
    assert rollup["count"] == 16 and rollup["done"] == 1 and rollup["in_progress"] == 1 and rollup["planned"] == 14
    assert rollup["average"] == round(160 / 16) == task.percent and task.status == "in_progress"
    with pytest.raises(ValidationError):
        task_update_progress(task=task, percent=50)  # the parent's progress is its children's

    streets = list(Organisation.objects.filter(parent__code="310101", kind="street")[:2])
    task_delegate(parent=children["310101"], organisations=streets, user=demo_users["hp_justice"])
    assert children["310101"].children.count() == 2


def test_delegation_needs_rights_over_parent_and_children(demo_users):
    task = city_task()
    with pytest.raises(PermissionDenied):
        task_delegate(parent=task, organisations=[org("310101")], user=demo_users["hp_justice"])
    huangpu = TaskFactory(lead_organisation=org("310101-SFJ"))
    with pytest.raises(PermissionDenied):
        task_delegate(parent=huangpu, organisations=[org("310101002")], user=demo_users["xh_justice"])
    created = task_delegate(parent=huangpu, organisations=[org("310101002")], user=demo_users["hp_justice"]).created
    assert created[0].lead_organisation.code == "310101002"  # a body's task goes down its district's tree


def test_scope_huangpu_sees_its_tasks_not_xuhui(client_for):
    hp_task = TaskFactory(lead_organisation=org("310101"), title="黄浦任务")
    xh_task = TaskFactory(lead_organisation=org("310104"), title="徐汇任务")
    hp = client_for("hp_justice")
    html = hp.get("/console/supervision/tasks/").content.decode()
    assert "黄浦任务" in html and "徐汇任务" not in html
    titles = {t["title"] for t in hp.get("/api/v1/tasks/?page_size=200").json()["results"]}
    assert "黄浦任务" in titles and "徐汇任务" not in titles
    assert hp.get(f"/console/supervision/tasks/{xh_task.pk}/").status_code == 404
    assert hp.get(f"/api/v1/tasks/{xh_task.pk}/").status_code == 404
    xh = client_for("xh_justice")
    assert xh.get(f"/console/supervision/tasks/{hp_task.pk}/").status_code == 404
    office = client_for("office")
    titles = {t["title"] for t in office.get("/api/v1/tasks/?page_size=200").json()["results"]}
    assert {"黄浦任务", "徐汇任务"} <= titles
    assert client_for("citizen").get("/api/v1/tasks/").status_code == 403
    assert client_for("citizen").get("/plan/measures/29/").status_code == 200


def test_console_filters(client_for):
    TaskFactory(lead_organisation=org("310101002"), title="街道任务", deadline=dt.date(2025, 2, 1))
    TaskFactory(lead_organisation=org("310104"), title="按期任务")
    office = client_for("office")
    html = office.get("/console/supervision/tasks/?organisation=310101&overdue=true").content.decode()
    assert "街道任务" in html and "按期任务" not in html
    html = office.get("/console/supervision/tasks/?measure=29&status=planned&overdue=false").content.decode()
    assert "按期任务" in html and "街道任务" not in html


def test_console_create_edit_and_delegate(client_for):
    office = client_for("office")
    response = office.post(
        "/console/supervision/tasks/add/",
        {
            "measure": measure(27).pk,
            "title": "统筹协调法治社会建设",
            "lead_organisation": "31-YFZS",
            "co_organisations": "上海市司法局",  # picked (or typed) by name
            "start_date": "2025-01-01",
            "deadline": "2025-12-31",
            "status": "planned",
            "percent": "0",
        },
    )
    task = Task.objects.get(title="统筹协调法治社会建设")
    assert response.status_code == 302 and list(task.co_organisations.values_list("code", flat=True)) == ["31-SFJ"]
    bad = office.post(
        f"/console/supervision/tasks/{task.pk}/edit/",
        {
            "measure": measure(27).pk,
            "title": task.title,
            "lead_organisation": task.lead_organisation.code,
            "start_date": "2025-01-01",
            "deadline": "2024-12-31",
            "status": "planned",
            "percent": "120",
        },
    )
    assert bad.status_code == 200 and Task.objects.get(pk=task.pk).deadline == dt.date(2025, 12, 31)
    page = office.get(f"/console/supervision/tasks/{task.pk}/delegate/").content.decode()
    assert "黄浦区" in page and "徐汇区" in page
    response = office.post(f"/console/supervision/tasks/{task.pk}/delegate/", {"all_listed": "on"})
    assert response.status_code == 302 and task.children.count() == 16
    hp = client_for("hp_justice")
    assert hp.get(f"/console/supervision/tasks/{task.pk}/delegate/").status_code == 404
    hp_child = task.children.get(lead_organisation__code="310101")
    response = hp.post(
        f"/console/supervision/tasks/{hp_child.pk}/milestones/", {"title": "制定方案", "due_date": "2025-03-31"}
    )
    milestone = hp_child.milestones.get()
    hp.post(f"/console/supervision/milestones/{milestone.pk}/reached/")
    milestone.refresh_from_db()
    assert milestone.reached_at is not None
    assert client_for("xh_justice").post(f"/console/supervision/milestones/{milestone.pk}/reached/").status_code == 404


def _workbook(rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_excel_round_trip_changes_nothing(demo_users):
    task = city_task(co_organisations=[org("31-SFJ"), org("31-GY")])
    task_delegate(parent=task, organisations=list(Organisation.objects.filter(kind="district")[:3]))
    task_update_progress(task=task.children.first(), percent=100)
    TaskMilestoneFactory(task=task)
    before = {t.pk: (t.status, t.percent, t.updated_at) for t in Task.objects.all()}
    content = export_tasks(Task.objects.restrict(demo_users["office"]))
    sheet = load_workbook(io.BytesIO(content)).active
    assert [c.value for c in sheet[1]][: len(COLUMNS)] == list(COLUMNS)
    assert sheet.max_row == 1 + len(before)
    report = import_tasks(content, user=demo_users["office"])
    assert (report.created, report.updated, report.skipped) == (0, 0, [])
    assert report.unchanged == len(before)
    assert {t.pk: (t.status, t.percent, t.updated_at) for t in Task.objects.all()} == before


def test_excel_import_creates_updates_and_reports_bad_rows(demo_users):
    existing = TaskFactory(lead_organisation=org("310101"), title="已有任务")
    content = _workbook(
        [
            [29, "新任务", "310101", "310101-SFJ、310101002", "2025-01-01", "2025-12-31", "in_progress", 20],
            [29, "已有任务", "310101", "", dt.date(2025, 1, 1), dt.date(2030, 12, 31), "planned", 10],
            [29, "未知机构任务", "NOPE", "", "2025-01-01", "2025-12-31", "planned", 0],
            [29, "未知协办任务", "310101", "310101,NOPE2", "2025-01-01", "2025-12-31", "planned", 0],
            [29, "越权任务", "310104", "", "2025-01-01", "2025-12-31", "planned", 0],
            [99, "未知措施", "310101", "", "2025-01-01", "2025-12-31", "planned", 0],
            [29, "坏日期", "310101", "", "2025-13-01", "2025-12-31", "planned", 0],
            [29, "倒日期", "310101", "", "2025-12-01", "2025-01-31", "planned", 0],
            [29, "坏百分比", "310101", "", "2025-01-01", "2025-12-31", "planned", 150],
        ]
    )
    with translation.override("en"):
        report = import_tasks(content, user=demo_users["hp_justice"])
    assert (report.created, report.updated) == (1, 1), report.skipped
    assert len(report.skipped) == 7
    assert "NOPE" in report.skipped[0] and "NOPE2" in report.skipped[1]
    assert "outside your scope" in report.skipped[2]
    for title in ("未知机构任务", "未知协办任务", "越权任务", "未知措施", "坏日期", "倒日期", "坏百分比"):
        assert not Task.objects.filter(title=title).exists()
    new = Task.objects.get(title="新任务")
    assert set(new.co_organisations.values_list("code", flat=True)) == {"310101-SFJ", "310101002"}
    existing.refresh_from_db()
    assert existing.percent == 10 and existing.status == "in_progress"
    again = import_tasks(content, user=demo_users["hp_justice"])
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    with pytest.raises(ValidationError):
        import_tasks(b"not a workbook", user=demo_users["hp_justice"])


def test_excel_export_and_import_views(client_for):
    TaskFactory(lead_organisation=org("310101"), title="黄浦导出")
    TaskFactory(lead_organisation=org("310104"), title="徐汇导出")
    response = client_for("hp_justice").get("/console/supervision/tasks/export.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    titles = [
        row[1] for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=2, values_only=True)
    ]
    assert "黄浦导出" in titles and "徐汇导出" not in titles
    upload = io.BytesIO(response.content)
    upload.name = "tasks.xlsx"
    page = client_for("hp_justice").post("/console/supervision/tasks/import/", {"file": upload}).content.decode()
    assert "unchanged" in page or "未变" in page


def test_api_create_update_and_delegate(client_for):
    office = client_for("office")
    payload = {
        "measure": 26,
        "title": "强化组织领导",
        "lead_organisation": "31-YFZS",
        "co_organisations": ["31-SFJ"],
        "start_date": "2025-01-01",
        "deadline": "2025-12-31",
    }
    response = office.post("/api/v1/tasks/", payload, content_type="application/json")
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    bad = office.patch(f"/api/v1/tasks/{pk}/", {"percent": 101}, content_type="application/json")
    assert bad.status_code == 400
    bad = office.patch(f"/api/v1/tasks/{pk}/", {"deadline": "2024-01-01"}, content_type="application/json")
    assert bad.status_code == 400
    duplicate = office.post("/api/v1/tasks/", payload, content_type="application/json")
    assert duplicate.status_code == 400
    response = office.post(
        f"/api/v1/tasks/{pk}/delegate/", {"organisations": ["310101", "310104"]}, content_type="application/json"
    )
    assert response.status_code == 201 and len(response.json()["created"]) == 2
    outside = office.post(
        f"/api/v1/tasks/{pk}/delegate/", {"organisations": ["31-SFJ"]}, content_type="application/json"
    )
    assert outside.status_code == 201  # a city body is under the city: allowed
    assert office.get(f"/api/v1/tasks/{pk}/").json()["rollup"]["count"] == 3
    assert office.get("/api/v1/tasks/?organisation=310101").json()["count"] == 1

    hp = client_for("hp_justice")
    payload = {**payload, "lead_organisation": "310104", "title": "越权"}
    assert hp.post("/api/v1/tasks/", payload, content_type="application/json").status_code == 403
    assert (
        hp.post(
            f"/api/v1/tasks/{pk}/delegate/", {"organisations": ["310101"]}, content_type="application/json"
        ).status_code
        == 404
    )
    assert client_for("leader").post("/api/v1/tasks/", payload, content_type="application/json").status_code == 403
    assert client_for(None).get("/api/v1/tasks/").status_code in (401, 403)
    assert not Task.objects.filter(title="越权").exists()


def test_task_save_checks_scope(demo_users):
    task = Task(
        measure=measure(29),
        title="t",
        lead_organisation=org("310104"),
        start_date=dt.date(2025, 1, 1),
        deadline=dt.date(2025, 2, 1),
    )
    with pytest.raises(PermissionDenied):
        task_save(task=task, user=demo_users["hp_justice"])
    assert task.pk is None
