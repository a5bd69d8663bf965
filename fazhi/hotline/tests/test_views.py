"""Pages: the portal form (signed in or not), the reporter's page with confirm/rate/reopen, the console."""

from __future__ import annotations

import pytest
from django.utils import timezone

from fazhi.casework.models import MatterEvent
from fazhi.hotline.choices import TicketStatus
from fazhi.hotline.models import Ticket
from fazhi.hotline.tests.factories import NANJING_ROAD, category, make_ticket
from fazhi.orgs.models import Organisation

pytestmark = pytest.mark.django_db


def _form(**extra):
    data = {
        "category": category().pk,
        "description": "南京东路 200 号人行道上共享单车乱停,行人无法通过。",
        "address": "南京东路 200 号",
        "street": Organisation.objects.get(code=NANJING_ROAD).pk,
        "contact_name": "",
        "contact_phone": "",
    }
    data.update(extra)
    return data


def test_portal_form_explains_and_a_citizen_submits_and_follows(client_for):
    citizen = client_for("citizen")
    page = citizen.get("/hotline/").content.decode()
    assert "consent" in page and "contact_phone_helptext" in page
    response = citizen.post("/hotline/", _form())
    ticket = Ticket.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/hotline/tickets/{ticket.tracking_number}/"
    detail = citizen.get(response["Location"]).content.decode()
    assert ticket.tracking_number in detail and "共享单车" in detail
    assert ticket.tracking_number in citizen.get("/my/matters/").content.decode()
    assert client_for("xh_justice").get(response["Location"]).status_code == 404
    assert client_for(None).get(response["Location"]).status_code == 404  # not anonymous: its reporter's only


def test_anonymous_visitor_reports_with_a_phone_and_follows_by_number(client_for):
    visitor = client_for(None)
    refused = visitor.post("/hotline/", _form(contact_phone="13912345678"))
    assert refused.status_code == 200 and Ticket.objects.count() == 0  # no consent
    response = visitor.post("/hotline/", _form(contact_phone="139 1234 5678", consent="on", contact_name="李四"))
    ticket = Ticket.objects.get()
    assert ticket.contact_phone == "13912345678" and ticket.submitter is None
    assert visitor.get(response["Location"]).status_code == 200
    listing = client_for("njdl_handler").get("/console/hotline/").content.decode()
    assert ticket.tracking_number in listing and "13912345678" not in listing


def test_bad_input_answers_with_the_form_and_saves_nothing(client_for):
    citizen = client_for("citizen")
    for data in (
        _form(description=""),
        _form(description="<script>alert(1)</script>"),
        _form(category="999999"),
        _form(street="abc"),
        _form(lat="91", long="121.4"),
        _form(contact_phone="13912345678"),  # without consent
    ):
        response = citizen.post("/hotline/", data)
        assert response.status_code == 200, data
        assert 'class="errorlist' in response.content.decode()
    assert Ticket.objects.count() == MatterEvent.objects.count() == 0


def test_too_many_submissions_get_a_429(client_for, settings):
    settings.CASEWORK_RATE_LIMITS = {"default": ("2/m", "100/m")}
    citizen = client_for("citizen")
    codes = [citizen.post("/hotline/", _form(description=f"第 {n} 次反映路灯不亮")).status_code for n in range(3)]
    assert codes == [302, 302, 429]


def test_reporter_confirms_and_rates_others_cannot(client_for, demo_users):
    ticket = make_ticket(submitter=demo_users["citizen"])
    handler = client_for("njdl_handler")
    assert handler.post(f"/console/hotline/{ticket.pk}/steps/reply/", {"text": "已清运"}).status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.REPLIED
    url = f"/hotline/tickets/{ticket.tracking_number}/"
    page = client_for("citizen").get(url).content.decode()
    assert "已清运" in page and 'name="rating"' in page
    other = client_for("hp_justice")  # may see it, but it is not theirs to rate
    response = other.post(f"{url}confirm/", {"rating": "1"}, follow=True)
    assert "Only the person who reported" in response.content.decode() or "只有" in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.rating is None
    client_for("citizen").post(f"{url}confirm/", {"rating": "4", "comment": "满意"})
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.CLOSED and ticket.rating == 4


