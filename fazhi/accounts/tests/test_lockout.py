"""Password guessing (issue #19 point 2): lock-out per account and per address, lifted by time or by staff, audited."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.test import Client
from django.utils import timezone, translation

from fazhi.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


@pytest.fixture(autouse=True)
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    cache.clear()
    yield
    cache.clear()


def web_login(client: Client, login: str, password: str, address: str = "198.51.100.7"):
    return client.post(LOGIN, {"username": login, "password": password}, REMOTE_ADDR=address)


def test_thirty_wrong_passwords_lock_the_account_and_the_right_one_no_longer_works(client, password):
    statuses = [web_login(client, "citizen", f"wrong-{i}").status_code for i in range(30)]
    assert statuses[:4] == [200] * 4  # the form again, with its error
    assert set(statuses[5:]) == {429}
    response = web_login(client, "citizen", password)
    assert response.status_code == 429
    text = response.content.decode()
    with translation.override("zh-hans"):  # the page in Chinese (the catalogue's translation of the msgid) …
        assert translation.gettext("Signing in is paused") in text
    until = timezone.localtime(timezone.now() + timedelta(seconds=int(response["Retry-After"])))
    assert until.strftime("%H:%M") in text or (until - timedelta(minutes=1)).strftime("%H:%M") in text
    assert response["Retry-After"].isdigit() and int(response["Retry-After"]) <= 15 * 60  # … and when to retry
    assert "_auth_user_id" not in client.session


def test_the_account_is_locked_whatever_name_or_address_is_used(client, password):
    # The guesser rotates addresses and spellings of the same account: the account's count still grows.
    for i in range(5):
        login = ("citizen", "13800138000", "138 0013 8000")[i % 3]
        web_login(client, login, "wrong", address=f"203.0.113.{i}")
    assert web_login(client, "13800138000", password, address="192.0.2.99").status_code == 429
    # Another account from a fresh address is not affected.
    assert web_login(Client(), "hp_justice", password, address="192.0.2.100").status_code == 302


def test_one_address_is_locked_across_accounts(client, password):
    for name in ("a1", "a2", "a3", "a4", "a5"):
        web_login(client, name, "wrong", address="198.51.100.50")
    assert web_login(Client(), "hp_justice", password, address="198.51.100.50").status_code == 429
    assert web_login(Client(), "hp_justice", password, address="198.51.100.51").status_code == 302


def test_time_lifts_the_lock_and_failures_during_it_do_not_prolong_it(client, password):
    for _i in range(5):
        web_login(client, "citizen", "wrong")
    for _i in range(10):  # the guesser keeps going during the lock
        assert web_login(client, "citizen", "wrong").status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert web_login(client, "citizen", password).status_code == 302


def test_admin_login_is_locked_too(password):
    client = Client()
    for _i in range(5):
        client.post("/admin/login/", {"username": "admin", "password": "wrong"}, REMOTE_ADDR="198.51.100.8")
    response = client.post("/admin/login/", {"username": "admin", "password": password}, REMOTE_ADDR="198.51.100.8")
    assert response.status_code == 429


def test_api_token_endpoint_is_locked_with_a_json_answer(password):
    client = Client()
    for _i in range(5):
        client.post("/api/v1/auth/token/", {"username": "citizen", "password": "wrong"}, REMOTE_ADDR="198.51.100.9")
    response = client.post(
        "/api/v1/auth/token/", {"username": "citizen", "password": password}, REMOTE_ADDR="198.51.100.9"
    )
    assert response.status_code == 429
    body = response.json()
    until = timezone.localtime(datetime.fromisoformat(body["locked_until"]))
    assert until.strftime("%H:%M") in body["detail"]
    assert "token" not in response.json()


def test_a_lock_out_is_audited_once(client):
    for _i in range(8):
        web_login(client, "citizen", "wrong")
    entries = AuditEntry.objects.filter(action="login.locked_out")
    assert entries.count() == 1
    assert entries.get().object_repr  # on the citizen's account
    assert entries.get().after["ip_address"] == "198.51.100.7"


def test_staff_see_and_lift_a_lock_out_in_the_console_audited(client, client_for, password, demo_users):
    for _i in range(5):
        web_login(client, "hp_justice", "wrong")
    assert web_login(client, "hp_justice", password).status_code == 429

    manager = client_for("hp_manager")
    page = manager.get("/console/people/lockouts/")
    assert page.status_code == 200
    assert "hp_justice" in page.content.decode() and "198.51.100.*" in page.content.decode()  # address masked
    attempt = AccessAttempt.objects.get(username="hp_justice")
    response = manager.post(f"/console/people/lockouts/{attempt.pk}/lift/")
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="hp_justice").exists()
    lift = AuditEntry.objects.get(action="login.lockout_lifted")
    assert lift.user_id == demo_users["hp_manager"].pk
    assert web_login(client, "hp_justice", password).status_code == 302


def test_lock_outs_are_seen_only_within_scope(client, client_for):
    for _i in range(5):
        web_login(client, "hp_justice", "wrong")  # a Huangpu account
    attempt = AccessAttempt.objects.get(username="hp_justice")
    assert client_for("citizen").get("/console/people/lockouts/").status_code == 403
    assert client_for("xh_justice").get("/console/people/lockouts/").status_code == 403  # manages no accounts
    # The platform administrator (city-wide) sees it; a lift outside one's scope is a 404.
    assert "hp_justice" in client_for("admin").get("/console/people/lockouts/").content.decode()
    assert client_for("citizen").post(f"/console/people/lockouts/{attempt.pk}/lift/").status_code == 403
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()
