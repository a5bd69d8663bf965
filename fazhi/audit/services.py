"""Writing and verifying the audit trail."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from fazhi.audit.models import GENESIS_HASH, AuditEntry, AuditHead
from fazhi.core.context import current_actor


def _head_for_update() -> AuditHead:
    head = AuditHead.objects.select_for_update().filter(pk=1).first()
    if head is None:  # first entry ever (or a test database that was flushed)
        head, _created = AuditHead.objects.get_or_create(pk=1)
        head = AuditHead.objects.select_for_update().get(pk=1)
    return head


def append_entry(
    *,
    action: str,
    content_type: ContentType,
    object_id: Any,
    object_repr: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    organisation: Any = None,
    message: str = "",
) -> AuditEntry | None:
    """Append one entry to the chain, inside the caller's transaction (so it commits or rolls back with it)."""
    actor = current_actor()
    if actor.suppress:
        return None
    user = actor.user if actor.user is not None and getattr(actor.user, "pk", None) else None
    with transaction.atomic():
        head = _head_for_update()
        entry = AuditEntry(
            seq=head.last_seq + 1,
            timestamp=timezone.now(),
            user=user,
            user_repr=(user.get_username() if user is not None else actor.source)[:150],
            organisation=organisation if organisation is not None and organisation.pk else None,
            request_id=actor.request_id,
            source=actor.source,
            action=actor.action or action,
            content_type=content_type,
            object_id=str(object_id),
            object_repr=object_repr[:200],
            before=before,
            after=after,
            message=message or actor.message,
            prev_hash=head.last_hash,
        )
        entry.hash = entry.compute_hash()
        entry.save()
        head.last_seq, head.last_hash = entry.seq, entry.hash
        head.save(update_fields=["last_seq", "last_hash"])
    return entry


def log_change(instance: models.Model, action: str, *, before: Any, after: Any, message: str = "") -> AuditEntry | None:
    """Record a create/update/delete of ``instance`` (called by AuditedModel; services rarely call it directly)."""
    organisation = instance.audit_organisation() if hasattr(instance, "audit_organisation") else None
    return append_entry(
        action=action,
        content_type=ContentType.objects.get_for_model(type(instance), for_concrete_model=False),
        object_id=instance.pk,
        object_repr=str(instance),
        before=before,
        after=after,
        organisation=organisation,
        message=message,
    )


def log_event(instance: models.Model, action: str, message: str = "", **details: Any) -> AuditEntry | None:
    """Record something done *to* a record that is not a field change (an export, a bulk import summary)."""
    organisation = instance.audit_organisation() if hasattr(instance, "audit_organisation") else None
    return append_entry(
        action=action,
        content_type=ContentType.objects.get_for_model(type(instance), for_concrete_model=False),
        object_id=instance.pk,
        object_repr=str(instance),
        after=details or None,
        organisation=organisation,
        message=message,
    )


@dataclass(frozen=True, slots=True)
class ChainBreak:
    seq: int
    entry_id: int | None
    reason: str


def verify_chain(*, batch_size: int = 2000) -> tuple[int, ChainBreak | None]:
    """Walk the whole chain in order. Returns (entries checked, first break or None)."""
    expected_prev = GENESIS_HASH
    expected_seq = 1
    checked = 0
    entries: Iterator[AuditEntry] = (
        AuditEntry.objects.select_related("content_type").order_by("seq").iterator(chunk_size=batch_size)
    )
    for entry in entries:
        if entry.seq != expected_seq:
            return checked, ChainBreak(
                expected_seq, entry.pk, f"entry #{expected_seq} is missing (next is #{entry.seq})"
            )
        if entry.prev_hash != expected_prev:
            return checked, ChainBreak(entry.seq, entry.pk, "its link to the previous entry does not match")
        if entry.compute_hash() != entry.hash:
            return checked, ChainBreak(entry.seq, entry.pk, "its content was changed after it was written")
        expected_prev = entry.hash
        expected_seq += 1
        checked += 1
    head = AuditHead.objects.filter(pk=1).first()
    if head is not None and (head.last_seq != expected_seq - 1 or head.last_hash != expected_prev):
        return checked, ChainBreak(
            expected_seq, None, f"the chain ends at #{expected_seq - 1} but its head says #{head.last_seq}"
        )
    return checked, None
