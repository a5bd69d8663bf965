from typing import Any

from django.http import HttpRequest

from fazhi.core.permissions import is_staff_member


def platform(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    unread = 0
    if user is not None and user.is_authenticated:
        from fazhi.notifications.models import Notification

        unread = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
    return {"is_staff_member": is_staff_member(user), "unread_notifications": unread}
