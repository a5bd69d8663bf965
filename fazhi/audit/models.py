"""The tamper-evident audit trail.

Each :class:`AuditEntry` records one change to one business record: when, who, from which request, what the
record looked like before and after. It is written in the business transaction, *unsealed*: its ``content_hash``
(SHA-256 of its content) is set, its place in the chain is not. Sealing (``services.seal_pending``, run after each
commit and by a sweep for anything a crash left behind) takes unsealed entries in insertion order and gives each
its ``seq``, ``prev_hash`` and ``hash`` (covering seq, the predecessor's hash and the content hash) in a short
transaction of its own — the "merge delay" pattern of certificate-transparency logs. Only the sealer locks
:class:`AuditHead`, for milliseconds, so business transactions no longer queue behind one another.

Editing, deleting or inserting a sealed row breaks every link after it; editing an unsealed row breaks its content
hash; ``fazhi audit verify`` names the first broken entry and reports entries left unsealed for too long.

Both hashes are keyed (HMAC-SHA256 under a key kept outside the database, ``fazhi.audit.keys``; the entry records
the key's id), so someone who can write the database but does not hold the key cannot recompute the chain after
changing an entry. Entries with an empty ``key_id`` were written before keyed hashing and verify as plain SHA-256;
one after a keyed entry is a downgrade and breaks the chain. Anchors (``fazhi.audit.anchors``) pin the head outside
the database against a rewrite by someone who holds the key too.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.audit.keys import digest
from fazhi.core.permissions import RestrictedQuerySet, ScopedPolicy

GENESIS_HASH = "0" * 64

#: Content types renamed after entries about them were written (models moved to another app, their content types
#: following them): the current label → the labels earlier entries were hashed with. An entry's content hash names
#: its content type's label, so verification tries these too. Apps that moved models register them here.
FORMER_LABELS: dict[str, tuple[str, ...]] = {}


class AuditEntry(models.Model):
    """One change to one record; never updated or deleted by the application.

    The user and organisation links are plain references (DO_NOTHING, no constraint): deleting a user or an
    organisation must not rewrite the entries that name it, or the chain would break.
    """

    #: The place in the chain, given when the entry is sealed (empty until then; insertion order is ``id``).
    seq = models.BigIntegerField(unique=True, null=True, blank=True, verbose_name=_("sequence"))
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
    #: The client's address for changes made in a request (``core.client.client_ip``: NUM_PROXIES decides).
    ip_address = models.GenericIPAddressField(null=True, blank=True, verbose_name=_("network address"))
    #: The audit key both hashes are keyed with (``fazhi.audit.keys``); empty: plain SHA-256 (written before keys).
    key_id = models.CharField(max_length=32, blank=True, default="", verbose_name=_("audit key"))
    #: HMAC (or, without a key, SHA-256) of the content (:meth:`content`), set when the entry is written.
    content_hash = models.CharField(max_length=64)
    #: Set when sealed: the predecessor's ``hash``, and the HMAC over key id, seq, ``prev_hash`` and ``content_hash``.
    prev_hash = models.CharField(max_length=64, null=True, blank=True)
    hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    sealed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("sealed at"))

    # Readers: administrators everywhere; managers and evaluators within their scope (the record's organisation).
    policy = ScopedPolicy(org_field="organisation")
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ("-id",)
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = (
            models.Index(fields=("content_type", "object_id")),
            # The sealer's and the sweep's work list: small, because entries are sealed right after commit.
            models.Index(fields=("id",), condition=models.Q(seq__isnull=True), name="audit_unsealed"),
        )

    def __str__(self) -> str:
        return f"#{self.seq or '—'} {self.action} {self.object_repr}"

    @property
    def is_sealed(self) -> bool:
        return self.seq is not None

    def content(self, label: str | None = None) -> dict[str, Any]:
        """What the entry says, fixed when it is written (everything but its place in the chain)."""
        content: dict[str, Any] = {
            "timestamp": self.timestamp.isoformat(timespec="microseconds"),
            "user_id": self.user_id,
            "user_repr": self.user_repr,
            "organisation_id": self.organisation_id,
            "request_id": self.request_id,
            "source": self.source,
            "action": self.action,
            "content_type": label or _content_type_label(self.content_type_id),
            "object_id": self.object_id,
            "object_repr": self.object_repr,
            "before": self.before,
            "after": self.after,
            "message": self.message,
        }
        if self.ip_address:  # only entries that have one: older entries keep their content hash
            content["ip_address"] = self.ip_address
        return content

    def compute_content_hash(self, label: str | None = None) -> str:
        """Keyed hash of the content; ``label``: the content type's label (default: looked up in the current
        database; a former one, see ``FORMER_LABELS``; or the label in another database, see ``verify_chain``)."""
        content = self.content(label=label)
        canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return digest(self.key_id, canonical.encode())

    def content_hash_matches(self, label: str | None = None) -> bool:
        """Whether the stored content hash is the content's, under its content type's label or a former one."""
        label = label or _content_type_label(self.content_type_id)
        if self.compute_content_hash(label) == self.content_hash:
            return True
        return any(self.compute_content_hash(former) == self.content_hash for former in FORMER_LABELS.get(label, ()))

    def compute_hash(self) -> str:
        """The chain link: the key, the entry's place, its predecessor's hash and its content hash."""
        return chain_hash(self.seq, self.prev_hash, self.content_hash, self.key_id)


def _content_type_label(content_type_id: int) -> str:
    content_type = ContentType.objects.get_for_id(content_type_id)  # cached per process: no query per entry
    return f"{content_type.app_label}.{content_type.model}"


def chain_hash(seq: int | None, prev_hash: str | None, content_hash: str, key_id: str = "") -> str:
    """The link: plain SHA-256 over seq, predecessor and content hash for an entry written before keys (its old
    form, so existing chains keep verifying); HMAC under the entry's key, over the key id as well, otherwise."""
    if not key_id:
        return digest("", f"{seq}:{prev_hash}:{content_hash}".encode())
    return digest(key_id, f"{key_id}:{seq}:{prev_hash}:{content_hash}".encode())


class AuditHead(models.Model):
    """The tip of the chain (a single row): the last sequence number and hash."""

    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return f"#{self.last_seq} {self.last_hash[:12]}"
