from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

from fazhi.core.views import LOGIN, ObjectListView, PlatformView
from fazhi.notifications.models import Notification
from fazhi.notifications.services import mark_read


class NotificationListView(ObjectListView):
    access = LOGIN
    model = Notification
    template_name = "notifications/notification_list.html"
    results_template_name = "notifications/_notification_results.html"


class NotificationOpenView(PlatformView):
    """Mark one notification read and follow its link (a POST, so a prefetch cannot mark it)."""

    access = LOGIN

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        notification = Notification.objects.restrict(request.user, "change").filter(pk=pk).first()
        if notification is None:
            return redirect("notifications:list")
        mark_read(request.user, [notification.pk])
        if notification.url and url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
            return redirect(notification.url)
        return redirect("notifications:list")


class NotificationReadAllView(PlatformView):
    access = LOGIN

    def post(self, request: HttpRequest) -> HttpResponse:
        mark_read(request.user)
        return redirect("notifications:list")
