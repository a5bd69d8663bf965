"""The records part's walk (``walk_records.py``) run by itself, every URL with every demo role, until it is merged
into the app's ``tests/walk.py`` that the platform's permission walk reads."""

import pytest
from django.test import Client
from django.urls import reverse

from fazhi.core.tests.test_permission_walk import outcome
from fazhi.credit.tests import walk_records
from fazhi.testing.walk import ROLES

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ROLES, ids=[r or "anonymous" for r in ROLES])
def test_walk_records_urls(role, demo_users):
    samples = walk_records.samples(demo_users)
    client = Client(raise_request_exception=True)
    if role:
        client.force_login(demo_users[role])
    mismatches = []
    order = sorted(walk_records.EXPECT.items(), key=lambda item: item[1][0] == "post")
    for name, (method, expect) in order:
        url = reverse(name, kwargs=samples.get(name, {}))
        response = getattr(client, method)(url)
        got, wanted = outcome(response, name.startswith("api:")), expect(role)
        if got != wanted:
            mismatches.append(f"{method.upper()} {url} ({name}): expected {wanted}, got {got} [{response.status_code}]")
    assert "\n".join(mismatches) == ""
