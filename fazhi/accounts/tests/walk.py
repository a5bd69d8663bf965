"""Who may open the account pages and manage people and their roles (the sample: Huangpu's hp_justice)."""

from axes.models import AccessAttempt
from django.conf import settings

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
    "accounts_console:lockouts": ("get", only(*HUANGPU_MANAGERS)),
    "accounts_console:lockout_lift": ("post", only(*HUANGPU_MANAGERS)),
    "api:user-list": ("get", signed_in),
    "api:user-detail": ("get", only(*HUANGPU_MANAGERS, "hp_justice", others=GONE)),
    "api:roleassignment-list": ("get", signed_in),
    "api:roleassignment-detail": ("get", only(*HUANGPU_MANAGERS, "hp_justice", others=GONE)),
}
DESTRUCTIVE = {"accounts_console:revoke", "accounts_console:lockout_lift"}


def samples(users):
    hp_justice = users["hp_justice"]
    assignment = RoleAssignment.objects.get(user=hp_justice)
    locked = AccessAttempt.objects.create(  # hp_justice's sign-in, paused after wrong passwords
        username=hp_justice.username,
        ip_address="198.51.100.7",
        user_agent="walk",
        get_data="",
        post_data="",
        http_accept="*/*",
        path_info="/accounts/login/",
        failures_since_start=settings.AXES_FAILURE_LIMIT,
    )
    return {
        "accounts_console:lockout_lift": {"pk": locked.pk},
        "accounts_console:detail": {"pk": hp_justice.pk},
        "accounts_console:grant": {"pk": hp_justice.pk},
        "accounts_console:revoke": {"pk": assignment.pk},
        "api:user-detail": {"pk": hp_justice.pk},
        "api:roleassignment-detail": {"pk": assignment.pk},
    }
