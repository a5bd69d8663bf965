"""Open311 GeoReport v2: a standard client's calls, in JSON and XML, and its error format."""

from __future__ import annotations

from xml.etree import ElementTree as ET

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token

from fazhi.hotline.models import Ticket
from fazhi.hotline.services import ticket_reply
from fazhi.hotline.tests.factories import category

pytestmark = pytest.mark.django_db
KEY = "open311-test-key"


@pytest.fixture(autouse=True)
def _setup(settings):
    cache.clear()
    category()
    settings.HOTLINE_OPEN311_API_KEYS = [KEY]


def test_a_standard_client_discovers_submits_and_follows(client, demo_users):
    services = client.get("/open311/v2/services.json").json()
    noise = next(s for s in services if s["service_code"] == "noise")
    assert noise["service_name"] == "噪声扰民" and noise["type"] == "realtime" and noise["metadata"] is True
    definition = client.get("/open311/v2/services/noise.json").json()
    assert definition["service_code"] == "noise" and definition["attributes"][0]["code"] == "street"

    created = client.post(
        "/open311/v2/requests.json",
        {
            "api_key": KEY,
            "service_code": "noise",
            "lat": "31.2363",
            "long": "121.4801",
            "address_string": "南京东路 100 号",
            "description": "夜里施工噪声很大",
            "phone": "13912345678",
            "first_name": "三",
            "last_name": "张",
            "attribute[street]": "310101002",
        },
    )
    assert created.status_code == 201, created.content
    [answer] = created.json()
    number = answer["service_request_id"]
    ticket = Ticket.objects.get(tracking_number=number)
    assert ticket.channel == "open311" and ticket.contact_name == "张 三" and ticket.organisation.code == "310101002"

    [status] = client.get(f"/open311/v2/requests/{number}.json").json()
    assert status["status"] == "open" and status["service_code"] == "noise"
    assert status["expected_datetime"] and status["description"] is None  # not public: status only
    assert client.get(f"/open311/v2/tokens/{number}.json").json() == [{"service_request_id": number, "token": number}]

    ticket_reply(ticket=ticket, user=demo_users["njdl_handler"], text="已责令停止夜间施工")
    token = Token.objects.create(user=demo_users["njdl_handler"])
    [full] = client.get(f"/open311/v2/requests/{number}.json", {"api_key": token.key}).json()
    assert full["status"] == "closed" and full["status_notes"] == "已责令停止夜间施工" and full["lat"] == 31.2363
    listed = client.get("/open311/v2/requests.json", {"api_key": token.key, "status": "closed"}).json()
    assert [r["service_request_id"] for r in listed] == [number]
    assert client.get("/open311/v2/requests.json", {"api_key": token.key, "status": "open"}).json() == []
    several = client.get("/open311/v2/requests.json", {"service_request_id": f"{number},GD00000000-XXXXXX"}).json()
    assert [r["service_request_id"] for r in several] == [number]


def test_xml_format():
    from django.test import Client

    client = Client()
    services = ET.fromstring(client.get("/open311/v2/services.xml").content)
    assert services.tag == "services" and services.find("service/service_code") is not None
    definition = ET.fromstring(client.get("/open311/v2/services/noise.xml").content)
    assert definition.tag == "service_definition" and definition.find("attributes/attribute/code").text == "street"
    created = client.post(
        "/open311/v2/requests.xml",
        {"api_key": KEY, "service_code": "noise", "address_string": "南京东路 1 号", "description": "噪声"},
    )
    root = ET.fromstring(created.content)
    assert created.status_code == 201 and root.tag == "service_requests"
    number = root.find("request/service_request_id").text
    status = ET.fromstring(client.get(f"/open311/v2/requests/{number}.xml").content)
    assert status.find("request/status").text == "open"
    error = ET.fromstring(client.get("/open311/v2/services/nope.xml").content)
    assert error.tag == "errors" and error.find("error/code").text == "404"


@pytest.mark.parametrize(
    "data, status",
    [
        ({"service_code": "noise", "address_string": "x", "description": "y"}, 403),  # no key
        ({"api_key": "wrong", "service_code": "noise", "address_string": "x", "description": "y"}, 403),
        ({"api_key": KEY, "service_code": "nope", "address_string": "x", "description": "y"}, 400),
        ({"api_key": KEY, "service_code": "noise", "description": "y"}, 400),  # no location
        ({"api_key": KEY, "service_code": "noise", "address_string": "x", "description": ""}, 400),
        ({"api_key": KEY, "service_code": "noise", "address_string": "x", "description": "<script>x</script>"}, 400),
        ({"api_key": KEY, "service_code": "noise", "lat": "x", "long": "y", "description": "z"}, 400),
        ({"api_key": KEY, "service_code": "property", "address_string": "x", "description": "物业"}, 400),  # anonymous
    ],
)
def test_errors_are_open311_lists(client, data, status):
    response = client.post("/open311/v2/requests.json", data)
    assert response.status_code == status, response.content
    [error] = response.json()
    assert error["code"] == status and error["description"]
    assert Ticket.objects.count() == 0


def test_listing_needs_a_key_and_bad_dates_are_refused(client, demo_users):
    assert client.get("/open311/v2/requests.json").status_code == 401
    token = Token.objects.create(user=demo_users["njdl_handler"])
    bad = client.get("/open311/v2/requests.json", {"api_key": token.key, "start_date": "yesterday"})
    assert bad.status_code == 400 and bad.json()[0]["code"] == 400
