"""Telling people that something happened: every module calls :func:`notify` on status changes."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from fazhi.notifications.models import Notification


def notify(recipients: Any | Iterable[Any], *, title: str, body: str = "", url: str = "") -> list[Notification]:
    """Put a notification in each recipient's inbox and, after commit, e-mail those who want e-mail."""
    if not isinstance(recipients, list | tuple | set):
        recipients = [recipients]
    created = Notification.objects.bulk_create(
        [Notification(recipient=r, title=title[:200], body=body, url=url) for r in recipients if r is not None]
    )
    for notification in created:
        if notification.recipient.email and notification.recipient.email_notifications:
            pk = notification.pk
            transaction.on_commit(lambda pk=pk: send_notification_email.enqueue(pk))
    return created


@task()
def send_notification_email(notification_id: int) -> None:
    notification = Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    if notification is None or notification.emailed_at is not None:
        return  # deleted meanwhile, or a retried job that already sent it
    link = f"\n\n{settings.SITE_URL.rstrip('/')}{notification.url}" if notification.url else ""
    send_mail(notification.title, f"{notification.body}{link}", None, [notification.recipient.email])
    Notification.objects.filter(pk=notification_id).update(emailed_at=timezone.now())


def mark_read(user: Any, ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications (all, or the given ones) read; returns how many changed."""
    queryset = Notification.objects.restrict(user, "change").filter(read_at__isnull=True)
    if ids is not None:
        queryset = queryset.filter(pk__in=list(ids))
    return queryset.update(read_at=timezone.now())
