"""The public part's walk table (walk_public.py), walked with every demo role until it joins the app's walk."""

import pytest
from django.test import Client
from django.urls import reverse

from fazhi.core.tests.test_permission_walk import outcome
from fazhi.credit.tests import walk_public
from fazhi.testing.walk import ROLES


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES, ids=[r or "anonymous" for r in ROLES])
def test_walk_public_urls_with_every_role(role, demo_users):
    samples = walk_public.samples(demo_users)
    client = Client(raise_request_exception=True)
    if role:
        client.force_login(demo_users[role])
    mismatches = []
    for name, (method, expect) in walk_public.EXPECT.items():
        url = reverse(name, kwargs=samples.get(name, {}))
        response = getattr(client, method)(url)
        got, wanted = outcome(response, name.startswith("api:")), expect(role)
        if got != wanted:
            mismatches.append(f"{method.upper()} {url} ({name}): expected {wanted}, got {got} [{response.status_code}]")
    assert "\n".join(mismatches) == ""
