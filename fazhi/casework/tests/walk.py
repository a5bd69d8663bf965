"""我的办件 is every signed-in person's own; queues are for staff (each row filtered by the matter's policy);
sensitive words and time limits are city-wide settings for the city office and administrators."""

from fazhi.casework.models import SensitiveWord
from fazhi.testing.walk import DENIED, GONE, everyone, only, signed_in, staff

CITY_WIDE = ("admin", "office")

EXPECT = {
    "casework:mine": ("get", signed_in),
    "casework:track": ("get", everyone),
    "casework_console:queue": ("get", staff),
    "casework_console:moderation": ("get", staff),
    "casework_console:moderate": ("post", only(others=GONE, citizen=DENIED)),  # no such kind: 404 to staff
    "casework_console:words": ("get", only(*CITY_WIDE, "leader", "evaluator")),  # city-wide readers too
    "casework_console:word_add": ("get", only(*CITY_WIDE)),
    "casework_console:word_edit": ("get", only(*CITY_WIDE)),
    "casework_console:word_delete": ("post", only("admin")),  # the office deactivates (no delete right)
    "workflow_console:clocks": ("get", everyone),  # time limits and their provisions are public
    "workflow_console:clock_edit": ("get", only(*CITY_WIDE)),
    "api:my-matters": ("get", signed_in),
    "api:matter-queue": ("get", staff),
    "api:matter-track": ("get", only(others=GONE, anonymous=GONE)),  # the sample number matches nothing
}
DESTRUCTIVE = {"casework_console:word_delete"}


def samples(users):
    word, _created = SensitiveWord.objects.get_or_create(word="走漏风声")
    return {
        "casework_console:moderate": {"kind": "casework.none", "pk": 1},
        "casework_console:word_edit": {"pk": word.pk},
        "casework_console:word_delete": {"pk": word.pk},
        "workflow_console:clock_edit": {"key": "suggestions.accept"},
        "api:matter-track": {"number": "JY20260101-000000"},
    }
