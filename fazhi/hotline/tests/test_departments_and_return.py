"""Working departments behind the categories (dispatch suggestions), dispatching by name, and 退回: the
organisation a ticket was dispatched to returns it to the hotline centre with a reason."""

from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fazhi.audit.models import AuditEntry
from fazhi.casework.models import MatterEvent
from fazhi.hotline.catalogue import load_departments
from fazhi.hotline.choices import TicketStatus
from fazhi.hotline.models import CategoryDepartment, Dispatch, Ticket
from fazhi.hotline.services import dispatch_suggestions, hotline_centre, ticket_dispatch, ticket_return
from fazhi.hotline.tests.factories import NANJING_ROAD, category, make_ticket

pytestmark = pytest.mark.django_db

WAGES = "南京东路一家餐馆拖欠三个月工资,老板不接电话。"


@pytest.fixture
def linked():
    category("labour")  # the catalogue
    load_departments()
    return CategoryDepartment.objects


def test_categories_are_linked_to_the_departments_that_handle_them_once(linked):
    labour = linked.filter(category__code="labour")
    # the city's labour bureau, and each district's bureau and its labour inspectors
    assert labour.count() == 1 + 16 * 2
    assert labour.filter(organisation__code="310101-LDJC").exists()
    assert linked.filter(category__code="market", organisation__code="310115-SCJG").exists()
    assert linked.filter(category__code="legal-aid", organisation__code="31-SFJ").exists()
    total, entries = linked.count(), AuditEntry.objects.count()
    out = StringIO()
    load_departments(out)  # again: nothing new
    assert linked.count() == total and AuditEntry.objects.count() == entries and out.getvalue() == ""


def test_a_wage_ticket_is_suggested_to_its_districts_labour_inspectors_then_the_city(linked, demo_users):
    ticket = make_ticket(submitter=demo_users["citizen"], code="labour", description=WAGES)
    assert ticket.organisation.code == "310101"  # a district category: the district, which must pass it on
    codes = [o.code for o in dispatch_suggestions(ticket)]
    assert codes == ["310101-RSJ", "310101-LDJC", "31-RSJ"]
    unplaced = make_ticket(submitter=demo_users["citizen"], code="labour", street=None, description=WAGES + "(无地址)")
    assert [o.code for o in dispatch_suggestions(unplaced)] == ["31-RSJ"]


