"""The client's network address: one rule for every limiter, the lock-out and the audit trail.

``X-Forwarded-For`` is written by whoever sends the request, so it can only be believed as far as our own proxies
wrote it. ``settings.NUM_PROXIES`` says how many reverse proxies we run in front of the application (0: the
browser talks to gunicorn directly; 1: the documented nginx). Each proxy appends the address it received the
request from, so the client is the ``NUM_PROXIES``-th address from the right; anything further left was sent by
the client and is ignored. With ``NUM_PROXIES = 0`` the header is ignored entirely and ``REMOTE_ADDR`` is the client.

Used by DRF's throttles (``core.throttling``), django-ratelimit (``RATELIMIT_IP_META_KEY``), django-axes
(``AXES_CLIENT_IP_CALLABLE``) and the audit entries about sign-in (``accounts.lockout``).
"""

from __future__ import annotations

import ipaddress
from typing import Any

from django.conf import settings

#: What a request with no usable address counts as (gunicorn on a unix socket with no proxy header): one bucket.
UNKNOWN = "0.0.0.0"


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request: Any) -> str:
    """The address of the client that made ``request`` (a Django ``HttpRequest`` or DRF ``Request``)."""
    meta = request.META
    remote = meta.get("REMOTE_ADDR") or ""
    proxies = int(getattr(settings, "NUM_PROXIES", 0) or 0)
    if proxies <= 0:
        return remote or UNKNOWN
    forwarded = [part.strip() for part in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if not forwarded:
        return remote or UNKNOWN
    # Our nearest proxy is REMOTE_ADDR; the ones before it appended what they saw to the header.
    chosen = forwarded[-min(proxies, len(forwarded))]
    return _valid(chosen) or remote or UNKNOWN
