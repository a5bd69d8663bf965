"""Selections for the white paper: service rules, order, console pages, API, the download button, permissions."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fazhi.audit.models import AuditEntry
from fazhi.laws.models import TypicalCase
from fazhi.orgs.models import Organisation
from fazhi.reports.models import Selection
from fazhi.reports.services import selection_move, selection_save
from fazhi.reports.tests.factories import SelectionFactory
from fazhi.supervision.models import Measure
from fazhi.testing.factories import TaskFactory

pytestmark = pytest.mark.django_db


def practice(**fields) -> Selection:
    values = {
        "year": 2025,
        "kind": "practice",
        "title": "“法治体检”进园区",
        "organisation": Organisation.objects.get(code="310101"),
        "summary": "组织律师为企业开展法治体检。",
    }
    return Selection(**{**values, **fields})


def test_save_appends_in_order_and_is_audited(demo_users):
    office = demo_users["office"]
    first = selection_save(selection=practice(), user=office)
    second = selection_save(selection=practice(title="第二项"), user=office)
    case = selection_save(selection=Selection(year=2025, kind="case", case=TypicalCase.objects.first()), user=office)
    assert (first.order, second.order, case.order) == (1, 2, 1)
    assert AuditEntry.objects.filter(object_id=str(first.pk), action="create").exists()
    selection_move(selection=second, offset=-1, user=office)
    assert list(Selection.objects.filter(kind="practice").values_list("title", flat=True)) == ["第二项", first.title]
    selection_move(selection=second, offset=-1, user=office)  # already first: stays
    assert Selection.objects.get(pk=second.pk).order == 1


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": "  "}, "title"),
        ({"summary": ""}, "summary"),
        ({"organisation": None}, "organisation"),
        ({"year": 2019}, "year"),
        ({"year": 2099}, "year"),
        ({"kind": "case"}, "case"),
    ],
)
def test_bad_selections_are_refused_and_nothing_saved(demo_users, fields, field):
    with pytest.raises(ValidationError) as raised:
        selection_save(selection=practice(**fields), user=demo_users["office"])
    assert field in raised.value.message_dict
    assert not Selection.objects.exists()


def test_a_task_of_another_measure_is_refused_and_the_measure_follows_the_task(demo_users):
    task = TaskFactory()  # measure 29
    with pytest.raises(ValidationError) as raised:
        selection_save(selection=practice(task=task, measure=Measure.objects.get(number=4)), user=demo_users["office"])
    assert list(raised.value.message_dict) == ["task"]
    saved = selection_save(selection=practice(task=task), user=demo_users["office"])
    assert saved.measure.number == 29


def test_a_case_is_selected_once_a_year(demo_users):
    case = TypicalCase.objects.first()
    selection_save(selection=Selection(year=2025, kind="case", case=case), user=demo_users["office"])
    with pytest.raises(ValidationError) as raised:
        selection_save(selection=Selection(year=2025, kind="case", case=case), user=demo_users["office"])
    assert "2025" in raised.value.message_dict["case"][0]
    selection_save(selection=Selection(year=2024, kind="case", case=case), user=demo_users["office"])


@pytest.mark.parametrize("username", ["hp_justice", "leader", "evaluator", "njdl_handler", "citizen"])
def test_only_city_wide_authors_select(demo_users, username):
    with pytest.raises(PermissionDenied):
        selection_save(selection=practice(), user=demo_users[username])
    assert not Selection.objects.exists()


def test_console_add_edit_move_delete(client_for, demo_users):
    office = client_for("office")
    org = Organisation.objects.get(code="310104")
    response = office.post(
        "/console/reports/selections/add/",
        {"year": 2025, "kind": "practice", "title": "一站式调解", "organisation": org.pk, "summary": "就地化解。"},
    )
    assert response.status_code == 302
    selection = Selection.objects.get(title="一站式调解")
    page = office.get("/console/reports/selections/?year=2025").content.decode()
    assert "一站式调解" in page
    response = office.post(
        f"/console/reports/selections/{selection.pk}/edit/",
        {"year": 2025, "kind": "practice", "title": "一站式调解中心", "organisation": org.pk, "summary": "就地化解。"},
    )
    assert response.status_code == 302 and Selection.objects.get(pk=selection.pk).title == "一站式调解中心"
    assert office.post(f"/console/reports/selections/{selection.pk}/move/", {"direction": "up"}).status_code == 302
    assert office.post(f"/console/reports/selections/{selection.pk}/move/", {"direction": "x"}).status_code == 302
    assert office.post(f"/console/reports/selections/{selection.pk}/delete/").status_code == 302
    assert not Selection.objects.exists()
    assert AuditEntry.objects.filter(object_id=str(selection.pk), action="delete").exists()


@pytest.mark.parametrize(
    "data",
    [
        {"year": "abc", "kind": "practice", "title": "x", "summary": "y"},
        {"year": 2025, "kind": "nonsense"},
        {"year": 2025, "kind": "practice", "title": "x" * 300, "summary": "y"},
        {"year": 2025, "kind": "practice", "title": "x", "summary": "y", "task": "999999"},
        {"year": 2025, "kind": "practice", "title": "x", "summary": "y", "organisation": "not-a-number"},
    ],
)
def test_console_bad_input_is_a_form_error(client_for, demo_users, data):
    response = client_for("office").post("/console/reports/selections/add/", data)
    assert response.status_code == 200 and b"errorlist" in response.content
    assert not Selection.objects.exists()


def test_api_crud_and_move(client_for, demo_users):
    api = client_for("office")
    created = api.post(
        "/api/v1/report-selections/",
        {"year": 2025, "kind": "practice", "title": "社区法治带头人", "organisation": "310115", "summary": "培育。"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["order"] == 1
    assert api.get("/api/v1/report-selections/?year=2025").json()["count"] == 1
    patched = api.patch(f"/api/v1/report-selections/{pk}/", {"title": "新标题"}, content_type="application/json")
    assert patched.status_code == 200 and patched.json()["title"] == "新标题"
    moved = api.post(f"/api/v1/report-selections/{pk}/move/", {"direction": "down"}, content_type="application/json")
    assert moved.status_code == 200
    bad = api.post(f"/api/v1/report-selections/{pk}/move/", {"direction": "sideways"}, content_type="application/json")
    assert bad.status_code == 400
    refused = api.post(
        "/api/v1/report-selections/",
        {"year": 1999, "kind": "practice", "title": "x", "organisation": "310115", "summary": "y"},
        content_type="application/json",
    )
    assert refused.status_code == 400 and "year" in refused.json()
    assert api.delete(f"/api/v1/report-selections/{pk}/").status_code == 204
    assert not Selection.objects.exists()


def test_api_is_for_city_wide_staff(client_for, demo_users):
    selection = SelectionFactory()
    assert client_for("leader").get(f"/api/v1/report-selections/{selection.pk}/").status_code == 200
    assert client_for("leader").delete(f"/api/v1/report-selections/{selection.pk}/").status_code == 403
    assert client_for("hp_justice").get("/api/v1/report-selections/").status_code == 403
    response = client_for("hp_justice").post(
        "/api/v1/report-selections/",
        {"year": 2025, "kind": "practice", "title": "x", "organisation": "310101", "summary": "y"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert Selection.objects.count() == 1


@pytest.mark.parametrize("username", ["office", "leader", "evaluator"])
def test_console_button_downloads_the_white_paper(client_for, demo_users, username):
    client = client_for(username)
    page = client.get("/console/reports/whitepaper/").content.decode()
    assert "/console/reports/whitepaper/download/" in page
    response = client.get("/console/reports/whitepaper/download/", {"year": 2024, "format": "html"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert response["Content-Disposition"] == 'attachment; filename="whitepaper-2024.html"'
    assert b"<!doctype html>" in response.content
    # Its own policy (inline styles and SVG, nothing else), not the pages' one that would unstyle it.
    assert response["Content-Security-Policy"].startswith("default-src 'none'; style-src 'unsafe-inline'")


def test_console_button_pdf(client_for, demo_users):
    response = client_for("office").get("/console/reports/whitepaper/download/", {"year": 2023, "format": "pdf"})
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == 'attachment; filename="whitepaper-2023.pdf"'


@pytest.mark.parametrize(
    "query", [{"year": 1990}, {"year": "x", "format": "pdf"}, {"year": 2025, "format": "docx"}, {}]
)
def test_console_button_bad_input_is_a_400(client_for, demo_users, query):
    response = client_for("office").get("/console/reports/whitepaper/download/", query)
    assert response.status_code == 400 and b"errorlist" in response.content


def test_console_button_refused_to_district_staff(client_for, demo_users):
    assert client_for("hp_justice").get("/console/reports/whitepaper/download/?year=2025").status_code == 403
    assert client_for("citizen").get("/console/reports/whitepaper/").status_code == 403
