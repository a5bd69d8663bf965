"""The console's menu shows each person only what they may open: no entry leads anyone to a refusal."""

import pytest
from django.urls import reverse

from fazhi.core.portal import visible_entries
from fazhi.platform.demo import DEMO_ACCOUNTS


@pytest.mark.parametrize("username", [a.username for a in DEMO_ACCOUNTS])
def test_every_console_entry_a_person_sees_opens_for_them(client, demo_users, username):
    user = demo_users[username]
    client.force_login(user)
    refused = {}
    for entry in visible_entries(user, console=True):
        status = client.get(reverse(entry.url_name)).status_code
        if status != 200:
            refused[entry.url_name] = status
    assert not refused, f"{username} is shown entries that refuse them: {refused}"
