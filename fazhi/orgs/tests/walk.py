"""Who may open the organisation directory and change it (the directory is public)."""

from fazhi.testing.walk import HUANGPU_MANAGERS, everyone, only

EXPECT = {
    "orgs:list": ("get", everyone),
    "orgs:detail": ("get", everyone),
    "orgs_console:add": ("get", only(*HUANGPU_MANAGERS)),
    "orgs_console:edit": ("get", only(*HUANGPU_MANAGERS)),
    "api:organisation-list": ("get", everyone),
    "api:organisation-detail": ("get", everyone),
    # the picker's search: the directory is public, so is finding in it (only what the policy lets the user see)
    "api:organisation-search": ("get", everyone),
}


def samples(users):
    return {
        "orgs:detail": {"code": "310101"},
        "orgs_console:edit": {"code": "310101"},
        "api:organisation-detail": {"code": "310101"},
    }
