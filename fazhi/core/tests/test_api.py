import json

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from fazhi.accounts.models import RoleAssignment
from fazhi.audit.models import AuditEntry
from fazhi.orgs.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(demo_users):
    def make(username=None):
        client = APIClient()
        if username:
            token, _ = Token.objects.get_or_create(user=demo_users[username])
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return make


def test_token_obtain_with_phone_and_call_with_token(api):
    response = api().post("/api/v1/auth/token/", {"username": "13800138000", "password": "fazhi-demo-2025"})
    assert response.status_code == 200
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    assert client.get("/api/v1/me/").json()["username"] == "citizen"
    assert api().post("/api/v1/auth/token/", {"username": "citizen", "password": "x"}).status_code == 400


def test_public_directory_filters(api):
    data = api().get("/api/v1/organisations/?kind=district&page_size=50").json()
    assert data["count"] == 16 and {o["name"] for o in data["results"]} >= {"黄浦区", "浦东新区"}
    streets = api().get("/api/v1/organisations/?parent=310101&kind=street").json()
    assert streets["count"] == 10
    assert api().get("/api/v1/organisations/?within=310101&body_type=judicial_office").json()["count"] == 10
    assert api().get("/api/v1/organisations/310101/").json()["path"] == "/31/310101/"


def test_manager_creates_organisations_only_in_scope_with_audit(api):
    manager = api("hp_manager")
    response = manager.post(
        "/api/v1/organisations/",
        {"code": "310101002001", "name": "南京东路第一居委会", "kind": "community", "parent": "310101002"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    entry = AuditEntry.objects.filter(object_repr="南京东路第一居委会").get()
    assert entry.user.username == "hp_manager" and entry.source == "api"

    response = manager.post(
        "/api/v1/organisations/",
        {"code": "310104999", "name": "越界", "kind": "community", "parent": "310104"},
        format="json",
    )
    assert response.status_code == 403 and not Organisation.objects.filter(code="310104999").exists()
    response = manager.patch("/api/v1/organisations/310104/", {"name": "改名"}, format="json")
    assert response.status_code == 404
    response = manager.patch("/api/v1/organisations/310101002/", {"parent": "310104"}, format="json")
    assert response.status_code == 403  # moving an organisation out of one's scope rolls back
    assert Organisation.objects.get(code="310101002").parent.code == "310101"


def test_bad_input_gets_clear_4xx(api):
    manager = api("hp_manager")
    cases = [
        {"code": "X1", "name": "机构", "kind": "body", "parent": "310101"},  # body without a body type
        {"code": "X2", "name": "机构", "kind": "planet", "parent": "310101"},
        {"code": "X3", "name": "", "kind": "community", "parent": "310101"},
        {"code": "X4", "name": "机构", "kind": "community", "parent": "nope"},
        {"code": "X" * 100, "name": "机构", "kind": "community", "parent": "310101"},
    ]
    for body in cases:
        response = manager.post("/api/v1/organisations/", body, format="json")
        assert response.status_code == 400, (body, response.content)
    assert manager.post("/api/v1/organisations/", "not json", content_type="application/json").status_code == 400
    assert manager.get("/api/v1/organisations/?parent_id=abc").status_code == 400
    assert manager.get("/api/v1/audit-entries/99999999999999999999/").status_code in (400, 404)
    assert manager.get("/api/v1/organisations/?page=abc").status_code == 404
    # an offset PostgreSQL cannot store, and a year before any record
    assert manager.get("/api/v1/audit-entries/?since=2025-05-20T10:04:18%2B23:38").status_code == 400
    assert manager.get("/api/v1/audit-entries/?since=1011-05-20T10:04:18").status_code == 400
    assert manager.get("/api/v1/audit-entries/?since=2025-05-20T10:04:18%2B08:00").status_code == 200


def test_script_in_text_is_stored_as_text_and_escaped_on_pages(api, client):
    api("hp_manager").post(
        "/api/v1/organisations/",
        {"code": "X5", "name": "<script>alert(1)</script>", "kind": "community", "parent": "310101002"},
        format="json",
    )
    page = client.get("/orgs/X5/").content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_role_assignment_api_in_scope_only(api, demo_users):
    manager = api("hp_manager")
    response = manager.post(
        "/api/v1/role-assignments/",
        {"user": demo_users["citizen"].pk, "role": "handler", "organisation": "310101013"},
        format="json",
    )
    assert response.status_code == 201, response.content
    response = manager.post(
        "/api/v1/role-assignments/",
        {"user": demo_users["citizen"].pk, "role": "handler", "organisation": "310104"},
        format="json",
    )
    assert response.status_code == 403
    response = manager.post(
        "/api/v1/role-assignments/",
        {"user": demo_users["citizen"].pk, "role": "admin", "organisation": "310101"},
        format="json",
    )
    assert response.status_code == 400
    assignment = RoleAssignment.objects.get(user=demo_users["citizen"])
    assert api("xh_justice").delete(f"/api/v1/role-assignments/{assignment.pk}/").status_code == 403  # no such right
    assert manager.delete(f"/api/v1/role-assignments/{assignment.pk}/").status_code == 204


def test_openapi_document_and_docs_are_served(client):
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200
    paths = json.loads(schema.content)["paths"]
    assert "/api/v1/organisations/" in paths and "/api/v1/audit-entries/" in paths
    assert client.get("/api/v1/docs/").status_code == 200
    assert b"cdn" not in client.get("/api/v1/docs/").content.lower()


def test_english_is_available(client):
    client.cookies["django_language"] = "en"
    assert "Organisations" in client.get("/orgs/").content.decode()
    client.cookies["django_language"] = "zh-hans"
    assert "组织机构" in client.get("/orgs/").content.decode()


def test_nul_characters_are_refused_everywhere(api, client):
    manager = api("hp_manager")
    body = {"code": "N1", "name": "机构\x00", "kind": "community", "parent": "310101002"}
    assert manager.post("/api/v1/organisations/", body, format="json").status_code == 400
    assert (
        manager.post(
            "/api/v1/role-assignments/", {"user": 1, "role": "hand\x00ler", "organisation": "x"}, format="json"
        ).status_code
        == 400
    )
    assert client.get("/api/v1/organisations/", {"q": "黄\x00浦"}).status_code == 400
    assert client.get("/orgs/", {"q": "黄\x00浦"}).status_code == 400


def test_download_names_survive_in_every_browser():
    from fazhi.core.downloads import content_disposition

    assert content_disposition("tasks-2026-11-28.xlsx") == 'attachment; filename="tasks-2026-11-28.xlsx"'
    chinese = content_disposition("中华人民共和国劳动合同法-2012-12-28.pdf")
    assert chinese.startswith("attachment; filename=\"2012-12-28.pdf\"; filename*=UTF-8''%E4%B8%AD")
    assert content_disposition("民法典.pdf", inline=True) == (
        "inline; filename=\"download.pdf\"; filename*=UTF-8''%E6%B0%91%E6%B3%95%E5%85%B8.pdf"
    )
