"""Replied tickets the reporter never confirms close by themselves after HOTLINE_CONFIRM_DAYS (the sweep)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from fazhi.casework.services import history
from fazhi.hotline.choices import TicketStatus
from fazhi.hotline.filtersets import TicketFilterSet
from fazhi.hotline.models import Ticket
from fazhi.hotline.services import close_unconfirmed, hotline_sweep_task, ticket_confirm, ticket_reopen, ticket_reply
from fazhi.hotline.tests.factories import make_ticket
from fazhi.notifications.models import Notification

pytestmark = pytest.mark.django_db


def replied(users, *, days_ago: int, description: str) -> Ticket:
    ticket = make_ticket(submitter=users["citizen"], description=description)
    ticket_reply(ticket=ticket, user=users["njdl_handler"], text="已安排清运。")
    Ticket.objects.filter(pk=ticket.pk).update(replied_at=timezone.now() - dt.timedelta(days=days_ago))
    ticket.refresh_from_db()
    return ticket


def test_unconfirmed_replies_close_after_the_window_without_a_rating(demo_users):
    old = replied(demo_users, days_ago=8, description="南京东路垃圾满溢一。")
    recent = replied(demo_users, days_ago=2, description="南京东路垃圾满溢二。")
    rated = replied(demo_users, days_ago=9, description="南京东路垃圾满溢三。")
    ticket_confirm(ticket=rated, user=demo_users["citizen"], rating=4)
    before = Notification.objects.filter(recipient=demo_users["citizen"]).count()

    assert close_unconfirmed() == 1
    old.refresh_from_db()
    assert old.status == TicketStatus.UNCONFIRMED and old.closed_at is not None and old.due_at is None
    assert old.rating is None and old.confirmed_at is None
    last = history(old, for_submitter=True)[-1]
    assert last.status == TicketStatus.UNCONFIRMED and "7" in last.note  # the citizen sees why
    assert Notification.objects.filter(recipient=demo_users["citizen"]).count() == before + 1
    recent.refresh_from_db()
    rated.refresh_from_db()
    assert recent.status == TicketStatus.REPLIED and rated.status == TicketStatus.CLOSED and rated.rating == 4
    assert close_unconfirmed() == 0  # idempotent

    # still reopenable within HOTLINE_REOPEN_DAYS, like a confirmed one
    old = ticket_reopen(ticket=old, user=demo_users["citizen"], reason="问题仍在。")
    assert old.status == TicketStatus.REOPENED


@override_settings(HOTLINE_CONFIRM_DAYS=1)
def test_the_window_is_a_setting_and_the_sweep_runs_as_command_and_task(demo_users):
    ticket = replied(demo_users, days_ago=2, description="南京东路路灯不亮。")
    out = io.StringIO()
    call_command("hotline_sweep", stdout=out)
    assert "1" in out.getvalue()
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.UNCONFIRMED
    other = replied(demo_users, days_ago=3, description="南京东路井盖松动。")
    hotline_sweep_task.enqueue()  # immediate backend in tests; the worker runs it in production
    other.refresh_from_db()
    assert other.status == TicketStatus.UNCONFIRMED


def test_a_reply_awaiting_confirmation_is_not_overdue_for_staff(demo_users):
    from fazhi.casework.queries import work_queue
    from fazhi.casework.services import sweep

    # The reply stops the clock (hotline/workflow.py): staff have nothing to do until the citizen answers.
    ticket = replied(demo_users, days_ago=0, description="南京东路垃圾满溢四。")
    assert ticket.status == TicketStatus.REPLIED and ticket.due_at is None and not ticket.is_overdue
    assert ticket.replied_on_time is True  # counted on time in hotline_on_time
    stale = replied(demo_users, days_ago=0, description="南京东路垃圾满溢五。")
    Ticket.objects.filter(pk=stale.pk).update(due_at=timezone.now() - dt.timedelta(days=20))  # a deadline from before
    later = timezone.now() + dt.timedelta(days=30)
    assert sweep(now=later) == {"alerted": 0, "escalated": 0}  # no alerts, no escalations
    handler = demo_users["njdl_handler"]
    assert not list(work_queue(handler, kind="hotline.ticket", overdue_only=True))
    stale.refresh_from_db()
    assert not stale.is_overdue
    assert not TicketFilterSet({"overdue": "true"}, queryset=Ticket.objects.all()).qs.exists()
    # the auto-close still comes
    assert close_unconfirmed(now=later) == 2
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.UNCONFIRMED


def test_an_overdue_alert_and_its_mark_are_one_step(demo_users, monkeypatch):
    """Found by scripts/crash_test.py's reasoning: a sweep killed between sending the overdue alert and marking the
    ticket alerted sent it again on the next run. Now both commit together or not at all."""
    from fazhi.casework import services as casework

    ticket = make_ticket(submitter=demo_users["citizen"], description="南京东路夜间施工噪声。")
    Ticket.objects.filter(pk=ticket.pk).update(due_at=timezone.now() - dt.timedelta(hours=1))
    real_notify = casework.notify

    def notify_then_die(*args, **kwargs):
        real_notify(*args, **kwargs)
        raise KeyboardInterrupt  # the process dies after the alert is written, before the mark

    monkeypatch.setattr(casework, "notify", notify_then_die)
    about = Notification.objects.filter(title__contains=ticket.tracking_number)
    before = set(about.values_list("pk", flat=True))
    with pytest.raises(KeyboardInterrupt):
        casework.sweep()
    assert set(about.values_list("pk", flat=True)) == before  # no alert without its mark
    monkeypatch.setattr(casework, "notify", real_notify)
    assert casework.sweep()["alerted"] == 1
    alerts = about.exclude(pk__in=before)
    assert alerts.exists() and alerts.count() == len({n.recipient_id for n in alerts})  # once per handler
    assert casework.sweep()["alerted"] == 0
