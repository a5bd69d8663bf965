"""Open311 GeoReport v2 gaps a standard client found (issues #19 point 9, #20 point 7): discovery, comma status
lists, error lists for unknown paths and formats, email/device_id/account_id, routing by location, the 90-day
window, status_notes and expected_datetime."""

from __future__ import annotations

import datetime as dt
from xml.etree import ElementTree as ET

import pytest
from django.core.cache import cache
from django.utils import timezone
from rest_framework.authtoken.models import Token

from fazhi.hotline.models import Ticket
from fazhi.hotline.services import ticket_reply
from fazhi.hotline.tests.factories import category, make_ticket

pytestmark = pytest.mark.django_db
KEY = "open311-test-key"
NANJING_ROAD = {"lat": "31.2363", "long": "121.4801"}  # 南京东路, 黄浦区
XUJIAHUI = {"lat": "31.1880", "long": "121.4365"}  # 徐家汇, 徐汇区


@pytest.fixture(autouse=True)
def _setup(settings):
    cache.clear()
    category()
    settings.HOTLINE_OPEN311_API_KEYS = [KEY]


def post(client, **data):
    return client.post("/open311/v2/requests.json", {"api_key": KEY, "description": "夜里施工噪声很大", **data})


def test_discovery_document_in_json_and_xml(client):
    document = client.get("/open311/discovery.json")
    assert document.status_code == 200
    data = document.json()
    [endpoint] = data["endpoints"]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"].endswith("/open311/v2") and endpoint["type"] == "production"
    assert set(endpoint["formats"]) == {"text/xml", "application/json"}
    assert data["changeset"] and data["contact"] and data["key_service"]
    # The deliberate privacy choice is documented where clients look.
    assert any("api_key" in note for note in data["notes"])
    xml = ET.fromstring(client.get("/open311/discovery.xml").content)
    assert xml.tag == "discovery"
    assert xml.find("endpoints/endpoint/specification").text == "http://wiki.open311.org/GeoReport_v2"
    assert {f.text for f in xml.findall("endpoints/endpoint/formats/format")} == {"text/xml", "application/json"}
    assert xml.find("notes/note") is not None


@pytest.mark.parametrize(
    "path, fmt",
    [
        ("/open311/v2/services.csv", "json"),
        ("/open311/v2/requests.html", "json"),
        ("/open311/v2/nothing.json", "json"),
        ("/open311/v2/nothing.xml", "xml"),
        ("/open311/v2/", "json"),
        ("/open311/discovery.yaml", "json"),
        ("/open311/v3/services.xml", "xml"),
    ],
)
def test_unknown_paths_and_formats_answer_the_error_list(client, path, fmt):
    for response in (client.get(path), client.post(path, {})):
        assert response.status_code == 404
        if fmt == "xml":
            root = ET.fromstring(response.content)
            assert root.tag == "errors" and root.find("error/code").text == "404"
            assert root.find("error/description").text
        else:
            assert response["Content-Type"].startswith("application/json")
            [error] = response.json()
            assert error["code"] == 404 and error["description"]


def test_unknown_format_is_named(client):
    [error] = client.get("/open311/v2/services.csv").json()
    assert "csv" in error["description"]


def test_status_takes_a_comma_list(client, demo_users):
    token = Token.objects.create(user=demo_users["njdl_handler"])
    replied = make_ticket(submitter=demo_users["citizen"])
    ticket_reply(ticket=replied, user=demo_users["njdl_handler"], text="已清运")
    Ticket.objects.filter(pk=replied.pk).update(status="closed")
    still_open = make_ticket(description="南京东路路灯不亮已经三天")

    def listed(status):
        response = client.get("/open311/v2/requests.json", {"api_key": token.key, "status": status})
        assert response.status_code == 200, response.content
        return {r["service_request_id"] for r in response.json()}

    both = {replied.tracking_number, still_open.tracking_number}
    assert listed("open,closed") == both
    assert listed("closed, open") == both
    assert listed("open") == {still_open.tracking_number}
    assert listed("closed") == {replied.tracking_number}
    bad = client.get("/open311/v2/requests.json", {"api_key": token.key, "status": "open,pending"})
    assert bad.status_code == 400 and bad.json()[0]["code"] == 400


