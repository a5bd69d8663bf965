"""The guard every step runs in, on a real kind of matter (people's suggestions): refusals say why, leave nothing
half-written and are audited; a second press of the same button finds the step taken; the API lists each step."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fazhi.audit.models import AuditEntry
from fazhi.casework.models import MatterEvent
from fazhi.orgs.models import Organisation
from fazhi.suggestions import services
from fazhi.suggestions.models import Suggestion
from fazhi.suggestions.workflow import SUGGESTION_WORKFLOW
from fazhi.workflow.engine import available_steps

pytestmark = pytest.mark.django_db


def _submit(citizen) -> Suggestion:
    return services.suggestion_submit(
        user=citizen,
        theme="人行道停车",
        facts="南京东路人行道停满车。",
        proposal="划设停车区。",
        organisation=Organisation.objects.get(code="310101"),
    )


def test_a_step_from_the_wrong_state_is_refused_audited_and_changes_nothing(demo_users):
    suggestion = _submit(demo_users["citizen"])
    events = MatterEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.suggestion_close(suggestion=suggestion, user=demo_users["hp_justice"], note="x")
    assert "cannot be taken now" in " ".join(refused.value.messages) or "不能" in " ".join(refused.value.messages)
    suggestion.refresh_from_db()
    assert suggestion.status == "registered" and MatterEvent.objects.count() == events
    entry = AuditEntry.objects.filter(action="step_refused", object_id=str(suggestion.pk)).get()
    assert entry.user_repr and entry.after["step"] == "close" and entry.after["state"] == "registered"


def test_a_step_by_the_wrong_role_is_refused_before_the_state_is_told(demo_users):
    suggestion = _submit(demo_users["citizen"])
    with pytest.raises(PermissionDenied):
        services.suggestion_accept(suggestion=suggestion, user=demo_users["xh_justice"])
    with pytest.raises(PermissionDenied):  # wrong state *and* wrong role: the role answers, the state stays unsaid
        services.suggestion_close(suggestion=suggestion, user=demo_users["citizen"])
    assert AuditEntry.objects.filter(action="step_refused", object_id=str(suggestion.pk)).count() == 2


def test_pressing_the_same_button_twice_takes_the_step_once(demo_users):
    suggestion = _submit(demo_users["citizen"])
    hp = demo_users["hp_justice"]
    services.suggestion_accept(suggestion=suggestion, user=hp)
    with pytest.raises(ValidationError):  # the stale copy in hand says "registered"; the locked row says otherwise
        services.suggestion_accept(suggestion=suggestion, user=hp)
    assert MatterEvent.objects.filter(object_id=str(suggestion.pk), status="accepted").count() == 1


def test_the_console_offers_what_the_declaration_allows(demo_users):
    suggestion = _submit(demo_users["citizen"])
    names = [s.name for s in available_steps(suggestion, demo_users["hp_justice"])]
    assert names == [s.name for s in SUGGESTION_WORKFLOW.steps_from("registered")]
    assert available_steps(suggestion, demo_users["leader"]) == []  # reads everything, changes nothing


def test_every_step_is_one_api_operation_with_its_fields(client_for):
    schema = client_for("admin").get("/api/v1/openapi.json").json()
    for step in SUGGESTION_WORKFLOW.steps:
        operation = schema["paths"][f"/api/v1/suggestions/{{id}}/steps/{step.name}/"]["post"]
        body = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
        properties = schema["components"]["schemas"][body].get("properties", {})
        assert set(properties) == {f.name for f in step.fields}, step.name
