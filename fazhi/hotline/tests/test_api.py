"""The REST API: report, handle, confirm — the same services and refusals as the pages."""

from __future__ import annotations

import pytest

from fazhi.hotline.models import Ticket
from fazhi.hotline.tests.factories import NANJING_ROAD, category

pytestmark = pytest.mark.django_db


def test_report_reply_and_rate_through_the_api(client_for):
    category()
    citizen, handler = client_for("citizen"), client_for("njdl_handler")
    created = citizen.post(
        "/api/v1/tickets/",
        {
            "category": "noise",
            "description": "深夜广场舞音响声音太大",
            "address": "南京东路 300 号",
            "street": NANJING_ROAD,
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["tracking_number"].startswith("GD") and body["organisation"] == NANJING_ROAD and body["due_at"]
    pk = body["id"]
    assert client_for("xh_justice").post(f"/api/v1/tickets/{pk}/steps/reply/", {"text": "x"}).status_code == 404
    refused = client_for("leader").post(
        f"/api/v1/tickets/{pk}/steps/reply/", {"text": "x"}, content_type="application/json"
    )
    assert refused.status_code == 403 and "南京东路" in refused.json()["detail"]
    replied = handler.post(
        f"/api/v1/tickets/{pk}/steps/reply/", {"text": "已劝导降低音量"}, content_type="application/json"
    )
    assert replied.status_code == 200 and replied.json()["status"] == "replied"
    not_theirs = handler.post(f"/api/v1/tickets/{pk}/steps/confirm/", {"rating": 5}, content_type="application/json")
    assert not_theirs.status_code == 403
    rated = citizen.post(f"/api/v1/tickets/{pk}/steps/confirm/", {"rating": 4}, content_type="application/json")
    assert rated.status_code == 200 and rated.json()["rating"] == 4
    again = citizen.post(f"/api/v1/tickets/{pk}/steps/confirm/", {"rating": 5}, content_type="application/json")
    assert again.status_code == 400


def test_bad_api_input_is_a_clear_400_and_nothing_is_saved(client_for):
    category()
    citizen = client_for("citizen")
    for payload in (
        {},
        {"category": "nope", "description": "x", "address": "y"},
        {"category": "noise", "description": "<img src=x onerror=alert(1)>", "address": "y"},
        {"category": "noise", "description": "噪声", "address": "y", "street": "not-a-code"},
        {"category": "noise", "description": "噪声", "address": "y", "lat": 31.2},
    ):
        response = citizen.post("/api/v1/tickets/", payload, content_type="application/json")
        assert response.status_code == 400, (payload, response.content)
    assert Ticket.objects.count() == 0
    assert client_for(None).post("/api/v1/tickets/", {}, content_type="application/json").status_code == 401


def test_lists_follow_the_policy_and_mask_contacts(client_for, demo_users):
    from fazhi.hotline.tests.factories import make_ticket

    ticket = make_ticket(contact_phone="13912345678", consent=True)
    rows = client_for("njdl_handler").get("/api/v1/tickets/").json()["results"]
    assert [r["tracking_number"] for r in rows] == [ticket.tracking_number]
    assert rows[0]["contact_phone"] == "139****5678"
    assert client_for("xh_justice").get("/api/v1/tickets/").json()["results"] == []
    assert client_for("citizen").get("/api/v1/tickets/").json()["results"] == []
    assert len(client_for(None).get("/api/v1/hotline/categories/").json()) >= 10


def test_steps_dispatch_link_and_merge_through_the_api(client_for, demo_users, django_user_model):
    from fazhi.audit.models import AuditEntry
    from fazhi.hotline.tests.factories import make_ticket

    neighbour = django_user_model.objects.create_user(username="neighbour3", password="x")
    first = make_ticket(submitter=demo_users["citizen"], description="南京东路100号门口垃圾桶满了好几天没人清运")
    second = make_ticket(submitter=neighbour, description="南京东路100号垃圾桶满溢,几天没有清运")
    handler = client_for("njdl_handler")
    url = "/api/v1/tickets/{}/steps/{}/"
    linked = handler.post(url.format(first.pk, "link"), {"other": second.tracking_number.lower()}, "application/json")
    assert linked.status_code == 201, linked.content
    assert {linked.json()["first"], linked.json()["second"]} == {first.tracking_number, second.tracking_number}
    unknown = handler.post(url.format(first.pk, "link"), {"other": "GD00000000-NOPE"}, "application/json")
    assert unknown.status_code == 400
    merged = handler.post(url.format(second.pk, "merge"), {"into": first.tracking_number}, "application/json")
    assert merged.status_code == 200, merged.content
    assert merged.json()["status"] == "merged" and merged.json()["merged_into"] == first.tracking_number
    again = handler.post(url.format(second.pk, "merge"), {"into": first.tracking_number}, "application/json")
    assert again.status_code == 400  # merged already: the wrong state
    assert AuditEntry.objects.filter(action="step_refused", object_id=str(second.pk)).exists()
    # dispatched out of the handler's street: answered with the ticket as the step left it
    moved = handler.post(
        url.format(first.pk, "dispatch"), {"organisation": "310101013", "reason": "属外滩街道"}, "application/json"
    )
    assert moved.status_code == 200, moved.content
    assert moved.json()["organisation"] == "310101013" and moved.json()["due_at"]
    assert handler.get(f"/api/v1/tickets/{first.pk}/").status_code == 404
