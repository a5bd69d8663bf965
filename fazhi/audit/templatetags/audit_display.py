"""``{% load audit_display %}``: an audit entry's action, actor and record type as people read them."""

from typing import Any

from django import template

from fazhi.audit import display

register = template.Library()


@register.filter
def action_label(action: str) -> Any:
    return display.action_label(action)


@register.filter
def actor(entry: Any) -> Any:
    return display.actor_label(entry)


@register.filter
def record_type(entry: Any) -> Any:
    return display.record_type_label(entry.content_type_id)
