"""Who may open the portal's and console's front pages and the API's own endpoints."""

from fazhi.testing.walk import OK, everyone, only, signed_in, staff

EXPECT = {
    "portal:home": ("get", everyone),
    "console:home": ("get", staff),
    "api:token-obtain": ("post", only(others=OK, anonymous=OK)),  # bad credentials → 400, never 500
    "api:me": ("get", signed_in),
    "api:roles": ("get", signed_in),
}


def samples(users):
    return {}
