"""Password guessing: django-axes counts failed sign-ins per account and per address; this module is our side.

- ``login_name``: the account a log-in name means. A person signs in with a username, an e-mail address or a
  phone number; counting each spelling apart would give a guesser three times the attempts. Names that match no
  account are counted as typed (so a guesser cannot tell which exist).
- ``locked_out_response``: what a locked-out person sees (a page, or JSON in the API): a 429 saying when to try
  again.
- ``on_locked_out``: every lock-out is an audit entry, on the account where there is one.
- ``active_lockouts``/``lockout_lift`` (services): staff see and lift lock-outs in the console; the lift is audited.

Limits are policy values (settings ``AXES_FAILURE_LIMIT``, ``AXES_COOLOFF_TIME``): no law sets them; OWASP ASVS
2.2.1 asks for them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from axes.models import AccessAttempt
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from fazhi.accounts.models import User
from fazhi.audit.services import log_event
from fazhi.core.client import client_ip
from fazhi.core.permissions import CHANGE, EVERYWHERE, policy_of, scopes_for


def login_name(request: Any, credentials: dict[str, Any] | None) -> str | None:
    """The name axes counts failures under: the account's username when the log-in name is one account's."""
    typed = (credentials or {}).get("username")
    if typed is None and request is not None and request.method == "POST":
        typed = request.POST.get("username")
    if not typed:
        return None
    typed = str(typed).strip()[:150]
    matches = list(User.objects.by_login(typed).values_list("username", flat=True)[:2])
    return matches[0] if len(matches) == 1 else typed


def cool_off() -> timedelta:
    return timedelta(hours=float(settings.AXES_COOLOFF_TIME))


def locked_until(*, username: str | None, ip_address: str | None) -> datetime:
    """When the lock on this account or address ends (the last counted failure plus the cool-off)."""
    last = (
        AccessAttempt.objects.filter(Q(username=username) | Q(ip_address=ip_address))
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)
        .first()
    )
    return (last or timezone.now()) + cool_off()


def locked_out_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict[str, Any] | None = None
) -> HttpResponse:
    until = locked_until(username=login_name(request, credentials), ip_address=client_ip(request))
    local = timezone.localtime(until)
    message = _(
        "Too many wrong passwords. Signing in is paused for this account or network address until %(time)s "
        "(about %(minutes)s minutes). You can try again then, or ask the platform's staff to lift the pause."
    ) % {
        "time": time_format(local, "H:i"),
        "minutes": max(1, round((until - timezone.now()).total_seconds() / 60)),
    }
    retry_after = str(max(1, int((until - timezone.now()).total_seconds())))
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message, "locked_until": until.isoformat()}, status=429)
    else:
        response = render(request, "accounts/locked_out.html", {"message": message, "until": local}, status=429)
    response["Retry-After"] = retry_after
    return response


def on_locked_out(
    sender: Any, request: Any = None, username: str | None = None, ip_address: str | None = None, **kwargs: Any
) -> None:
    """Audit the moment a lock begins (axes also signals each refused attempt during it: those are not news)."""
    if request is not None and getattr(request, "axes_failures_since_start", None) is None:
        return
    user = User.objects.filter(username=username).first() if username else None
    target: Any = user or AccessAttempt.objects.filter(Q(username=username) | Q(ip_address=ip_address)).first()
    if target is None:
        return
    log_event(
        target,
        "login.locked_out",
        _("Signing in paused after repeated wrong passwords."),
        ip_address=ip_address,
        username=username if user is None else None,
        minutes=int(cool_off().total_seconds() // 60),
    )


# --- staff: see and lift lock-outs ------------------------------------------------------------------------------


def can_manage_lockouts(user: Any) -> bool:
    """Staff who may change accounts somewhere (the shared policy of ``User``) see lock-outs in their scope."""
    return policy_of(User).allows(user, CHANGE) and bool(scopes_for(user, "accounts.change_user"))


def _city_wide(user: Any) -> bool:
    return scopes_for(user, "accounts.change_user") is EVERYWHERE


def active_lockouts(user: Any) -> QuerySet[AccessAttempt]:
    """Locked account/address records ``user`` may lift: accounts in their scope; addresses and unknown names
    only for a city-wide account manager."""
    since = timezone.now() - cool_off()
    locked = AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gte=since
    ).order_by("-attempt_time")
    if not can_manage_lockouts(user):
        return locked.none()
    if _city_wide(user):
        return locked
    in_scope = User.objects.restrict(user, CHANGE).values_list("username", flat=True)
    return locked.filter(username__in=in_scope)


def lockout_lift(*, attempts: Iterable[AccessAttempt], by: Any, reason: str = "") -> int:
    """Lift lock-outs: forget the counted failures of these records (and of their account), audited."""
    allowed = active_lockouts(by)
    ids = [a.pk for a in attempts]
    records = list(allowed.filter(pk__in=ids))
    if len(records) != len(ids):
        raise PermissionDenied(_("You may not lift this lock-out."))
    lifted = 0
    with transaction.atomic():
        for record in records:
            user = User.objects.filter(username=record.username).first() if record.username else None
            target: Any = user or record
            log_event(
                target,
                "login.lockout_lifted",
                reason or _("Lock-out lifted by staff."),
                ip_address=record.ip_address,
                failures=record.failures_since_start,
            )
        related = Q(pk__in=[r.pk for r in records]) | Q(username__in=[r.username for r in records if r.username])
        lifted, _detail = AccessAttempt.objects.filter(related).delete()
    return lifted
