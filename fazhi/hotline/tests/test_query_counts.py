"""A submission costs a fixed, small number of queries, and none of them waits for the audit chain's head.

If one of these numbers has to go up, look at the captured statements first: a per-submission lookup that could be
cached, a save that writes nothing new, an extra audit entry.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.hotline.tests.factories import NANJING_ROAD, category

pytestmark = pytest.mark.django_db

# Session, user, category, street; repeat check; ticket + its audit entry; dispatch + its audit entry; history
# entry, the reporter's notification; the handlers and their notifications. (The time limit in force is read once
# per burst of requests: ``fazhi.workflow.models.ClockSetting.amount_for`` caches the settings.)
API_SUBMISSION_QUERIES = 13


def statements(captured: CaptureQueriesContext) -> list[str]:
    """The statements that do work (savepoints depend on how deeply the caller nests transactions)."""
    return [q["sql"] for q in captured.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]


def submit(client, n: int):
    return client.post(
        "/api/v1/tickets/",
        {"category": "noise", "description": f"深夜广场舞音响声音太大,第{n}次", "address": "南京东路 300 号",
         "street": NANJING_ROAD},
        content_type="application/json",
    )  # fmt: skip


def test_an_api_submission_runs_a_fixed_number_of_queries_and_never_locks_the_audit_head(client_for):
    cache.clear()
    category()
    citizen = client_for("citizen")
    assert submit(citizen, 0).status_code == 201  # warms per-process caches (content types, sensitive words)
    with CaptureQueriesContext(connection) as captured:
        response = submit(citizen, 1)
    assert response.status_code == 201, response.content
    sql = statements(captured)
    assert len(sql) == API_SUBMISSION_QUERIES, "\n".join(s[:160] for s in sql)
    assert not any("audit_audithead" in s for s in sql)  # sealing happens after the commit, in its own transaction
    assert sum(s.startswith('INSERT INTO "audit_auditentry"') for s in sql) == 2  # the ticket and its dispatch


def test_sealing_after_the_commit_costs_the_same_for_one_entry_or_many(django_capture_on_commit_callbacks):
    from fazhi.audit.services import seal_pending
    from fazhi.hotline.tests.factories import make_ticket

    seal_pending()
    costs = []
    for count in (1, 5):
        for n in range(count):
            make_ticket(description=f"路灯不亮已经一周,晚上很黑(第{count}-{n}次)")
        with CaptureQueriesContext(connection) as captured:
            sealed = seal_pending()
        assert sealed >= count
        costs.append(len(statements(captured)))
    assert costs[0] == costs[1]
