"""DRF throttles that find the client the way every other limiter does (``core.client.client_ip``).

DRF's own ``get_ident`` believes ``X-Forwarded-For`` as sent unless ``NUM_PROXIES`` is set, so a client could
escape every limit by writing a new address into the header each time.
"""

from __future__ import annotations

from typing import Any

from rest_framework import throttling

from fazhi.core.client import client_ip


class ClientAddressMixin:
    def get_ident(self, request: Any) -> str:
        return client_ip(request)


class AnonRateThrottle(ClientAddressMixin, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(ClientAddressMixin, throttling.UserRateThrottle):
    pass


class ScopedRateThrottle(ClientAddressMixin, throttling.ScopedRateThrottle):
    pass
