"""Everyone signed in reads their own inbox; the sample notification is hp_justice's."""

from fazhi.testing.factories import NotificationFactory
from fazhi.testing.walk import GONE, only, signed_in

EXPECT = {
    "notifications:list": ("get", signed_in),
    "notifications:read_all": ("post", signed_in),
    "notifications:open": ("post", signed_in),  # someone else's notification: redirected to one's own list
    "api:notification-list": ("get", signed_in),
    "api:notification-detail": ("get", only("hp_justice", "admin", others=GONE)),
    "api:notification-mark-read": ("post", signed_in),
}


def samples(users):
    notification = NotificationFactory(recipient=users["hp_justice"])
    return {"notifications:open": {"pk": notification.pk}, "api:notification-detail": {"pk": notification.pk}}
