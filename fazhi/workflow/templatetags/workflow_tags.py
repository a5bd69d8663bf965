"""``{% clock_note matter %}``: what happens next, by when, and the article (or policy) behind the time limit."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from fazhi.workflow.clocks import CLOCKS
from fazhi.workflow.declaration import WORKFLOWS
from fazhi.workflow.provisions import resolve

register = template.Library()


@register.inclusion_tag("workflow/_clock.html")
def clock_note(matter: Any) -> dict[str, Any]:
    clock = CLOCKS.get(getattr(matter, "clock", "") or "")
    if clock is None or (matter.due_at is None and matter.clock_paused_at is None):
        return {"clock": None}
    workflow = WORKFLOWS.get(matter._meta.label_lower)
    hints = []
    if workflow is not None:
        state = workflow.state_of(matter)
        hints = [str(s.citizen_hint) for s in workflow.steps_from(state) if s.citizen_hint]
    provision = clock.basis or clock.policy_under
    resolved = resolve(provision) if provision else None
    started = timezone.localdate(matter.clock_started_at) if matter.clock_started_at else None
    return {
        "clock": clock,
        "matter": matter,
        "hint": hints[0] if hints else "",
        "provision": provision,
        "url": resolved.url(started) if resolved else "",
        "paused": matter.clock_paused_at is not None,
    }
