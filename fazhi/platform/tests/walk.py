"""Who may open the portal's and console's front pages."""

from fazhi.testing.walk import everyone, signed_in, staff

EXPECT = {
    "portal:home": ("get", everyone),
    "console:home": ("get", staff),
    "portal:landing": ("get", signed_in),  # where logging in leads: a redirect for everyone signed in
}


def samples(users):
    return {}
