"""The permission walk over this part's URLs (walk_measures.py), until the walks of the credit parts are combined
into credit/tests/walk.py (the shared walk discovers only that name)."""

import pytest
from django.test import Client
from django.urls import reverse

from fazhi.credit.tests import walk_measures
from fazhi.testing.walk import DENIED, GONE, LOGIN, OK, ROLES

pytestmark = pytest.mark.django_db


def _outcome(response, is_api: bool) -> str:
    status = response.status_code
    if status >= 500:
        return f"server error {status}"
    if status == 302 and "/accounts/login/" in response.get("Location", ""):
        return LOGIN
    if status == 401 and is_api:
        return LOGIN
    return {403: DENIED, 404: GONE}.get(status, OK)


@pytest.mark.parametrize("role", ROLES, ids=[r or "anonymous" for r in ROLES])
def test_walk_measures_urls(role, demo_users):
    samples = walk_measures.samples(demo_users)
    client = Client(raise_request_exception=True)
    if role:
        client.force_login(demo_users[role])
    mismatches = []
    for name, (method, expect) in sorted(walk_measures.EXPECT.items(), key=lambda item: item[1][0] == "post"):
        url = reverse(name, kwargs=samples.get(name, {}))
        response = getattr(client, method)(url)
        got, wanted = _outcome(response, name.startswith("api:")), expect(role)
        if got != wanted:
            mismatches.append(f"{method.upper()} {url} ({name}): expected {wanted}, got {got} [{response.status_code}]")
    assert "\n".join(mismatches) == ""
