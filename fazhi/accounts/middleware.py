"""Session lifetime (OWASP ASVS 3.3.1/3.3.2): sign in again after an absolute lifetime and after idling.

``settings.SESSION_ABSOLUTE_SECONDS`` (12 hours) counts from the sign-in whatever the person does;
``settings.SESSION_IDLE_SECONDS`` gives the longest pause per role: ``staff`` (anyone who holds a role, 30
minutes) and ``citizen`` (2 hours, for someone writing a long suggestion). Both are policy values. An expired
session is ended (``logout``) before the view runs, so the view sees an anonymous visitor: pages send them to the
sign-in page, the API answers 401/403. Token-authenticated API calls have no session and are not affected.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from fazhi.core.permissions import is_staff_member

STARTED = "fazhi_auth_at"
SEEN = "fazhi_seen_at"
#: Seconds between writes of the last-seen time (so not every request writes the session).
SEEN_RESOLUTION = 60


def stamp_session(sender: Any, request: HttpRequest | None = None, user: Any = None, **kwargs: Any) -> None:
    """On sign-in: the absolute lifetime starts now."""
    session = getattr(request, "session", None)
    if session is not None:
        now = int(time.time())
        session[STARTED] = now
        session[SEEN] = now


def idle_limit(user: Any) -> int:
    limits = settings.SESSION_IDLE_SECONDS
    return int(limits["staff"] if user.is_staff or is_staff_member(user) else limits["citizen"])


def expired(request: HttpRequest, now: int) -> str | None:
    """Why the signed-in session has run out ("absolute" or "idle"), or None."""
    session = request.session
    started = session.get(STARTED)
    seen = session.get(SEEN, started)
    if started is None:  # a session from before this rule: its lifetime starts now
        session[STARTED] = session[SEEN] = now
        return None
    if now - int(started) > settings.SESSION_ABSOLUTE_SECONDS:
        return "absolute"
    idle = now - int(seen)
    # the role is looked up (a query) only after a pause longer than the shortest limit: not on every request
    if idle > min(settings.SESSION_IDLE_SECONDS.values()) and idle > idle_limit(request.user):
        return "idle"
    return None


class SessionLifetimeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            why = expired(request, now)
            if why is not None:
                logout(request)
                messages.info(
                    request,
                    _("You were signed out: a session lasts at most %(hours)s hours. Please sign in again.")
                    % {"hours": f"{settings.SESSION_ABSOLUTE_SECONDS / 3600:g}"}
                    if why == "absolute"
                    else _("You were signed out after a period of inactivity. Please sign in again."),
                )
            elif now - int(request.session.get(SEEN, 0)) >= SEEN_RESOLUTION:
                request.session[SEEN] = now
        return self.get_response(request)
