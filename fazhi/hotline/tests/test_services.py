"""Every step of a ticket, with its rules and its refusals (nothing half-saved)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from fazhi.casework.models import MatterEvent
from fazhi.casework.queries import matters_of, work_queue
from fazhi.hotline.choices import TicketStatus
from fazhi.hotline.models import Dispatch, Ticket, TicketLink
from fazhi.hotline.services import (
    candidates_for,
    duplicate_candidates,
    hotline_centre,
    ticket_confirm,
    ticket_dispatch,
    ticket_link,
    ticket_merge,
    ticket_reopen,
    ticket_reply,
)
from fazhi.hotline.tests.factories import NANJING_ROAD, category, make_ticket
from fazhi.notifications.models import Notification
from fazhi.orgs.models import Organisation

pytestmark = pytest.mark.django_db


def test_a_ticket_goes_to_its_street_with_a_deadline_and_shows_in_my_matters_and_the_queue(demo_users):
    citizen = demo_users["citizen"]
    ticket = make_ticket(submitter=citizen)
    assert ticket.tracking_number.startswith("GD")
    assert ticket.status == TicketStatus.DISPATCHED
    assert ticket.organisation.code == NANJING_ROAD
    assert ticket.due_at and ticket.due_at > timezone.now() + dt.timedelta(days=4)
    assert Dispatch.objects.filter(ticket=ticket, to_organisation__code=NANJING_ROAD).exists()
    assert [row.matter for row in matters_of(citizen)] == [ticket]
    assert ticket in [row.matter for row in work_queue(demo_users["njdl_handler"])]
    assert ticket not in [row.matter for row in work_queue(demo_users["xh_justice"])]
    assert Notification.objects.filter(
        recipient=demo_users["njdl_handler"], title__contains=ticket.tracking_number
    ).exists()


def test_district_categories_go_to_the_district_and_unplaced_ones_to_the_centre(demo_users):
    labour = make_ticket(submitter=demo_users["citizen"], code="labour", description="公司拖欠三个月工资")
    assert labour.organisation.code == "310101"
    unplaced = make_ticket(submitter=demo_users["citizen"], street=None, description="不知道归谁管的问题")
    assert unplaced.status == TicketStatus.REGISTERED and unplaced.organisation == hotline_centre()


def test_reply_by_the_handler_confirm_and_rate_once(demo_users):
    citizen, handler = demo_users["citizen"], demo_users["njdl_handler"]
    ticket = make_ticket(submitter=citizen)
    with pytest.raises(PermissionDenied, match="南京东路街道"):
        ticket_reply(ticket=ticket, user=demo_users["xh_justice"], text="不归我们管")
    ticket_reply(ticket=ticket, user=handler, text="已安排环卫所当日清运。")
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.REPLIED and ticket.replied_on_time is True
    with pytest.raises(PermissionDenied):
        ticket_confirm(ticket=ticket, user=demo_users["hp_justice"], rating=5)  # someone else's ticket
    with pytest.raises(ValidationError):
        ticket_confirm(ticket=ticket, user=citizen, rating=9)
    ticket_confirm(ticket=ticket, user=citizen, rating=5, comment="很快")
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.CLOSED and ticket.closed_at and ticket.rating == 5
    with pytest.raises(ValidationError):
        ticket_confirm(ticket=ticket, user=citizen, rating=4)  # once
    statuses = list(
        MatterEvent.objects.filter(object_id=str(ticket.pk), content_type__model="ticket").values_list(
            "status", flat=True
        )
    )
    assert statuses == ["dispatched", "replied", "closed"]


def test_reopen_on_dissatisfaction_then_limits(demo_users, settings):
    citizen, handler = demo_users["citizen"], demo_users["njdl_handler"]
    ticket = make_ticket(submitter=citizen)
    ticket_reply(ticket=ticket, user=handler, text="已处理")
    with pytest.raises(ValidationError):
        ticket_reopen(ticket=ticket, user=citizen, reason="  ")
    ticket_reopen(ticket=ticket, user=citizen, reason="垃圾桶还是满的")
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.REOPENED and ticket.due_at and ticket.reopen_count == 1
    ticket_reply(ticket=ticket, user=handler, text="已再次清运并增加频次")
    ticket_confirm(ticket=ticket, user=citizen, rating=2)
    settings.HOTLINE_MAX_REOPENS = 1
    with pytest.raises(ValidationError):
        ticket_reopen(ticket=ticket, user=citizen, reason="还是不行")
    settings.HOTLINE_MAX_REOPENS = 3
    Ticket.objects.filter(pk=ticket.pk).update(closed_at=timezone.now() - dt.timedelta(days=30))
    ticket.refresh_from_db()
    with pytest.raises(ValidationError):
        ticket_reopen(ticket=ticket, user=citizen, reason="还是不行")  # too long after closing


def test_redispatch_needs_a_reason_and_moves_the_ticket(demo_users):
    ticket = make_ticket(submitter=demo_users["citizen"])
    other_street = Organisation.objects.get(code="310101013")
    with pytest.raises(ValidationError):
        ticket_dispatch(ticket=ticket, organisation=other_street, user=demo_users["njdl_handler"])
    with pytest.raises(PermissionDenied):
        ticket_dispatch(ticket=ticket, organisation=other_street, user=demo_users["xh_justice"], reason="x")
    ticket_dispatch(ticket=ticket, organisation=other_street, user=demo_users["njdl_handler"], reason="地址属外滩街道")
    ticket.refresh_from_db()
    assert ticket.organisation == other_street and ticket.status == TicketStatus.DISPATCHED
    assert Dispatch.objects.filter(ticket=ticket).count() == 2
    with pytest.raises(PermissionDenied):  # out of the first street's hands now
        ticket_reply(ticket=ticket, user=demo_users["njdl_handler"], text="x")


def test_bad_input_is_refused_and_nothing_is_saved(demo_users):
    before = Ticket.objects.count(), MatterEvent.objects.count()
    cases = [
        {"description": ""},
        {"description": "<script>alert(1)</script>路灯坏了"},
        {"description": "x" * 2001},
        {"contact_phone": "12345", "consent": True},
        {"contact_phone": "13912345678", "consent": False},
        {"lat": "31.2", "long": None, "contact_phone": "13912345678", "consent": True},
        {"lat": "931.2", "long": "121.4", "contact_phone": "13912345678", "consent": True},
    ]
    for extra in cases:
        with pytest.raises(ValidationError):
            make_ticket(submitter=demo_users["citizen"], **extra)
    with pytest.raises(ValidationError, match="联系到您"):  # anonymous where the category needs a contact
        make_ticket(code="property", contact_phone="", consent=False, description="物业不修电梯")
    make_ticket(submitter=demo_users["citizen"])
    with pytest.raises(ValidationError, match="已反映过"):
        make_ticket(submitter=demo_users["citizen"])  # the same report again the same day
    assert (Ticket.objects.count(), MatterEvent.objects.count()) == (before[0] + 1, before[1] + 1)


def test_anonymous_ticket_closes_with_its_reply(demo_users):
    ticket = make_ticket(contact_phone="", consent=False, description="夜间施工噪声扰民", code="noise")
    assert ticket.is_anonymous
    ticket_reply(ticket=ticket, user=demo_users["njdl_handler"], text="已责令停工")
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.CLOSED


def test_duplicates_are_proposed_linked_and_merged_and_every_reporter_hears_the_outcome(demo_users, django_user_model):
    handler = demo_users["njdl_handler"]
    neighbour = django_user_model.objects.create_user(username="neighbour", password="x")
    first = make_ticket(submitter=demo_users["citizen"], description="南京东路100号门口垃圾桶满了好几天没人清运")
    second = make_ticket(submitter=neighbour, description="南京东路100号垃圾桶满溢,几天没有清运,很臭")
    unrelated = make_ticket(submitter=neighbour, description="小区电梯坏了一周没人修理", code="city-appearance")
    found = duplicate_candidates(
        description=second.description, category_id=second.category_id, street_id=second.street_id, exclude_pk=second.pk
    )
    assert found and found[0][0] == first and found[0][1] >= 0.6
    assert unrelated not in [t for t, _s in found]
    assert [t for t, _s in candidates_for(second, user=demo_users["xh_justice"])] == []  # not theirs to see

    link = ticket_link(ticket=second, other=unrelated, user=handler, note="同一地址")
    assert (link.first, link.second) == (second, unrelated)
    with pytest.raises(ValidationError):
        ticket_link(ticket=unrelated, other=second, user=handler)

    ticket_merge(duplicate=second, into=first, user=handler)
    second.refresh_from_db()
    assert second.status == TicketStatus.MERGED and second.merged_into == first and second.closed_at
    with pytest.raises(ValidationError):
        ticket_merge(duplicate=second, into=first, user=handler)
    ticket_reply(ticket=first, user=handler, text="已清运,并增加一个垃圾桶。")
    second.refresh_from_db()
    assert second.reply == "已清运,并增加一个垃圾桶。"
    told = Notification.objects.filter(recipient=neighbour, title__contains=second.tracking_number)
    assert told.count() >= 2 and "已清运" in told.order_by("-pk").first().body
    assert TicketLink.objects.count() == 1


def test_merge_across_organisations_is_refused(demo_users):
    mine = make_ticket(submitter=demo_users["citizen"])
    elsewhere = make_ticket(
        submitter=demo_users["citizen"], street="310104003", description="徐汇某路垃圾桶满了", address="徐汇某路"
    )
    with pytest.raises(PermissionDenied):
        ticket_merge(duplicate=elsewhere, into=mine, user=demo_users["njdl_handler"])


def _handling_deadline(amount, start=None):
    from fazhi.workflow.clocks import clock_named, deadline

    return deadline(clock_named("hotline.handle"), start or timezone.now(), amount=amount)[0]


def test_category_time_limit_replaces_the_general_one(demo_users):
    """The handling clock runs with the category's own limit wherever a step starts it: at intake, on a
    re-dispatch and on a reopening; the fast track never makes it longer."""
    citizen, handler = demo_users["citizen"], demo_users["njdl_handler"]
    noise = category("noise")
    assert noise.time_limit_days == 3
    ticket = make_ticket(submitter=citizen, code="noise", description="凌晨施工噪声")
    assert (ticket.clock, ticket.clock_amount) == ("hotline.handle", 3)
    assert ticket.due_at == _handling_deadline(3, ticket.clock_started_at)
    general = make_ticket(submitter=citizen, description="南京东路路灯不亮")  # no limit of its own: the clock's 5
    assert general.clock_amount == 5 and general.due_at == _handling_deadline(5, general.clock_started_at)

    ticket = ticket_dispatch(
        ticket=ticket, organisation=Organisation.objects.get(code="310101013"), user=handler, reason="属外滩街道"
    )
    assert (ticket.clock, ticket.clock_amount) == ("hotline.handle", 3)
    assert ticket.due_at == _handling_deadline(3, ticket.clock_started_at)
    ticket = ticket_reply(ticket=ticket, user=demo_users["hp_justice"], text="已责令停工")
    assert (ticket.clock, ticket.due_at) == ("", None)  # waiting for the citizen: no staff deadline
    ticket = ticket_reopen(ticket=ticket, user=citizen, reason="晚上还在施工")
    assert (ticket.clock, ticket.clock_amount) == ("hotline.handle", 3)
    assert ticket.due_at == _handling_deadline(3, ticket.clock_started_at)

    urgent = make_ticket(code="noise", description="工地夜间打桩", is_emergency=True)
    assert urgent.clock_amount == 1  # the fast track's 1 day, shorter than the category's 3


def test_an_unplaced_ticket_waits_for_dispatch_on_the_dispatch_clock(demo_users):
    ticket = make_ticket(submitter=demo_users["citizen"], street=None, code="noise", description="不知道在哪个街道")
    assert ticket.status == TicketStatus.REGISTERED and ticket.clock == "hotline.dispatch"
    ticket = ticket_dispatch(
        ticket=ticket, organisation=Organisation.objects.get(code=NANJING_ROAD), user=demo_users["admin"]
    )
    assert ticket.status == TicketStatus.DISPATCHED and (ticket.clock, ticket.clock_amount) == ("hotline.handle", 3)


def _refusals(ticket):
    from fazhi.audit.models import AuditEntry

    return AuditEntry.objects.filter(action="step_refused", object_id=str(ticket.pk), content_type__model="ticket")


def test_a_step_from_the_wrong_state_is_refused_and_audited(demo_users):
    citizen, handler = demo_users["citizen"], demo_users["njdl_handler"]
    ticket = make_ticket(submitter=citizen)
    events = MatterEvent.objects.count()
    with pytest.raises(ValidationError):
        ticket_confirm(ticket=ticket, user=citizen, rating=5)  # nothing to confirm before the reply
    ticket = ticket_reply(ticket=ticket, user=handler, text="已清运")
    with pytest.raises(ValidationError):
        ticket_reply(ticket=ticket, user=handler, text="再答复一次")  # replied already: waiting for the citizen
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.REPLIED and ticket.reply == "已清运"
    assert MatterEvent.objects.count() == events + 1  # only the reply
    refused = list(_refusals(ticket).order_by("pk"))
    assert [entry.after["step"] for entry in refused] == ["confirm", "reply"]
    assert [entry.after["state"] for entry in refused] == ["dispatched", "replied"]
    assert refused[0].after["user"] == citizen.pk and refused[1].after["user"] == handler.pk


def test_a_step_by_the_wrong_role_is_refused_and_audited(demo_users):
    citizen, handler = demo_users["citizen"], demo_users["njdl_handler"]
    ticket = make_ticket(submitter=citizen)
    with pytest.raises(PermissionDenied, match="南京东路街道"):
        ticket_reply(ticket=ticket, user=citizen, text="我自己答复")  # the reporter does not reply
    with pytest.raises(PermissionDenied):
        ticket_dispatch(ticket=ticket, organisation=hotline_centre(), user=demo_users["leader"], reason="x")
    ticket = ticket_reply(ticket=ticket, user=handler, text="已清运")
    with pytest.raises(PermissionDenied, match=r"reported|反映"):
        ticket_confirm(ticket=ticket, user=handler, rating=5)  # only the reporter confirms
    with pytest.raises(PermissionDenied):
        ticket_reopen(ticket=ticket, user=handler, reason="x")
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.REPLIED and ticket.rating is None
    refused = _refusals(ticket).order_by("pk")
    assert [(e.after["step"], e.after["user"]) for e in refused] == [
        ("reply", citizen.pk),
        ("dispatch", demo_users["leader"].pk),
        ("confirm", handler.pk),
        ("reopen", handler.pk),
    ]
    assert all(e.message.startswith(e.after["step"] + ":") for e in refused)


def test_handlers_attach_files_checked_by_content(demo_users):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from fazhi.attachments.services import attachment_create
    from fazhi.testing.factories import PDF_BYTES

    ticket = make_ticket(submitter=demo_users["citizen"])
    handler = demo_users["njdl_handler"]
    attachment_create(upload=SimpleUploadedFile("现场.pdf", PDF_BYTES), target=ticket, user=handler, description="")
    with pytest.raises(ValidationError):  # a script dressed as a picture
        attachment_create(
            upload=SimpleUploadedFile("photo.jpg", b"<script>alert(1)</script>"), target=ticket, user=handler
        )
    with pytest.raises(PermissionDenied):
        attachment_create(upload=SimpleUploadedFile("x.pdf", PDF_BYTES), target=ticket, user=demo_users["xh_justice"])


def test_the_timeline_names_who_really_dispatched(demo_users, client_for):
    """Issue #20 (3): the catalogue dispatches a placed ticket, not the citizen (「已派发至责任单位 (市民 张三)」 was
    wrong); a re-dispatch names the staff member who made it."""
    citizen, handler = demo_users["citizen"], demo_users["njdl_handler"]
    ticket = make_ticket(submitter=citizen)
    first = MatterEvent.objects.get(object_id=str(ticket.pk), status=TicketStatus.DISPATCHED)
    assert first.actor is None and "服务目录" in first.note
    other_street = Organisation.objects.get(code="310101013")
    ticket_dispatch(ticket=ticket, organisation=other_street, user=handler, reason="地址属外滩街道")
    second = MatterEvent.objects.filter(object_id=str(ticket.pk), status=TicketStatus.DISPATCHED).last()
    assert second.actor == handler
    html = client_for("admin").get(f"/console/hotline/{ticket.pk}/").content.decode()
    steps = html[html.index('id="timeline"') :]
    steps = steps[: steps.index("</ol>")]
    dispatched = [line for line in steps.split("<li>") if "已派发至责任单位" in line]
    assert len(dispatched) == 2
    assert str(citizen) not in dispatched[0] and "按服务目录自动派发至" in dispatched[0]
    assert str(handler) in dispatched[1]