def test_staff_dispatch_by_name_in_the_console(linked, client_for, demo_users):
    ticket = make_ticket(submitter=demo_users["citizen"], code="labour", description=WAGES)
    page = client_for("hp_justice").get(f"/console/hotline/{ticket.pk}/").content.decode()
    assert "上海市黄浦区劳动保障监察大队" in page and 'data-org-picker="one"' in page
    response = client_for("hp_justice").post(
        f"/console/hotline/{ticket.pk}/steps/dispatch/", {"organisation": "黄浦区劳动监察大队"}
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.organisation.code == "310101-LDJC" and ticket.status == TicketStatus.DISPATCHED
    # an ambiguous name is refused with candidates, nothing changes
    client = client_for("hp_justice")
    client.post(f"/console/hotline/{ticket.pk}/steps/dispatch/", {"organisation": "市场监督管理局", "reason": "x"})
    ticket.refresh_from_db()
    assert ticket.organisation.code == "310101-LDJC"
    page = client.get(f"/console/hotline/{ticket.pk}/").content.decode()
    assert "310101-SCJG" in page  # the message names the candidates


def test_console_list_filters_by_organisation_name(client_for, demo_users):
    ticket = make_ticket(submitter=demo_users["citizen"])
    found = client_for("office").get("/console/hotline/", {"organisation": "南京东路街道"}).content.decode()
    assert ticket.tracking_number in found
    elsewhere = client_for("office").get("/console/hotline/", {"organisation": "徐汇区"}).content.decode()
    assert ticket.tracking_number not in elsewhere
    # part of a name, not chosen: within any organisation it matches
    partial = client_for("office").get("/console/hotline/", {"organisation": "南京东"}).content.decode()
    assert ticket.tracking_number in partial
    nowhere = client_for("office").get("/console/hotline/", {"organisation": "不存在的机关"}).content.decode()
    assert ticket.tracking_number not in nowhere


def test_return_sends_the_ticket_back_to_the_centre_with_its_reason(demo_users):
    handler = demo_users["njdl_handler"]
    ticket = make_ticket(submitter=demo_users["citizen"])
    assert ticket.organisation.code == NANJING_ROAD
    with pytest.raises(ValidationError):
        ticket_return(ticket=ticket, user=handler, reason="  ")  # the reason is required
    ticket = ticket_return(ticket=ticket, user=handler, reason="地址在外滩街道辖区,不属本街道")
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.REGISTERED and ticket.organisation == hotline_centre()
    assert ticket.clock == "hotline.dispatch" and ticket.due_at  # the centre's dispatch clock, afresh
    back = Dispatch.objects.filter(ticket=ticket).last()
    assert back.returned and back.from_organisation.code == NANJING_ROAD and "外滩街道" in back.reason
    event = MatterEvent.objects.filter(object_id=ticket.pk, status=TicketStatus.REGISTERED).last()
    assert "外滩街道" in event.note and not event.public_note  # staff business, not shown to the reporter
    assert AuditEntry.objects.filter(object_id=str(ticket.pk), content_type__model="ticket", action="update").exists()
    assert AuditEntry.objects.filter(object_repr__contains=ticket.tracking_number, content_type__model="dispatch")
    # the centre dispatches it again
    ticket_dispatch(
        ticket=ticket,
        organisation=ticket.street.parent.children.get(code="310101013"),
        user=demo_users["office"],
        reason="属外滩街道",
    )
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.DISPATCHED and ticket.organisation.code == "310101013"


def test_return_is_refused_to_others_and_from_the_centre_itself(demo_users):
    ticket = make_ticket(submitter=demo_users["citizen"])
    with pytest.raises(PermissionDenied):
        ticket_return(ticket=ticket, user=demo_users["xh_justice"], reason="不是我们的")
    with pytest.raises(PermissionDenied):
        ticket_return(ticket=ticket, user=demo_users["citizen"], reason="不是他们的")
    refused = AuditEntry.objects.filter(action="step_refused", object_id=str(ticket.pk), content_type__model="ticket")
    assert [e.after["step"] for e in refused] == ["return", "return"]
    at_centre = make_ticket(submitter=demo_users["citizen"], street=None, code="noise", description="不知道哪个街道")
    with pytest.raises(ValidationError):  # registered: nothing to return
        ticket_return(ticket=at_centre, user=demo_users["office"], reason="x")
    assert Ticket.objects.get(pk=ticket.pk).organisation.code == NANJING_ROAD


def test_return_in_the_console_and_the_api(client_for, demo_users):
    ticket = make_ticket(submitter=demo_users["citizen"])
    handler = client_for("njdl_handler")
    page = handler.get(f"/console/hotline/{ticket.pk}/").content.decode()
    assert "step-return" in page
    response = handler.post(f"/console/hotline/{ticket.pk}/steps/return/", {"reason": "不属本街道"})
    assert response.status_code == 302 and response.url == "/console/hotline/"  # out of their reach now
    page = client_for("office").get(f"/console/hotline/{ticket.pk}/").content.decode()
    assert "不属本街道" in page and "(退回)" in page
    second = make_ticket(submitter=demo_users["citizen"], description="另一处垃圾桶满溢")
    api = client_for("njdl_handler")
    url = f"/api/v1/tickets/{second.pk}/steps/return/"
    assert api.post(url, {}, content_type="application/json").status_code == 400  # no reason
    answer = api.post(url, {"reason": "不属本街道"}, content_type="application/json")
    assert answer.status_code == 200 and answer.json()["status"] == "registered"
