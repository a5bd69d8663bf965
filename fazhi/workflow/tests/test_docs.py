"""The "add a new kind of matter" example in docs/development.md is real code: it runs against the framework."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.db import models

from fazhi.workflow.declaration import Workflow
from fazhi.workflow.fields import form_class, serializer_class

DOC = Path(__file__).resolve().parents[3] / "docs" / "development.md"


def test_the_checklist_example_declares_a_valid_workflow():
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    source = next(block for block in blocks if "APPLICATION_WORKFLOW" in block)

    class ApplicationStatus(models.TextChoices):
        SUBMITTED = "submitted", "submitted"
        WAITING = "waiting", "waiting for materials"
        GRANTED = "granted", "granted"
        REFUSED = "refused", "refused"

    class Application(models.Model):
        status = models.CharField(max_length=12, choices=ApplicationStatus.choices)

        class Meta:
            app_label = "workflow_docs_example"

        def __str__(self) -> str:
            return self.status

    services = SimpleNamespace(ask_for_materials=lambda **kw: None, grant=lambda **kw: None)
    namespace = {"Application": Application, "ApplicationStatus": ApplicationStatus, "services": services}
    exec(compile(source, str(DOC), "exec"), namespace)
    workflow: Workflow = namespace["APPLICATION_WORKFLOW"]
    assert [s.name for s in workflow.steps] == ["ask_for_materials", "grant"]
    assert workflow.steps_from("submitted")[0].name == "ask_for_materials"
    assert "note" in form_class(workflow, "ask_for_materials").base_fields
    assert "lawyer" in serializer_class(workflow, "grant")().fields
    clock = namespace["DECIDE"]
    assert clock.statutory and clock.competing[0].duration.amount == 10


@pytest.mark.parametrize("bad_target", ["nowhere"])
def test_a_step_to_an_unknown_state_is_refused_at_declaration(bad_target):
    from fazhi.suggestions.choices import SuggestionStatus
    from fazhi.suggestions.models import Suggestion
    from fazhi.workflow.declaration import Step

    with pytest.raises(ValueError):
        Workflow(model=Suggestion, states=SuggestionStatus, steps=(Step("x", "x", ("registered",), bad_target),))
