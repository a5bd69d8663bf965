"""The public time-limit page, the city office's settings, and recomputing deadlines after a holiday-table update."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from fazhi.audit.models import AuditEntry
from fazhi.orgs.models import Organisation
from fazhi.suggestions import services
from fazhi.suggestions.models import Suggestion
from fazhi.workflow.models import ClockSetting

pytestmark = pytest.mark.django_db


def test_anyone_reads_every_time_limit_with_its_basis(client_for):
    page = client_for(None).get("/console/time-limits/").content.decode()
    assert 'id="clock-suggestions.answer"' in page and "政策" in page
    assert "上海市人民建议征集若干规定" in page  # the article the policy limits are under


def test_the_office_changes_a_policy_limit_with_a_reason_and_it_is_audited(client_for, demo_users):
    office = client_for("office")
    refused = office.post(
        "/console/time-limits/suggestions.answer/", {"amount": 30, "emergency_amount": 40, "reason": "试"}
    )
    assert refused.status_code == 400 and "快速通道的时限不能长于普通时限" in refused.content.decode()
    assert not ClockSetting.objects.exists()
    assert office.post("/console/time-limits/suggestions.answer/", {"amount": 30, "reason": "提速"}).status_code == 302
    setting = ClockSetting.objects.get(key="suggestions.answer")
    assert setting.amount == 30 and AuditEntry.objects.filter(object_id=str(setting.pk), action="create").exists()
    assert client_for("hp_justice").post("/console/time-limits/suggestions.answer/", {"amount": 1}).status_code == 403
    assert office.get("/console/time-limits/no.such.clock/").status_code == 404
    # a new clock takes the new amount; one already running keeps its deadline
    hp = demo_users["hp_justice"]
    suggestion = services.suggestion_submit(
        user=demo_users["citizen"],
        theme="t",
        facts="f",
        proposal="p",
        organisation=Organisation.objects.get(code="310101"),
    )
    services.suggestion_accept(suggestion=suggestion, user=hp)
    routed = services.suggestion_route(suggestion=suggestion, user=hp, lead=Organisation.objects.get(code="310101"))
    assert routed.clock_amount == 30


def test_recompute_rewrites_only_stale_deadlines_and_audits_the_run(demo_users):
    suggestion = services.suggestion_submit(
        user=demo_users["citizen"],
        theme="t",
        facts="f",
        proposal="p",
        organisation=Organisation.objects.get(code="310101"),
    )
    right = Suggestion.objects.get(pk=suggestion.pk).due_at
    Suggestion.objects.filter(pk=suggestion.pk).update(due_at=right.replace(year=right.year + 1))
    out = StringIO()
    call_command("workflow_recompute", stdout=out)
    assert "suggestions.suggestion changed: 1" in out.getvalue()
    assert Suggestion.objects.get(pk=suggestion.pk).due_at == right
    assert AuditEntry.objects.filter(action="deadlines_recomputed").exists()
