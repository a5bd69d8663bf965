"""One setting decides the client's address for every limiter (issue #19 point 3): NUM_PROXIES."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.test import Client, RequestFactory

from fazhi.casework.abuse import throttle
from fazhi.core.client import client_ip
from fazhi.core.exceptions import TooManyRequests
from fazhi.core.throttling import AnonRateThrottle

TOKEN = "/api/v1/auth/token/"


@pytest.fixture(autouse=True)
def fresh_counters():
    cache.clear()
    yield
    cache.clear()


def request(remote: str = "10.0.0.2", forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/", **extra)


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "client"),
    [
        (0, "198.51.100.7", None, "198.51.100.7"),
        (0, "198.51.100.7", "1.2.3.4", "198.51.100.7"),  # direct: whatever the client writes is ignored
        (1, "10.0.0.2", "198.51.100.7", "198.51.100.7"),  # behind nginx: the address nginx appended
        (1, "10.0.0.2", "1.2.3.4, 198.51.100.7", "198.51.100.7"),  # the client's own entry is ignored
        (2, "10.0.0.2", "1.2.3.4, 198.51.100.7, 10.0.0.9", "198.51.100.7"),  # a CDN in front of nginx
        (1, "10.0.0.2", None, "10.0.0.2"),  # no header: the peer itself
        (1, "", "198.51.100.7", "198.51.100.7"),  # gunicorn on a unix socket behind nginx
        (1, "10.0.0.2", "not-an-address", "10.0.0.2"),
        (0, "", None, "0.0.0.0"),
    ],
)
def test_client_ip(settings, proxies, remote, forwarded, client):
    settings.NUM_PROXIES = proxies
    assert client_ip(request(remote, forwarded)) == client


def hammer_token(client: Client, n: int, **extra) -> list[int]:
    return [client.post(TOKEN, {"username": "nobody", "password": "x"}, **extra).status_code for _i in range(n)]


@pytest.mark.django_db
def test_direct_a_forged_forwarded_header_does_not_escape_the_api_throttle(settings, monkeypatch):
    settings.NUM_PROXIES = 0
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/min"})
    client = Client()
    statuses = [
        client.post(
            TOKEN,
            {"username": "nobody", "password": "x"},
            REMOTE_ADDR="198.51.100.7",
            HTTP_X_FORWARDED_FOR=f"1.1.1.{i}",
        ).status_code
        for i in range(5)
    ]
    assert statuses == [400, 400, 400, 429, 429]


@pytest.mark.django_db
def test_proxied_citizens_behind_one_nginx_have_their_own_api_limits(settings, monkeypatch):
    settings.NUM_PROXIES = 1
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/min"})
    client = Client()
    first = hammer_token(client, 4, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7")
    other = hammer_token(client, 1, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.8")
    forged = hammer_token(client, 1, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="5.5.5.5, 198.51.100.7")
    assert first == [400, 400, 400, 429]
    assert other == [400]  # another citizen behind the same proxy is not limited
    assert forged == [429]  # a header the client wrote in front of nginx's entry changes nothing


def casework_submissions(addresses: list[tuple[str, str | None]]) -> list[bool]:
    from django.contrib.auth.models import AnonymousUser

    passed = []
    for remote, forwarded in addresses:
        req = request(remote, forwarded)
        req.user = AnonymousUser()
        try:
            throttle(req, "test.scope")
            passed.append(True)
        except TooManyRequests:
            passed.append(False)
    return passed


def test_casework_limits_direct(settings):
    settings.NUM_PROXIES = 0
    settings.CASEWORK_RATE_LIMITS = {"default": ("100/h", "2/h")}
    assert casework_submissions([("198.51.100.7", f"9.9.9.{i}") for i in range(3)]) == [True, True, False]


def test_casework_limits_behind_nginx_count_each_citizen(settings):
    settings.NUM_PROXIES = 1
    settings.CASEWORK_RATE_LIMITS = {"default": ("100/h", "2/h")}
    one = casework_submissions([("10.0.0.2", "198.51.100.7")] * 3)
    another = casework_submissions([("10.0.0.2", "198.51.100.8")])
    assert one == [True, True, False]
    assert another == [True]  # before: every citizen shared the proxy's address and its one limit


@pytest.mark.django_db
def test_the_lock_out_records_the_client_address(settings):
    settings.AXES_ENABLED = True
    settings.NUM_PROXIES = 1
    Client().post(
        "/accounts/login/",
        {"username": "citizen", "password": "wrong"},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="5.5.5.5, 198.51.100.7",
    )
    assert AccessAttempt.objects.get().ip_address == "198.51.100.7"


@pytest.mark.django_db
def test_the_audit_trail_records_the_client_address_and_old_entries_still_verify(settings, client_for):
    from fazhi.audit.models import AuditEntry
    from fazhi.audit.services import seal_pending, verify_chain

    seal_pending()
    older = AuditEntry.objects.order_by("-id").first()
    assert older is not None and not older.ip_address and older.content_hash_matches()  # unchanged hash
    settings.NUM_PROXIES = 1
    client = client_for("citizen")
    client.post(
        "/accounts/profile/",
        {"display_name": "张三丰", "email": "", "phone": "13800138000", "email_notifications": "on"},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="5.5.5.5, 198.51.100.7",
    )
    entry = AuditEntry.objects.order_by("-id").first()
    assert entry is not None and entry.id != older.id
    assert entry.ip_address == "198.51.100.7"
    seal_pending()
    assert verify_chain()[1] is None
    entry.ip_address = "203.0.113.1"  # the address is covered by the content hash
    assert not entry.content_hash_matches()