def test_email_device_and_account_are_stored_masked_and_the_account_returned(client):
    response = post(
        client,
        service_code="noise",
        address_string="南京东路 100 号",
        email="zhang.san@example.com",
        device_id="device-42",
        account_id="acct-7",
        **{"attribute[street]": "310101002"},
    )
    assert response.status_code == 201, response.content
    [answer] = response.json()
    assert answer["account_id"] == "acct-7"
    ticket = Ticket.objects.get(tracking_number=answer["service_request_id"])
    assert (ticket.contact_email, ticket.device_id, ticket.account_id) == (
        "zhang.san@example.com",
        "device-42",
        "acct-7",
    )
    assert ticket.consent_at is not None  # e-mail is a contact detail: the key holder's undertaking
    assert not ticket.is_anonymous
    assert ticket.masked_email() == "z***@example.com"
    # Stored encrypted: the database holds no plain e-mail address, device or account id.
    raw = Ticket.objects.filter(pk=ticket.pk).values_list("contact_email", "device_id", "account_id").query
    from django.db import connection

    with connection.cursor() as cursor:
        sql, params = raw.sql_with_params()
        cursor.execute(sql, params)
        stored = cursor.fetchone()
    assert "zhang.san" not in "".join(stored) and "device-42" not in "".join(stored)
    # The audit trail records the new ticket with the e-mail address masked, the identifiers hidden.
    from fazhi.audit.models import AuditEntry

    entry = AuditEntry.objects.filter(content_type__model="ticket", object_id=str(ticket.pk), action="create").get()
    assert entry.after["contact_email"] == "z***@example.com" and "device-42" not in str(entry.after)
    assert "acct-7" not in str(entry.after)


def test_a_bad_email_is_refused_in_the_error_list(client):
    response = post(client, service_code="noise", address_string="南京东路 1 号", email="not-an-address")
    assert response.status_code == 400
    assert "contact_email" in response.json()[0]["description"]
    assert Ticket.objects.count() == 0


def test_email_is_a_way_to_reach_the_reporter(client):
    """物业管理 takes no anonymous reports: an e-mail address is a way to reach the reporter, like a phone."""
    category("property")
    refused = post(client, service_code="property", address_string="南京东路 1 号", description="电梯坏了")
    assert refused.status_code == 400
    accepted = post(
        client, service_code="property", address_string="南京东路 1 号", description="电梯坏了", email="a@b.cn"
    )
    assert accepted.status_code == 201, accepted.content


def test_account_id_of_a_platform_account_is_returned(client, demo_users):
    token = Token.objects.create(user=demo_users["citizen"])
    response = client.post(
        "/open311/v2/requests.json",
        {"api_key": token.key, "service_code": "noise", "address_string": "南京东路 1 号", "description": "噪声"},
    )
    assert response.status_code == 201, response.content
    assert response.json()[0]["account_id"] == str(demo_users["citizen"].pk)


def test_coordinates_without_street_are_routed_to_their_district(client):
    street_matter = post(client, service_code="noise", **NANJING_ROAD)
    assert street_matter.status_code == 201, street_matter.content
    ticket = Ticket.objects.get(tracking_number=street_matter.json()[0]["service_request_id"])
    # A street's matter with only the district known goes to the district, which passes it to its street.
    assert ticket.status == "dispatched" and ticket.organisation.code == "310101"
    assert ticket.district.code == "310101" and ticket.street is None
    category("traffic")
    district_matter = post(client, service_code="traffic", description="红绿灯坏了", **XUJIAHUI)
    ticket = Ticket.objects.get(tracking_number=district_matter.json()[0]["service_request_id"])
    assert ticket.organisation.code == "310104" and ticket.district.code == "310104"
    # Outside Shanghai the platform cannot know: the 12345 centre dispatches it.
    far = post(client, service_code="noise", description="外地噪声", lat="39.9", long="116.4")
    ticket = Ticket.objects.get(tracking_number=far.json()[0]["service_request_id"])
    assert ticket.status == "registered" and ticket.district is None


