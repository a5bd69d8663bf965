"""A workflow, declared once per kind of matter: its states, its steps and the clocks they drive.

Everything that shows or takes a step reads this declaration: the service guard (``engine.transition``), the staff
console's buttons and forms (``console``), the API's ``POST …/<id>/steps/<step>/`` actions and their OpenAPI
entries (``api``), the citizen's "what happens next" and the permission walk's expectations. A module declares its
workflow in ``<app>/workflow.py`` and registers it from its registry; see docs/architecture.md for the checklist.

We keep a small declaration of our own rather than django-fsm-2 or viewflow: a step here is a service function
that locks the row, checks a scoped permission, writes the audit trail and drives a statutory clock, and it
carries the fields of its form and serializer. django-fsm-2's transitions are model methods that change the
state in memory and leave locking, saving and history to the caller, and it has no place for fields or clocks;
viewflow brings its own process models and views. The state graph itself is the simple part (``check``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.db import models

from fazhi.workflow.clocks import Clock, register_clock


class FieldKind(StrEnum):
    TEXT = "text"  # one line
    LONG_TEXT = "long_text"  # a text area
    BOOLEAN = "boolean"
    OPTIONAL_BOOLEAN = "optional_boolean"  # a check box in the console (shown as it is now); null in the API: leave
    CHOICE = "choice"
    INTEGER = "integer"
    URL = "url"
    ORGANISATION = "organisation"  # one active organisation, by code
    ORGANISATIONS = "organisations"  # several, by code
    LAW = "law"  # a work of the law library, by key
    DATE = "date"  # a day (ISO 8601 in the API)
    DECIMAL = "decimal"  # an amount of money, in 元 with two decimals


@dataclass(frozen=True)
class StepField:
    """One input of a step; the console form field and the API serializer field are both made from it."""

    name: str
    label: Any
    kind: FieldKind = FieldKind.TEXT
    required: bool = True
    max_length: int | None = None
    choices: Any = None  # a TextChoices class, for CHOICE
    default: Any = None  # for optional fields; CHOICE defaults to its first choice when not required
    help_text: Any = ""
    min_value: int | None = None
    max_value: int | None = None
    #: The console form shows the record's current value of this attribute (e.g. ``is_emergency``).
    initial_from: str | None = None


class ClockEffect(StrEnum):
    KEEP = "keep"  # the running clock goes on (a note, a conversion)
    START = "start"  # the step starts ``Step.clock`` (a new step, a new clock)
    STOP = "stop"  # no clock runs after the step (closed, or waiting for the citizen)
    PAUSE = "pause"  # time does not count until a step resumes it (hearing, appraisal, supplementing)
    RESUME = "resume"
    EXTEND = "extend"  # the step adds ``extension`` units within the clock's maximum, with a reason


@dataclass(frozen=True)
class Step:
    name: str  # the URL segment and the key of the console form: ``accept``
    label: Any  # the button: "Accept for handling"
    sources: tuple[str, ...]  # the states it may be taken from
    target: str | None = None  # the state it leads to; None: the state stays (a note, a conversion)
    #: The service that performs it, called with the matter (as ``Workflow.matter_arg``), ``user`` and the fields.
    perform: Callable[..., Any] | None = None
    fields: tuple[StepField, ...] = ()
    #: Who may take it, beyond holding the kind's change permission within the matter's scope; the reason a
    #: refusal gives comes from ``refusal``.
    may: Callable[[Any, Any], bool] | None = None
    refusal: Any = ""  # a text, or a function of the matter giving one
    clock_effect: ClockEffect = ClockEffect.KEEP
    clock: str | None = None  # the clock key a START step starts
    done: Any = ""  # the message after success
    #: Shown to the citizen while the matter waits for this step (what happens next), with its clock's date.
    citizen_hint: Any = ""
    #: The step answers with the record it created (a note, a conversion) rather than the matter.
    creates: bool = False

    def __post_init__(self) -> None:
        if self.clock_effect == ClockEffect.START and not self.clock:
            raise ValueError(f"step {self.name}: a START step names its clock")


@dataclass(frozen=True)
class Workflow:
    model: type[models.Model]
    states: Any  # the TextChoices class of the status field
    steps: tuple[Step, ...]
    clocks: tuple[Clock, ...] = ()
    status_field: str = "status"
    matter_arg: str = "matter"  # the keyword the services take the record by (``suggestion=``)
    final_states: frozenset[str] = frozenset()
    #: The clock a new matter starts with (its first step's time limit).
    initial_clock: str | None = None
    #: Called after each transition to record it (history, notification); ``casework`` plugs in its own.
    record: Callable[..., Any] | None = None
    _by_name: dict[str, Step] = field(init=False, repr=False, compare=False, default_factory=dict)

    def __post_init__(self) -> None:
        self._by_name.update({step.name: step for step in self.steps})
        self.check()

    @property
    def kind(self) -> str:
        return self.model._meta.label_lower

    def step(self, name: str) -> Step:
        return self._by_name[name]

    def has_step(self, name: str) -> bool:
        return name in self._by_name

    def steps_from(self, state: str) -> list[Step]:
        return [step for step in self.steps if state in step.sources]

    def state_of(self, matter: Any) -> str:
        return str(getattr(matter, self.status_field))

    def state_label(self, state: str) -> str:
        return str(dict(self.states.choices).get(state, state))

    def check(self) -> None:
        """The declaration is consistent: known states, unique names, clocks declared, no way out of a final
        state except the steps that say so."""
        states = set(self.states.values)
        names = [s.name for s in self.steps]
        if len(set(names)) != len(names):
            raise ValueError(f"{self.kind}: duplicate step names")
        clock_keys = {c.key for c in self.clocks}
        for step in self.steps:
            unknown = (set(step.sources) | ({step.target} if step.target else set())) - states
            if unknown:
                raise ValueError(f"{self.kind}.{step.name}: unknown states {sorted(unknown)}")
            if step.clock and step.clock not in clock_keys:
                raise ValueError(f"{self.kind}.{step.name}: clock {step.clock} is not declared by this workflow")
        if self.initial_clock and self.initial_clock not in clock_keys:
            raise ValueError(f"{self.kind}: initial clock {self.initial_clock} is not declared by this workflow")
        if not set(self.final_states) <= states:
            raise ValueError(f"{self.kind}: unknown final states")


WORKFLOWS: dict[str, Workflow] = {}


def register_workflow(workflow: Workflow) -> Workflow:
    WORKFLOWS[workflow.kind] = workflow
    for clock in workflow.clocks:
        register_clock(clock)
    return workflow


def workflow_of(obj_or_model: Any) -> Workflow:
    model: Any = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    return WORKFLOWS[model._meta.label_lower]


def all_steps() -> Iterable[tuple[Workflow, Step]]:
    for workflow in WORKFLOWS.values():
        for step in workflow.steps:
            yield workflow, step
