"""Files attached to business records (evidence, documents), stored outside the web root.

A file is only ever served by the download view after the permission check; its storage name is random, and
its real type was checked from its content when it was uploaded (see services.py).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fazhi.attachments.targets import ATTACHABLE
from fazhi.core.models import BaseModel
from fazhi.core.permissions import CHANGE, EVERYWHERE, VIEW, ScopedPolicy, perm_codename, policy_of, scopes_for


def storage_name(instance: Attachment, filename: str) -> str:
    # Never the uploader's file name: it may collide, leak information or try path tricks.
    return f"attachments/{instance.uid.hex[:2]}/{instance.uid.hex}"


class AttachmentPolicy(ScopedPolicy):
    """A file is seen by whoever may see its target record under the target's own policy — so it follows a
    suggestion rerouted to another organisation, or a ticket dispatched elsewhere — and by its uploader; public
    files by anyone. Only a grant or ownership of the target counts, not the target being public (an
    organisation's page is public, its private documents are not). Changing or removing a file needs the
    attachment permission and either scope over the organisation it was filed under or the right to change the
    target. ``organisation`` is the target's organisation at upload time: the audit trail's, not the gate."""

    def __init__(self) -> None:
        super().__init__(org_field="organisation", owner="created_by", public=Q(is_public=True), public_actions=(VIEW,))

    def _targets_q(self, user: Any, action: str) -> Q:
        reachable = Q(pk__in=[])
        for label in ATTACHABLE:  # a file on any other model is reached only as public or by its uploader
            model = apps.get_model(label)
            targets = policy_of(model).granted(model._default_manager.all(), user, action)
            ids = targets.annotate(_attachment_key=Cast("pk", models.CharField())).values("_attachment_key")
            reachable |= Q(content_type=ContentType.objects.get_for_model(model), object_id__in=ids)
        return reachable

    def filter(self, queryset: models.QuerySet, user: Any, action: str) -> models.QuerySet:
        if action == VIEW:
            if scopes_for(user, perm_codename(queryset.model, VIEW)) is EVERYWHERE:
                return queryset
            seen = self.public_q() | self._targets_q(user, VIEW)
            if user.is_authenticated:
                seen |= Q(created_by=user)
            return queryset.filter(seen)
        filed_under = super().filter(queryset, user, action)
        if not scopes_for(user, perm_codename(queryset.model, action)):
            return filed_under
        return filed_under | queryset.filter(self._targets_q(user, CHANGE))

    def allows_object(self, user: Any, action: str, obj: models.Model) -> bool:
        target = obj.target  # an unsaved file: judged by its target
        if action == VIEW:
            return obj.is_public or policy_of(type(target)).allows(user, VIEW, target)
        return bool(scopes_for(user, perm_codename(type(obj), action))) and policy_of(type(target)).allows(
            user, CHANGE, target
        )


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

    policy = AttachmentPolicy()

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        indexes = (models.Index(fields=("content_type", "object_id")),)

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("attachments:download", kwargs={"uid": self.uid})
