"""The vocabulary of the permission walk (`fazhi/core/tests/test_permission_walk.py`).

Each app states who may open each of its URLs in `<app>/tests/walk.py`:

- ``EXPECT``: url name → (method, expectation), where an expectation maps a demo role (None = anonymous) to
  one of OK, LOGIN, DENIED, GONE;
- ``samples(users) -> dict``: url name → URL kwargs, building one record of each kind in Huangpu (310101);
- optionally ``DESTRUCTIVE``: url names whose request removes a sample (walked last).

The tables are written by hand: they are the specification, not derived from the policies under test.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fazhi.platform.demo import DEMO_ACCOUNTS

Expectation = Callable[[str | None], str]

ROLES: list[str | None] = [None] + [a.username for a in DEMO_ACCOUNTS]
STAFF = {a.username for a in DEMO_ACCOUNTS if a.role}
#: Accounts without a role: the citizen (who owns the samples' matters) and a business's representative.
CITIZENS = {a.username for a in DEMO_ACCOUNTS if not a.role}
EVERYONE = set(ROLES) - {None}
OK, LOGIN, DENIED, GONE = "ok", "login", "denied", "gone"  # gone: 404 (existence not revealed)


def only(*names: str, others: str = DENIED, anonymous: str = LOGIN, citizen: str | None = None) -> Expectation:
    allowed = set(names)

    def expect(role: str | None) -> str:
        if role is None:
            return anonymous
        if role in CITIZENS and citizen is not None:
            return citizen
        return OK if role in allowed else others

    return expect


def everyone(role: str | None) -> str:
    return OK


def by_role(*, ok, gone) -> Expectation:
    """Staff with the right somewhere but not over this record get a 404; others a 403."""

    def expect(role: str | None) -> str:
        if role is None:
            return LOGIN
        return OK if role in ok else GONE if role in gone else DENIED

    return expect


signed_in = only(*EVERYONE)
staff = only(*STAFF)
# The roles are jobs (accounts/roles.py, the grants each module declares): a page a role's job does not reach is a
# 403 for it; a record outside the scope of a role that reaches the page is a 404.
# Who writes interpretations, lists, solicitations, consultations, surveys and tasks: the supervising offices
# (reviewers); the street handler handles matters and reports progress, it does not author.
AUTHORS = ("admin", "office", "hp_justice", "xh_justice")
HUANGPU_AUTHORS = ("admin", "office", "hp_justice")
# Who reads Huangpu's business records: the organisation manager manages people, not matters.
HUANGPU_READERS = ("admin", "office", "leader", "evaluator", "hp_justice")
# Who reads some matters, plan tasks and consultations somewhere (the others get a 403, not a 404).
# The credit centre's handler (credit_officer) handles matters too, with a scope of its own outside Huangpu.
MATTER_READERS = (
    "admin",
    "office",
    "leader",
    "evaluator",
    "hp_justice",
    "xh_justice",
    "njdl_handler",
    "credit_officer",
)
# Who reads surveys, indicators and the supervising office's records somewhere.
OFFICE_READERS = ("admin", "office", "leader", "evaluator", "hp_justice", "xh_justice")
REVIEWERS = ("admin", "office", "hp_justice", "xh_justice")
HUANGPU_REVIEWERS = ("admin", "office", "hp_justice")
HUANGPU_MANAGERS = ("admin", "hp_manager")


_BOOLEANS = ("boolean", "optional_boolean")  # a form post without the box is "no", never a 400


def workflow_steps(workflow: Any, basename: str, *, takes: Expectation, sees: Expectation) -> dict[str, Any]:
    """The expectations of a workflow's API step actions, from its declaration: a step that needs no input is
    taken by those who ``takes`` (others refused or not found); a step with required fields, posted without a body,
    is a 400 for everyone who ``sees`` the record (the gate lets them in, the body is judged before the service)."""
    return {
        f"api:{basename}-step-{step.name.replace('_', '-')}": (
            "post",
            sees if any(f.required and f.kind not in _BOOLEANS for f in step.fields) else takes,
        )
        for step in workflow.steps
    }


def workflow_step_samples(workflow: Any, basename: str, kwargs: dict[str, Any]) -> dict[str, Any]:
    return {f"api:{basename}-step-{step.name.replace('_', '-')}": kwargs for step in workflow.steps}