def test_reporter_reopens(client_for, demo_users):
    ticket = make_ticket(submitter=demo_users["citizen"])
    client_for("njdl_handler").post(f"/console/hotline/{ticket.pk}/steps/reply/", {"text": "已清运"})
    url = f"/hotline/tickets/{ticket.tracking_number}/reopen/"
    client_for("citizen").post(url, {"reason": "还是没有清运"})
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.REOPENED


def test_operator_registers_a_call_and_another_district_cannot_reach_the_ticket(client_for):
    operator = client_for("hotline_operator")  # the 12345 centre takes calls; street handlers do not
    assert client_for("njdl_handler").get("/console/hotline/intake/").status_code == 403
    assert operator.get("/console/hotline/intake/").status_code == 200
    response = operator.post(
        "/console/hotline/intake/",
        _form(contact_phone="13800001111", contact_name="王五", consent="on", is_emergency="on"),
    )
    ticket = Ticket.objects.get()
    assert ticket.channel == "phone" and ticket.is_emergency and ticket.submitter is None
    assert ticket.organisation.code == NANJING_ROAD  # the catalogue routed it past the centre
    assert response["Location"] == "/console/hotline/intake/"  # the next call; the ticket is the street's now
    detail = client_for("njdl_handler").get(f"/console/hotline/{ticket.pk}/").content.decode()
    assert "13800001111" in detail  # the handler calls back
    assert client_for("xh_justice").get(f"/console/hotline/{ticket.pk}/").status_code == 404
    reply = client_for("xh_justice").post(f"/console/hotline/{ticket.pk}/steps/reply/", {"text": "x"})
    assert reply.status_code == 404
    ticket.refresh_from_db()
    assert ticket.reply == ""


def test_console_detail_proposes_duplicates_and_merges(client_for, demo_users, django_user_model):
    neighbour = django_user_model.objects.create_user(username="neighbour2", password="x")
    first = make_ticket(submitter=demo_users["citizen"], description="南京东路100号门口垃圾桶满了好几天没人清运")
    second = make_ticket(submitter=neighbour, description="南京东路100号垃圾桶满溢,几天没有清运")
    handler = client_for("njdl_handler")
    page = handler.get(f"/console/hotline/{first.pk}/").content.decode()
    assert second.tracking_number in page and 'id="duplicates"' in page
    # the proposed duplicate's button: its own merge step, into this ticket, and back to this ticket's page
    merged = handler.post(
        f"/console/hotline/{second.pk}/steps/merge/",
        {"into": first.tracking_number, "next": f"/console/hotline/{first.pk}/"},
    )
    assert merged["Location"] == f"/console/hotline/{first.pk}/"
    second.refresh_from_db()
    assert second.merged_into == first and second.status == TicketStatus.MERGED
    assert second.tracking_number in handler.get(f"/console/hotline/{first.pk}/").content.decode()


def test_both_ticket_pages_show_the_clock_and_that_it_is_policy(client_for, demo_users):
    ticket = make_ticket(submitter=demo_users["citizen"])
    for client, url in (
        (client_for("citizen"), ticket.get_absolute_url()),
        (client_for("njdl_handler"), ticket.get_console_url()),
    ):
        page = client.get(url).content.decode()
        assert 'data-clock="hotline.handle"' in page, url
        assert timezone.localtime(ticket.due_at).strftime("%Y-%m-%d") in page
    client_for("njdl_handler").post(f"/console/hotline/{ticket.pk}/steps/reply/", {"text": "已清运"})
    assert "data-clock" not in client_for("citizen").get(ticket.get_absolute_url()).content.decode()  # no clock
