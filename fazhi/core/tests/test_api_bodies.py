"""Bodies no parser can take — nested too deeply, too large, not JSON — get a 4xx in the API's own error format."""

from __future__ import annotations

import json

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

NESTED = "[" * 500 + "]" * 500
DEEP_OBJECT = '{"a":' * 300 + "1" + "}" * 300
API_PATHS = [
    "/api/v1/suggestions/submit/",
    "/api/v1/tickets/",
    "/api/v1/law-follows/",
    "/api/v1/auth/token/",
]


@pytest.mark.parametrize("path", API_PATHS)
@pytest.mark.parametrize("body", [NESTED, DEEP_OBJECT], ids=["array", "object"])
def test_deeply_nested_json_is_a_json_400(path, body, demo_users):
    client = APIClient()
    client.force_authenticate(demo_users["citizen"])  # anonymous callers of some paths are refused before parsing
    response = client.generic("POST", path, body, content_type="application/json")
    assert response.status_code == 400, response.content[:200]
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_open311_answers_an_unparseable_body_with_its_error_list(fmt, reference_data):
    response = APIClient().generic("POST", f"/open311/v2/requests.{fmt}", NESTED, content_type="application/json")
    assert response.status_code == 400
    if fmt == "json":
        errors = response.json()
        assert errors[0]["code"] == 400 and errors[0]["description"]
    else:
        assert b"<errors>" in response.content and b"<code>400</code>" in response.content


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1024)
@pytest.mark.parametrize("path", ["/api/v1/suggestions/submit/", "/api/v1/auth/token/"])
def test_oversized_json_body_is_a_json_413(path, reference_data):
    body = json.dumps({"title": "x" * 4096})
    response = APIClient().generic("POST", path, body, content_type="application/json")
    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1024)
def test_oversized_open311_body_is_an_open311_error(reference_data):
    response = APIClient().generic(
        "POST",
        "/open311/v2/requests.json",
        "description=" + "x" * 4096,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 413
    assert response.json()[0]["code"] == 413


def test_malformed_json_is_a_json_400(demo_users):
    client = APIClient()
    client.force_authenticate(demo_users["citizen"])
    response = client.generic("POST", "/api/v1/tickets/", b"\xff\xfe{", content_type="application/json")
    assert response.status_code == 400 and "detail" in response.json()


def test_nul_in_any_value_of_a_repeated_query_key_is_refused(client):
    assert client.get("/laws/?q=%00&q=ok").status_code == 400
    assert client.get("/laws/?q=ok&q=%00").status_code == 400
