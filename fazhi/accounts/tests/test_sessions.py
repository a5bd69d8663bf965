"""Sessions end (issue #19 point 7): absolute lifetime 12 h, idle timeout per role (staff 30 min, citizens 2 h)."""

from __future__ import annotations

import time

import pytest
from django.test import Client

from fazhi.accounts import middleware

pytestmark = pytest.mark.django_db

HOME = "/accounts/"
MINUTE = 60


class Clock:
    def __init__(self) -> None:
        self.now = time.time()

    def time(self) -> float:
        return self.now

    def tick(self, minutes: float) -> None:
        self.now += minutes * MINUTE


@pytest.fixture
def clock(monkeypatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(middleware, "time", fake)
    return fake


def signed_in(login: str, password: str) -> Client:
    client = Client()
    assert client.post("/accounts/login/", {"username": login, "password": password}).status_code == 302
    return client


def signed_out(response) -> bool:
    return response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_defaults(settings):
    assert settings.SESSION_ABSOLUTE_SECONDS == 12 * 3600
    assert settings.SESSION_IDLE_SECONDS == {"staff": 30 * MINUTE, "citizen": 120 * MINUTE}
    assert settings.SESSION_COOKIE_AGE <= 12 * 3600


def test_staff_idle_for_more_than_30_minutes_must_sign_in_again(clock, password):
    client = signed_in("hp_justice", password)
    clock.tick(29)
    assert client.get(HOME).status_code == 200  # still there, and the idle clock restarts
    clock.tick(29)
    assert client.get(HOME).status_code == 200
    clock.tick(31)
    assert signed_out(client.get(HOME))
    assert "_auth_user_id" not in client.session
    assert signed_out(client.get(HOME))  # and stays signed out


def test_citizens_may_idle_longer_but_not_for_ever(clock, password):
    client = signed_in("citizen", password)
    clock.tick(60)
    assert client.get(HOME).status_code == 200  # an hour writing a suggestion is fine
    clock.tick(121)
    assert signed_out(client.get(HOME))


def test_no_session_outlives_12_hours_however_busy(clock, password):
    client = signed_in("hp_justice", password)
    for _i in range(28):  # active every 25 minutes: 11 h 40 min
        clock.tick(25)
        assert client.get(HOME).status_code == 200
    clock.tick(25)  # 12 h 5 min after signing in
    assert signed_out(client.get(HOME))


def test_settings_change_the_limits(clock, password, settings):
    settings.SESSION_IDLE_SECONDS = {"staff": 5 * MINUTE, "citizen": 10 * MINUTE}
    staff, citizen = signed_in("hp_justice", password), signed_in("citizen", password)
    clock.tick(6)
    assert signed_out(staff.get(HOME))
    assert citizen.get(HOME).status_code == 200


def test_an_expired_session_is_refused_by_the_api(clock, password):
    client = signed_in("hp_justice", password)
    assert client.get("/api/v1/me/").status_code == 200
    clock.tick(31)
    assert client.get("/api/v1/me/").status_code in (401, 403)
