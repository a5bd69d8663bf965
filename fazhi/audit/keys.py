"""The audit trail's HMAC keys, kept outside the database.

``settings.AUDIT_KEYS`` lists ``"id:secret"`` pairs, newest first (environment ``AUDIT_KEYS``, comma-separated, or a
key generated once into ``var/audit_key``). New entries are hashed with the first key and record its id; entries
written before a rotation keep the id of their key, so they verify as long as that key stays in the list. An
entry with an empty key id was written before keyed hashing (plain SHA-256) and verifies as such.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class UnknownAuditKey(ImproperlyConfigured):
    """An entry or anchor names a key that is not in ``AUDIT_KEYS`` (removed too early, or a forged id)."""

    def __init__(self, key_id: str) -> None:
        super().__init__(f"audit key {key_id!r} is not configured (AUDIT_KEYS)")
        self.key_id = key_id


@lru_cache(maxsize=8)
def _parse(configured: tuple[str, ...]) -> tuple[str, dict[str, bytes]]:
    keys: dict[str, bytes] = {}
    current = ""
    for item in configured:
        key_id, sep, secret = item.strip().partition(":")
        if not sep or not key_id or not secret:
            raise ImproperlyConfigured("AUDIT_KEYS: each key is written id:secret (comma-separated, newest first)")
        if len(key_id) > 32:
            raise ImproperlyConfigured(f"AUDIT_KEYS: key id {key_id!r} is longer than 32 characters")
        keys.setdefault(key_id, secret.encode())
        current = current or key_id
    return current, keys


def _keys() -> tuple[str, dict[str, bytes]]:
    return _parse(tuple(getattr(settings, "AUDIT_KEYS", ()) or ()))


def current_key_id() -> str:
    """The id new entries and anchors are hashed with; empty when no key is configured (plain SHA-256)."""
    return _keys()[0]


def key_for(key_id: str) -> bytes:
    try:
        return _keys()[1][key_id]
    except KeyError:
        raise UnknownAuditKey(key_id) from None


def digest(key_id: str, message: bytes) -> str:
    """HMAC-SHA256 under the key ``key_id``, or plain SHA-256 for an empty id (entries written before keys)."""
    if not key_id:
        return hashlib.sha256(message).hexdigest()
    return hmac.new(key_for(key_id), message, hashlib.sha256).hexdigest()


def new_key_line(key_id: str) -> str:
    """A fresh ``id:secret`` to put first in ``AUDIT_KEYS`` when rotating."""
    return f"{key_id}:{secrets.token_urlsafe(48)}"
