"""Who is acting, and why: the context every audited write picks up.

A contextvar (not a thread-local) so it is correct under ASGI as well as WSGI. The request middleware, the
management commands and the task runner each set it; services may refine the action and message.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from typing import Any


@dataclass(frozen=True, slots=True)
class Actor:
    user: Any = None  # accounts.User or None (system)
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    source: str = "system"  # web, api, cli, task, system
    action: str | None = None  # overrides the generic create/update/delete label, e.g. "role.grant"
    message: str = ""
    suppress: bool = False  # an import writes its own summary entry instead of one per row
    ip_address: str = ""  # the client's address (core.client.client_ip, NUM_PROXIES), empty outside a request


_current: ContextVar[Actor] = ContextVar("fazhi_actor", default=Actor())  # noqa: B039 — frozen dataclass


def current_actor() -> Actor:
    return _current.get()


@contextlib.contextmanager
def acting(**changes: Any) -> Iterator[Actor]:
    """Run a block as someone, or with a specific audit action/message: ``with acting(user=u, source="cli"):``."""
    token = _current.set(replace(_current.get(), **changes))
    try:
        yield _current.get()
    finally:
        _current.reset(token)
