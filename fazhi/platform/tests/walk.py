"""Who may open the portal's and console's front pages."""

from fazhi.testing.walk import everyone, staff

EXPECT = {
    "portal:home": ("get", everyone),
    "console:home": ("get", staff),
}


def samples(users):
    return {}
