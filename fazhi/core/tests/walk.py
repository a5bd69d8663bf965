"""Who may open the API's own endpoints (the front pages: fazhi/platform/tests/walk.py)."""

from fazhi.testing.walk import OK, only, signed_in

EXPECT = {
    "api:token-obtain": ("post", only(others=OK, anonymous=OK)),  # bad credentials → 400, never 500
    "api:me": ("get", signed_in),
    "api:roles": ("get", signed_in),
}


def samples(users):
    return {}
