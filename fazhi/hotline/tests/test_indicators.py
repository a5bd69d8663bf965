"""The hotline feeds plan supervision: on-time replies and satisfaction, by organisation and period."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from fazhi.hotline.models import Ticket
from fazhi.hotline.services import ticket_confirm, ticket_reply
from fazhi.hotline.tests.factories import make_ticket
from fazhi.indicators.models import Indicator, IndicatorValue
from fazhi.indicators.registry import Period
from fazhi.orgs.models import Organisation

pytestmark = pytest.mark.django_db


def _stored(indicator: Indicator, code: str):
    month = Period.containing("month", timezone.localdate())
    value = IndicatorValue.objects.filter(
        indicator=indicator,
        organisation=Organisation.objects.get(code=code),
        period_kind="month",
        period_start=month.start,
    ).first()
    return value.value if value else "missing"


def test_on_time_and_satisfaction_move_when_tickets_are_answered_and_rated(
    demo_users, django_capture_on_commit_callbacks
):
    on_time = Indicator.objects.create(
        code="hotline_on_time", name="按时答复率", target=Decimal(95), unit="%", formula="hotline_on_time"
    )
    satisfaction = Indicator.objects.create(
        code="hotline_satisfaction", name="满意度", target=Decimal(4), formula="hotline_satisfaction"
    )
    citizen, handler = demo_users["citizen"], demo_users["njdl_handler"]
    with django_capture_on_commit_callbacks(execute=True):
        first = make_ticket(submitter=citizen, description="路灯不亮")
        late = make_ticket(submitter=citizen, description="井盖松动")
        Ticket.objects.filter(pk=late.pk).update(due_at=timezone.now() - dt.timedelta(hours=1))
        late.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        ticket_reply(ticket=first, user=handler, text="已修复")
    assert _stored(on_time, "310101002") == _stored(on_time, "310101") == _stored(on_time, "31") == 100
    with django_capture_on_commit_callbacks(execute=True):
        ticket_reply(ticket=late, user=handler, text="已加固")
    assert _stored(on_time, "310101") == 50
    assert _stored(on_time, "310104") == "missing"  # Xuhui: not touched

    with django_capture_on_commit_callbacks(execute=True):
        ticket_confirm(ticket=first, user=citizen, rating=5)
    assert _stored(satisfaction, "310101") == 5
    with django_capture_on_commit_callbacks(execute=True):
        ticket_confirm(ticket=late, user=citizen, rating=2)
    assert _stored(satisfaction, "310101002") == Decimal("3.50")


def test_a_new_ticket_counts_in_no_period_yet_so_nothing_is_recomputed(demo_users, django_capture_on_commit_callbacks):
    from fazhi.indicators.values import flush_pending

    Indicator.objects.create(
        code="hotline_on_time", name="按时答复率", target=Decimal(95), unit="%", formula="hotline_on_time"
    )
    with django_capture_on_commit_callbacks() as callbacks:
        make_ticket(submitter=demo_users["citizen"], description="路灯不亮")
    assert flush_pending not in callbacks  # neither replied nor rated: no value can have moved
    assert not IndicatorValue.objects.exists()
