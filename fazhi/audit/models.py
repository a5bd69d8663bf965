"""The tamper-evident audit trail.

Each :class:`AuditEntry` records one change to one business record: when, who, from which request, what the
record looked like before and after. Entries form a hash chain — every entry's ``hash`` covers its own content
and its predecessor's hash — so editing, deleting or inserting a row anywhere breaks every link after it, and
``fazhi audit verify`` names the first broken one. :class:`AuditHead` holds the chain's tip; appending locks
it, which serialises appends on PostgreSQL (SQLite serialises writers already).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.core.permissions import RestrictedQuerySet, ScopedPolicy

GENESIS_HASH = "0" * 64


class AuditEntry(models.Model):
    """One change to one record; never updated or deleted by the application.

    The user and organisation links are plain references (DO_NOTHING, no constraint): deleting a user or an
    organisation must not rewrite the entries that name it, or the chain would break.
    """

    seq = models.BigIntegerField(unique=True, verbose_name=_("sequence"))
    timestamp = models.DateTimeField(db_index=True, verbose_name=_("time"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
    )
    user_repr = models.CharField(max_length=150, blank=True, verbose_name=_("user"))
    organisation = models.ForeignKey(
        "orgs.Organisation", null=True, blank=True, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False
    )
    request_id = models.CharField(max_length=32, blank=True, db_index=True, verbose_name=_("request id"))
    source = models.CharField(max_length=16, blank=True, verbose_name=_("source"))
    action = models.CharField(max_length=64, db_index=True, verbose_name=_("action"))
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64, db_index=True, verbose_name=_("object id"))
    object_repr = models.CharField(max_length=200, verbose_name=_("object"))
    before = models.JSONField(null=True, blank=True, verbose_name=_("before"))
    after = models.JSONField(null=True, blank=True, verbose_name=_("after"))
    message = models.TextField(blank=True, verbose_name=_("message"))
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    # Readers: administrators everywhere; managers and evaluators within their scope (the record's organisation).
    policy = ScopedPolicy(org_field="organisation")
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ("-seq",)
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = (models.Index(fields=("content_type", "object_id")),)

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_repr}"

    def payload(self) -> dict[str, Any]:
        """The content the hash covers: everything but the hash itself."""
        return {
            "seq": self.seq,
            "timestamp": self.timestamp.isoformat(timespec="microseconds"),
            "user_id": self.user_id,
            "user_repr": self.user_repr,
            "organisation_id": self.organisation_id,
            "request_id": self.request_id,
            "source": self.source,
            "action": self.action,
            "content_type": f"{self.content_type.app_label}.{self.content_type.model}",
            "object_id": self.object_id,
            "object_repr": self.object_repr,
            "before": self.before,
            "after": self.after,
            "message": self.message,
            "prev_hash": self.prev_hash,
        }

    def compute_hash(self) -> str:
        canonical = json.dumps(self.payload(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()


class AuditHead(models.Model):
    """The tip of the chain (a single row): the last sequence number and hash."""

    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return f"#{self.last_seq} {self.last_hash[:12]}"
