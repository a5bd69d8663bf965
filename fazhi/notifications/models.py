"""A person's inbox: in-app notifications, optionally also sent by e-mail."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.core.permissions import OwnerOnlyPolicy, RestrictedQuerySet


class Notification(models.Model):
    """Not a business record (it is the platform talking to a person), so it is not in the audit trail."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    policy = OwnerOnlyPolicy(owner="recipient")
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = (models.Index(fields=("recipient", "read_at")),)

    def __str__(self) -> str:
        return self.title
