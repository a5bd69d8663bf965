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


#: What each role's console home offers: only what the role can open and use (issue #20: a leader was shown the
#: work and moderation queues, which are empty for anyone who handles no matter).
QUEUES = {"casework_console:queue", "casework_console:moderation", "casework_console:words"}
LEADER_TILES = {
    "workflow_console:clocks",
    "supervision_console:tasks",
    "supervision_console:alerts",
    "supervision_console:scorecard",
    "supervision_console:dashboard",
    "supervision_console:indicators",
    "consultation_console:list",
    "surveys_console:list",
    "hotline_console:list",
    "suggestions_console:list",
    "reports_console:whitepaper",
    "penalties_console:list",  # city-wide readers reach every enforcement body
    "publicity_console:list",
    # credit rights: city-wide readers follow every objection and repair, and the records awaiting deletion
    "credit_console:objections",
    "credit_console:repairs",
    "credit_console:deletions",
    # credit: every provider's records, the catalogue in force (city-wide readers reach the credit centre)
    "credit_console:records",
    "credit_console:catalogues",
}


@pytest.mark.parametrize(
    ("username", "tiles"),
    [
        ("leader", LEADER_TILES),
        ("evaluator", LEADER_TILES | {"audit_console:list"}),
    ],
)
def test_leader_and_evaluator_home_shows_only_what_they_can_use(client, demo_users, username, tiles):
    user = demo_users[username]
    assert {entry.url_name for entry in visible_entries(user, console=True)} == tiles
    client.force_login(user)
    page = client.get("/console/").content.decode()
    assert reverse("supervision_console:dashboard") in page
    for name in QUEUES:
        assert f'href="{reverse(name)}"' not in page


@pytest.mark.parametrize(("username", "queues"), [("hp_justice", True), ("njdl_handler", True), ("hp_manager", False)])
def test_the_queues_appear_to_those_who_handle_matters(demo_users, username, queues):
    shown = {entry.url_name for entry in visible_entries(demo_users[username], console=True)}
    handled = {"casework_console:queue", "casework_console:moderation"}
    assert (handled <= shown) is queues and (bool(handled & shown) is queues)


def test_a_tile_follows_the_pages_own_access_check(demo_users, monkeypatch):
    """The shared mechanism: an entry whose page refuses the person is not shown, whatever the entry's own rule."""
    from fazhi.core.portal import MenuEntry
    from fazhi.core.views import may_open

    leader = demo_users["leader"]
    assert may_open(leader, "supervision_console:dashboard")
    assert not may_open(leader, "hotline_console:intake")  # the page refuses a leader (read-only)
    assert not may_open(demo_users["citizen"], "supervision_console:dashboard")
    assert not MenuEntry("x", "hotline_console:intake", console=True).visible_to(leader)  # no rule of its own
    assert not may_open(leader, "no-such-page")


#: Issue #20: a street handler was shown 16 tiles, most of which it could not use (the handler role granted
#: view/add/change on every module). Each role's console is now what its job is (accounts/roles.py: the grants
#: each module declares).
HANDLER_TILES = {
    "casework_console:queue",
    "casework_console:moderation",
    "workflow_console:clocks",
    "supervision_console:tasks",  # the tasks its organisation leads: progress reports
    "supervision_console:alerts",  # and the alerts on them, to acknowledge
    "consultation_console:list",  # comments to handle, offline comments at a contact point
    "hotline_console:list",
    "suggestions_console:list",
    # not the enforcement consoles: no body under a street's 司法所 enforces anything (enforcement/scope.py)
}
OFFICE_TILES = (LEADER_TILES - {"reports_console:whitepaper"}) | {
    *QUEUES,
    "laws_console:interpretations",
    "laws_console:lists",
    "suggestions_console:solicitations",
    "reports_console:whitepaper",
    "enforcement_console:matters",  # the city's legal office keeps powers, standards and no-penalty lists
    "credit_console:link_account",  # its city-wide grant covers the credit centre
    "credit_console:check",  # reviewers check; the application list is the credit centre's handlers' to write
    "credit_console:lookup",
    "credit_console:reports",
    "enforcement_console:reports",  # reports of violations: the city-wide reviewer reaches every body
}
#: The credit centre's handler: its own matters and the credit consoles, nothing of the districts' enforcement.
CREDIT_OFFICER_TILES = {
    *QUEUES - {"casework_console:words"},
    "workflow_console:clocks",
    "supervision_console:tasks",
    "supervision_console:alerts",
    "consultation_console:list",
    "hotline_console:list",
    "suggestions_console:list",
    "credit_console:records",
    "credit_console:catalogues",
    "credit_console:objections",
    "credit_console:repairs",
    "credit_console:deletions",
    "credit_console:link_account",
    "credit_console:measures",
    "credit_console:check",
    "credit_console:lookup",
    "credit_console:reports",
}
ADMIN_TILES = OFFICE_TILES | {
    "credit_console:measures",
    "accounts_console:list",
    "accounts_console:lockouts",
    "audit_console:list",
    "hotline_console:intake",
}


@pytest.mark.parametrize(
    ("username", "tiles"),
    [
        ("njdl_handler", HANDLER_TILES),
        ("credit_officer", CREDIT_OFFICER_TILES),
        (
            "hotline_operator",
            {"casework_console:queue", "workflow_console:clocks", "hotline_console:list", "hotline_console:intake"},
        ),
        (
            "hp_manager",
            {"accounts_console:list", "accounts_console:lockouts", "audit_console:list", "workflow_console:clocks"},
        ),
        ("office", OFFICE_TILES),
        ("admin", ADMIN_TILES),
    ],
)
def test_each_role_is_shown_the_tiles_of_its_job(client, demo_users, username, tiles):
    user = demo_users[username]
    assert {entry.url_name for entry in visible_entries(user, console=True)} == tiles
    client.force_login(user)
    page = client.get("/console/").content.decode()
    for entry in visible_entries(user, console=True):
        assert f'href="{reverse(entry.url_name)}"' in page
