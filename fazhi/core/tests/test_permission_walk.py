"""Walk every URL of the platform with every role and check who gets in — and that nothing leaks across scopes.

The expectation tables (each app's `tests/walk.py`) are written by hand: they are the specification, not derived
from the policies under test. A URL without an entry fails the test, so each new page must state who may open it.
"""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.views import APIView

from fazhi.accounts.models import User
from fazhi.core.api import PlatformAPIView, PolicyModelViewSet, PolicyReadOnlyViewSet
from fazhi.core.views import PlatformView
from fazhi.testing.walk import DENIED, GONE, LOGIN, OK, ROLES

pytestmark = pytest.mark.django_db

# Third-party views that keep their own access rules.
EXEMPT_NAMESPACES = {"admin"}
EXEMPT_VIEWS = {"set_language", "api:openapi", "api:docs", "api:redoc"}


def walk_modules():
    """Each platform app's `tests/walk.py` (see fazhi/testing/walk.py)."""
    for config in apps.get_app_configs():
        if config.name.startswith("fazhi."):
            try:
                yield importlib.import_module(f"{config.name}.tests.walk")
            except ModuleNotFoundError as missing:
                if missing.name != f"{config.name}.tests.walk" and missing.name != f"{config.name}.tests":
                    raise


def collect_expectations():
    expect, destructive = {}, set()
    for module in walk_modules():
        clash = set(expect) & set(module.EXPECT)
        assert not clash, f"{module.__name__} repeats {clash}"
        expect.update(module.EXPECT)
        destructive |= getattr(module, "DESTRUCTIVE", set())
    return expect, destructive


EXPECT, DESTRUCTIVE = collect_expectations()


def iter_patterns(patterns=None, prefix=""):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            if entry.namespace in EXEMPT_NAMESPACES:
                continue
            yield from iter_patterns(entry.url_patterns, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{prefix}{entry.name}", entry


@pytest.fixture
def samples(demo_users):
    """One record of each kind, all in Huangpu (310101), to reach with every role."""
    found = {}
    for module in walk_modules():
        found.update(module.samples(demo_users))
    return found


def outcome(response, is_api: bool) -> str:
    status = response.status_code
    if status >= 500:
        return f"server error {status}"
    if status == 302 and "/accounts/login/" in response.get("Location", ""):
        return LOGIN
    if status == 401 and is_api:
        return LOGIN
    if status == 403:
        return DENIED
    if status == 404:
        return GONE
    return OK  # 2xx, redirects elsewhere, and 400 (the request itself was let in, then judged)


def test_every_view_goes_through_the_shared_permission_mechanism():
    offenders = []
    for name, pattern in iter_patterns():
        if name in EXEMPT_VIEWS:
            continue
        view = getattr(pattern.callback, "view_class", None) or getattr(pattern.callback, "cls", None)
        if view is None or not (issubclass(view, PlatformView) or issubclass(view, APIView)):
            offenders.append(name)
            continue
        if (
            issubclass(view, APIView)
            and not issubclass(view, PlatformAPIView | PolicyModelViewSet | PolicyReadOnlyViewSet)
            and name != "api:token-obtain"
        ):
            offenders.append(name)
    assert offenders == []


def test_every_url_has_an_expectation():
    names = {name for name, _ in iter_patterns()} - EXEMPT_VIEWS
    assert names - set(EXPECT) == set(), "add the new URLs to EXPECT in the app's tests/walk.py"
    assert set(EXPECT) - names == set(), "EXPECT names URLs that no longer exist"


@pytest.mark.parametrize("role", ROLES, ids=[r or "anonymous" for r in ROLES])
def test_walk_every_url_with_every_role(role, samples, demo_users):
    def client_as(user_role):
        client = Client(raise_request_exception=True)
        if user_role:
            client.force_login(demo_users[user_role])
        return client

    client = client_as(role)
    mismatches = []
    # Reads first, then writes, and the writes that remove the samples last.
    order = sorted(EXPECT.items(), key=lambda item: (item[1][0] == "post", item[0] in DESTRUCTIVE))
    for name, (method, expect) in order:
        url = reverse(name, kwargs=samples.get(name, {}))
        if name == "accounts:logout":  # would end the walk's own session
            client, walk_client = client_as(role), client
        response = getattr(client, method)(url)
        got, wanted = outcome(response, name.startswith("api:")), expect(role)
        if got != wanted:
            mismatches.append(f"{method.upper()} {url} ({name}): expected {wanted}, got {got} [{response.status_code}]")
        if name == "accounts:logout":
            client = walk_client
    assert "\n".join(mismatches) == ""


def test_lists_do_not_leak_across_districts(client_for, demo_users):
    xh = client_for("xh_justice")
    ids = {u["id"] for u in xh.get("/api/v1/users/?page_size=200").json()["results"]}
    assert ids == {demo_users["xh_justice"].pk}  # a reviewer without account rights sees only themself

    hp = client_for("hp_manager")
    usernames = {u["username"] for u in hp.get("/api/v1/users/?page_size=200").json()["results"]}
    assert {"hp_manager", "hp_justice", "njdl_handler"} <= usernames
    assert not usernames & {"xh_justice", "office", "admin", "leader"}

    entries = hp.get("/api/v1/audit-entries/?page_size=200").json()["results"]
    assert entries and all(e["organisation"] and e["organisation"].startswith("310101") for e in entries)

    html = hp.get("/console/people/").content.decode()
    assert "hp_justice" in html and "xh_justice" not in html


def test_admin_site_is_for_superusers_only(client_for):
    assert client_for(None).get("/admin/").status_code == 302
    assert client_for("hp_manager").get("/admin/").status_code == 302
    assert client_for("admin").get("/admin/").status_code == 200


def test_no_users_are_visible_anonymously(client):
    assert client.get("/api/v1/users/").status_code == 401
    assert User.objects.count() > 0
