"""我的办件 reads a page at a time: its queries do not grow with the number of matters, and pages do not overlap."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fazhi.casework.queries import matters_of
from fazhi.hotline.models import Ticket
from fazhi.hotline.tests.factories import make_ticket

pytestmark = pytest.mark.django_db


def tickets_for(user, count: int) -> list[Ticket]:
    made = [
        make_ticket(submitter=user, description=f"南京东路{n}号门口垃圾桶满溢,好几天没人清运") for n in range(count)
    ]
    # Distinct, known change times (newest last made), without going through the services again.
    start = timezone.now() - dt.timedelta(days=1)
    for n, ticket in enumerate(made):
        Ticket.objects.filter(pk=ticket.pk).update(updated_at=start + dt.timedelta(minutes=n))
    return made


def page_queries(client, page: int = 1) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/my/matters/?page={page}")
    assert response.status_code == 200
    return len(captured.captured_queries), response.content.decode()


def test_the_page_costs_the_same_for_3_or_60_matters_and_pages_split_the_list(client_for, demo_users):
    from django.test import Client

    from fazhi.accounts.models import User

    few, many = demo_users["citizen"], User.objects.create_user(username="heavy_citizen", password="x")
    tickets_for(few, 3)
    made = tickets_for(many, 60)
    few_client, many_client = client_for("citizen"), Client()
    many_client.force_login(many)
    page_queries(few_client)  # warm per-process caches
    few_count, _html = page_queries(few_client)
    many_count, first = page_queries(many_client)
    assert many_count == few_count
    _n, second = page_queries(many_client, 2)
    newest_first = [t.tracking_number for t in reversed(made)]
    assert all(number in first for number in newest_first[:50]) and newest_first[50] not in first
    assert all(number in second for number in newest_first[50:]) and newest_first[0] not in second


def test_matters_of_reads_only_the_rows_of_the_slice():
    from fazhi.accounts.models import User

    user = User.objects.create_user(username="slicer", password="x")
    made = tickets_for(user, 12)
    rows = matters_of(user)
    with CaptureQueriesContext(connection) as captured:
        assert len(rows) == 12
        page = rows[5:10]
    assert [row.matter.pk for row in page] == [t.pk for t in reversed(made)][5:10]
    # One COUNT and one SELECT per registered kind, whatever the number of matters.
    from fazhi.casework.registry import MATTER_TYPES

    assert len(captured.captured_queries) == 2 * len(MATTER_TYPES)
    assert [row.matter.pk for row in matters_of(user, open_only=True)] == [t.pk for t in reversed(made)]
    assert rows[-1].matter.pk == made[0].pk and rows[0].matter.pk == made[-1].pk
    with pytest.raises(IndexError):
        rows[12]


def test_a_capped_queue_counts_at_most_its_cap_without_sorting(demo_users):
    from fazhi.casework.queries import work_queue

    made = tickets_for(demo_users["citizen"], 7)
    handler = demo_users["office"]  # the city office may handle every ticket
    queue = work_queue(handler, limit=5)
    with CaptureQueriesContext(connection) as captured:
        assert len(queue) == 5
    counts = [q["sql"] for q in captured.captured_queries]
    assert all("LIMIT 5" in sql and "ORDER BY" not in sql for sql in counts), counts
    assert len(work_queue(handler, limit=50)) == len(made)
    assert [row.matter.pk for row in queue][:5] == [row.matter.pk for row in work_queue(handler, limit=50)][:5]
