"""Usability issue #20 point 6: the home page searches the law and promises only what exists; logging in leads
staff to their work queue and citizens to 我的办件 (or to ?next)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from fazhi.core.portal import MENU
from fazhi.platform.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db
EN = {"accept-language": "en"}


def test_home_has_a_law_search_box(client):
    html = client.get("/", headers=EN).content.decode()
    assert f'action="{reverse("laws:search")}"' in html and 'name="q"' in html and 'role="search"' in html


def test_home_promises_no_module_that_does_not_exist(client):
    html = client.get("/", headers=EN).content.decode().lower()
    labels = " ".join(str(entry.label).lower() for entry in MENU)
    for service in ("legal aid", "mediation"):
        assert service in labels or service not in html, f"the home page promises {service}"


def _log_in(username: str, next_url: str = "") -> str:
    client = Client()
    url = reverse("accounts:login") + (f"?next={next_url}" if next_url else "")
    response = client.post(url, {"username": username, "password": DEMO_PASSWORD}, follow=True)
    return response.redirect_chain[-1][0] if response.redirect_chain else ""


@pytest.mark.parametrize(
    "username, lands",
    [("citizen", "casework:mine"), ("hp_justice", "casework_console:queue"), ("leader", "console:home")],
)
def test_login_lands_where_the_person_works(demo_users, username, lands):
    assert _log_in(username) == reverse(lands)


def test_login_follows_next(demo_users):
    assert _log_in("hp_justice", "/laws/") == "/laws/"
