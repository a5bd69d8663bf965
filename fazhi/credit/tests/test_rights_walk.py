"""The permission walk of this part's URLs (walk_rights.py) with every demo role, the way
fazhi/core/tests/test_permission_walk.py walks every app's tests/walk.py (until the walk files are combined)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from fazhi.core.tests.test_permission_walk import outcome
from fazhi.credit.tests import walk_rights
from fazhi.testing.walk import ROLES

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ROLES, ids=[r or "anonymous" for r in ROLES])
def test_walk_rights_urls_with_every_role(role, demo_users):
    samples = walk_rights.samples(demo_users)
    client = Client(raise_request_exception=True)
    if role:
        client.force_login(demo_users[role])
    mismatches = []
    for name, (method, expect) in sorted(walk_rights.EXPECT.items(), key=lambda item: (item[1][0] == "post", item[0])):
        url = reverse(name, kwargs=samples.get(name, {}))
        response = getattr(client, method)(url)
        got, wanted = outcome(response, name.startswith("api:")), expect(role)
        if got != wanted:
            mismatches.append(f"{method.upper()} {url} ({name}): expected {wanted}, got {got} [{response.status_code}]")
    assert "\n".join(mismatches) == ""


def test_every_rights_url_is_walked():
    from fazhi.credit import console_urls_rights, urls_rights
    from fazhi.credit.api import urls_rights as api_urls

    names = {f"credit:{p.name}" for p in urls_rights.urlpatterns}
    names |= {f"credit_console:{p.name}" for p in console_urls_rights.urlpatterns}
    names |= {f"api:{p.name}" for p in api_urls.router.urls}
    assert names - set(walk_rights.EXPECT) == set()
