"""Files attached to business records (evidence, documents), stored outside the web root.

A file is only ever served by the download view after the permission check; its storage name is random, and
its real type was checked from its content when it was uploaded (see services.py).
"""

from __future__ import annotations

import uuid

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import BaseModel
from fazhi.core.permissions import VIEW, ScopedPolicy


def storage_name(instance: Attachment, filename: str) -> str:
    # Never the uploader's file name: it may collide, leak information or try path tricks.
    return f"attachments/{instance.uid.hex[:2]}/{instance.uid.hex}"


class Attachment(BaseModel):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    file = models.FileField(upload_to=storage_name, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    media_type = models.CharField(_("type"), max_length=120)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64, db_index=True)
    description = models.CharField(_("description"), max_length=200, blank=True)
    is_public = models.BooleanField(
        _("public"), default=False, help_text=_("Public attachments (published documents) can be read by anyone.")
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64, db_index=True)
    target = GenericForeignKey("content_type", "object_id")
    organisation = models.ForeignKey(
        "orgs.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    policy = ScopedPolicy(
        org_field="organisation", owner="created_by", public=Q(is_public=True), public_actions=(VIEW,)
    )

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        indexes = (models.Index(fields=("content_type", "object_id")),)

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("attachments:download", kwargs={"uid": self.uid})
