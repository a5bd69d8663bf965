"""What core calls but does not own. core imports no app: where its code needs one, it calls a hook here, and the
app that owns the service sets the hook from its registry module at start-up (``AppConfig.ready``).

- ``audit`` sets :func:`set_audit_trail`: every save/delete of an ``AuditedModel`` and every table export writes an
  audit entry through it.
- ``accounts`` sets :func:`set_grants_lookup`: the permission checks in ``core.permissions`` read a user's role
  assignments through it.

A hook nobody set is a configuration error (an app missing from ``INSTALLED_APPS``), never a silent no-op: a save
without its audit entry or a permission check without grants would be wrong, not merely incomplete.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from django.core.exceptions import ImproperlyConfigured
from django.db import models


class ChangeLogger(Protocol):
    def __call__(self, instance: models.Model, action: str, *, before: Any, after: Any, message: str = "") -> Any: ...


class EntryAppender(Protocol):
    def __call__(
        self,
        *,
        action: str,
        content_type: Any,
        object_id: Any,
        object_repr: str,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
        organisation: Any = None,
        message: str = "",
    ) -> Any: ...


#: user → {permission codename: [organisation paths]} (``""`` is the root, i.e. everywhere)
GrantsLookup = Callable[[Any], dict[str, list[str]]]

_change_logger: ChangeLogger | None = None
_entry_appender: EntryAppender | None = None
_grants_lookup: GrantsLookup | None = None


def set_audit_trail(*, log_change: ChangeLogger, append_entry: EntryAppender) -> None:
    global _change_logger, _entry_appender
    _change_logger, _entry_appender = log_change, append_entry


def set_grants_lookup(lookup: GrantsLookup) -> None:
    global _grants_lookup
    _grants_lookup = lookup


def _missing(what: str, app: str) -> ImproperlyConfigured:
    return ImproperlyConfigured(f"No {what} is registered with fazhi.core.hooks: is {app} in INSTALLED_APPS?")


def log_change(instance: models.Model, action: str, *, before: Any, after: Any, message: str = "") -> Any:
    """Record a create/update/delete of ``instance`` in the audit trail."""
    if _change_logger is None:
        raise _missing("audit trail", "fazhi.audit")
    return _change_logger(instance, action, before=before, after=after, message=message)


def append_entry(**entry: Any) -> Any:
    """Write one audit entry that is not a model change (e.g. an export)."""
    if _entry_appender is None:
        raise _missing("audit trail", "fazhi.audit")
    return _entry_appender(**entry)


def grants_for(user: Any) -> dict[str, list[str]]:
    """The user's permissions and the organisation paths where each applies."""
    if _grants_lookup is None:
        raise _missing("role-assignment lookup", "fazhi.accounts")
    return _grants_lookup(user)
