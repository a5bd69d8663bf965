"""Who may open the account pages and manage people and their roles (the sample: Huangpu's hp_justice)."""

from fazhi.accounts.models import RoleAssignment
from fazhi.testing.walk import DENIED, GONE, HUANGPU_MANAGERS, everyone, only, signed_in, staff

EXPECT = {
    "accounts:login": ("get", everyone),
    "accounts:register": ("get", everyone),
    "accounts:logout": ("post", everyone),
    "accounts:home": ("get", signed_in),
    "accounts:profile": ("get", signed_in),
    "accounts:password": ("get", signed_in),
    "accounts:token": ("get", signed_in),
    "accounts_console:list": ("get", staff),
    "accounts_console:add": ("get", only(*HUANGPU_MANAGERS)),
    "accounts_console:detail": ("get", only(*HUANGPU_MANAGERS, "hp_justice", others=GONE, citizen=DENIED)),
    "accounts_console:grant": ("post", only(*HUANGPU_MANAGERS, "hp_justice", others=GONE, citizen=DENIED)),
    "accounts_console:revoke": ("post", only(*HUANGPU_MANAGERS, others=GONE, citizen=DENIED)),
    "api:user-list": ("get", signed_in),
    "api:user-detail": ("get", only(*HUANGPU_MANAGERS, "hp_justice", others=GONE)),
    "api:roleassignment-list": ("get", signed_in),
    "api:roleassignment-detail": ("get", only(*HUANGPU_MANAGERS, "hp_justice", others=GONE)),
}
DESTRUCTIVE = {"accounts_console:revoke"}


def samples(users):
    hp_justice = users["hp_justice"]
    assignment = RoleAssignment.objects.get(user=hp_justice)
    return {
        "accounts_console:detail": {"pk": hp_justice.pk},
        "accounts_console:grant": {"pk": hp_justice.pk},
        "accounts_console:revoke": {"pk": assignment.pk},
        "api:user-detail": {"pk": hp_justice.pk},
        "api:roleassignment-detail": {"pk": assignment.pk},
    }