def test_a_street_attribute_still_wins_over_coordinates(client):
    response = post(client, service_code="noise", **NANJING_ROAD, **{"attribute[street]": "310101002"})
    ticket = Ticket.objects.get(tracking_number=response.json()[0]["service_request_id"])
    assert ticket.organisation.code == "310101002" and ticket.district.code == "310101"


def test_default_window_is_90_days(client, demo_users):
    token = Token.objects.create(user=demo_users["njdl_handler"])
    old = make_ticket(description="很久以前的垃圾问题")
    Ticket.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=200))
    recent = make_ticket(description="昨天的路灯问题")

    def listed(**params):
        response = client.get("/open311/v2/requests.json", {"api_key": token.key, **params})
        assert response.status_code == 200, response.content
        return {r["service_request_id"] for r in response.json()}

    assert listed() == {recent.tracking_number}
    # start_date alone: the 90 days after it (the recent ticket is outside them).
    start = (timezone.now() - dt.timedelta(days=250)).isoformat()
    assert listed(start_date=start) == {old.tracking_number}
    end = (timezone.now() - dt.timedelta(days=150)).isoformat()
    assert listed(end_date=end) == {old.tracking_number}
    too_wide = client.get(
        "/open311/v2/requests.json",
        {"api_key": token.key, "start_date": start, "end_date": timezone.now().isoformat()},
    )
    assert too_wide.status_code == 400 and "90" in too_wide.json()[0]["description"]
    backwards = client.get("/open311/v2/requests.json", {"api_key": token.key, "start_date": end, "end_date": start})
    assert backwards.status_code == 400


def test_status_notes_and_expected_datetime_say_what_exists(client, demo_users):
    token = Token.objects.create(user=demo_users["njdl_handler"])
    anonymous = make_ticket(description="南京东路垃圾桶满了")  # a caller with a phone, no account
    mine = make_ticket(submitter=demo_users["citizen"], description="南京东路路灯不亮")

    [dispatched] = client.get(f"/open311/v2/requests/{mine.tracking_number}.json").json()
    assert dispatched["status_notes"] and "南京东路街道" in dispatched["status_notes"]
    assert dispatched["expected_datetime"]

    for ticket in (anonymous, mine):
        ticket_reply(ticket=ticket, user=demo_users["njdl_handler"], text="已处理完毕")
    # The citizen's replied ticket waits for their confirmation: it closes on its own after HOTLINE_CONFIRM_DAYS.
    mine.refresh_from_db()
    assert mine.due_at is None
    [full] = client.get(f"/open311/v2/requests/{mine.tracking_number}.json", {"api_key": token.key}).json()
    assert full["status_notes"] == "已处理完毕"
    expected = dt.datetime.fromisoformat(full["expected_datetime"])
    assert expected == timezone.localtime(mine.replied_at + dt.timedelta(days=7)).replace(microsecond=0)
    # Someone holding only the number of the citizen's ticket: a note, never the reply's text.
    [status_only] = client.get(f"/open311/v2/requests/{mine.tracking_number}.json").json()
    assert status_only["status_notes"] and "已处理完毕" not in status_only["status_notes"]
    assert status_only["expected_datetime"] == full["expected_datetime"]
    # An anonymous ticket is followed by its number (as on the portal): the reply is its status note.
    [followed] = client.get(f"/open311/v2/requests/{anonymous.tracking_number}.json").json()
    assert followed["status_notes"] == "已处理完毕"
    assert followed["description"] is None  # still status only


def test_email_is_masked_in_the_export_the_api_and_for_readers(client_for):
    make_ticket(contact_email="wang.xiaoming@example.com", description="南京东路垃圾满溢,请清运。")
    handler = client_for("njdl_handler")
    export = handler.get("/console/hotline/export/?as=csv")
    body = b"".join(export.streaming_content).decode("utf-8-sig")
    assert "wang.xiaoming" not in body and "w***@example.com" in body
    [listed] = handler.get("/api/v1/tickets/").json()["results"]
    assert listed["contact_email"] == "w***@example.com" and listed["district"] == "310101"
