"""Writing, sealing and verifying the audit trail.

Appending is one INSERT in the caller's transaction (the entry commits or rolls back with the change it records)
and takes no lock. Sealing chains committed entries in short transactions of its own: right after the commit
that wrote them (``transaction.on_commit``) and, for anything a crash left between commit and seal, by the sweep
``fazhi audit seal`` (cron) or :func:`audit_seal_task`.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.utils import timezone
from django_tasks import task as background_task

from fazhi.audit import anchors as anchor_file
from fazhi.audit.keys import UnknownAuditKey, current_key_id
from fazhi.audit.models import GENESIS_HASH, AuditEntry, AuditHead, chain_hash
from fazhi.core.context import current_actor

log = logging.getLogger(__name__)

#: Entries sealed per transaction: the head is locked for one batch at a time.
SEAL_BATCH = 1000


def seal_grace() -> dt.timedelta:
    """How long an entry may stay unsealed before ``verify`` reports it (sealing normally follows the commit)."""
    return dt.timedelta(seconds=getattr(settings, "AUDIT_SEAL_GRACE_SECONDS", 300))


def _head_for_update() -> AuditHead:
    head = AuditHead.objects.select_for_update().filter(pk=1).first()
    if head is None:  # first entry ever (or a test database that was flushed)
        head, _created = AuditHead.objects.get_or_create(pk=1)
        head = AuditHead.objects.select_for_update().get(pk=1)
    return head


#: Entries collected by :func:`batched_entries` instead of inserted one by one.
_batch: ContextVar[list[AuditEntry] | None] = ContextVar("audit_batch", default=None)


@contextmanager
def batched_entries(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Inside the block, entries are collected and inserted together at its end (one multi-row INSERT instead of
    one per record: a bulk import of 100,000 records). Use inside the caller's transaction: the entries commit or
    roll back with the changes they record, exactly as single appends do."""
    token = _batch.set([])
    try:
        yield
        entries = _batch.get() or []
        if entries:
            AuditEntry.objects.using(using).bulk_create(entries, batch_size=1000)
            _schedule_seal(using)
    finally:
        _batch.reset(token)


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
    """Write one unsealed entry inside the caller's transaction (so it commits or rolls back with it); it is
    sealed into the chain after the commit."""
    actor = current_actor()
    if actor.suppress:
        return None
    user = actor.user if actor.user is not None and getattr(actor.user, "pk", None) else None
    entry = AuditEntry(
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
        ip_address=actor.ip_address or None,
    )
    entry.key_id = current_key_id()
    entry.content_hash = entry.compute_content_hash()
    batch = _batch.get()
    if batch is not None:
        batch.append(entry)
        return entry
    entry.save(force_insert=True)
    _schedule_seal(entry._state.db or DEFAULT_DB_ALIAS)
    return entry


def _seal_after_commit() -> None:
    try:
        seal_pending()
    except Exception:  # the change is committed and its entry with it; the sweep seals what is left
        log.exception("sealing the audit trail after commit failed; `fazhi audit seal` will seal the entries")


def _schedule_seal(using: str) -> None:
    """Seal once after the transaction commits, however many entries it wrote."""
    connection = connections[using]
    if not connection.in_atomic_block:
        _seal_after_commit()
        return
    if any(callback[1] is _seal_after_commit for callback in connection.run_on_commit):
        return
    transaction.on_commit(_seal_after_commit, using=using)


def seal_pending(*, batch_size: int = SEAL_BATCH) -> int:
    """Chain every committed unsealed entry, in insertion order; returns how many were sealed.

    Each batch is one short transaction holding the head's lock: concurrent sealers queue for milliseconds and
    the later one finds the work done. Only ids, key ids and content hashes are read: the content was hashed when
    written; each link is keyed with the key its entry was written with.
    """
    sealed = 0
    while True:
        with transaction.atomic():
            head = _head_for_update()
            pending = list(
                AuditEntry.objects.filter(seq__isnull=True)
                .order_by("id")
                .values_list("id", "content_hash", "key_id")[:batch_size]
            )
            if not pending:
                break
            seq, prev, now = head.last_seq, head.last_hash, timezone.now()
            links = []
            for pk, content_hash, key_id in pending:
                seq += 1
                link = chain_hash(seq, prev, content_hash, key_id)
                links.append(AuditEntry(pk=pk, seq=seq, prev_hash=prev, hash=link, sealed_at=now))
                prev = link
            AuditEntry.objects.bulk_update(links, ["seq", "prev_hash", "hash", "sealed_at"])
            head.last_seq, head.last_hash = seq, prev
            head.save(update_fields=["last_seq", "last_hash"])
        sealed += len(pending)
        if len(pending) < batch_size:
            break
    return sealed


@background_task()
def audit_seal_task() -> int:
    """The sealing sweep as a background job (``audit_seal_task.enqueue()``)."""
    return seal_pending()


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
    seq: int | None  # None: an unsealed entry, or the anchor file
    entry_id: int | None
    reason: str
    anchor_line: int | None = None

    @property
    def where(self) -> str:
        if self.anchor_line is not None:
            return f"line {self.anchor_line} of the anchor file"
        if self.seq is None:
            return f"unsealed entry (row id {self.entry_id})"
        return f"entry #{self.seq}" + (f" (row id {self.entry_id})" if self.entry_id else "")


DOWNGRADED = "it is hashed without a key after keyed entries: the chain was rewritten from here"


def verify_chain(
    *, batch_size: int = 2000, using: str = DEFAULT_DB_ALIAS, anchors: anchor_file.Anchors | None = None
) -> tuple[int, ChainBreak | None]:
    """Walk the sealed chain in order, checking each entry against the anchors; then the unsealed entries' content.

    ``using``: another database (a backup being checked before a restore); ``anchors``: default, the anchor file.
    Returns (entries checked, first break or None).
    """
    if anchors is None:
        anchors = anchor_file.read()
    if anchors.problem is not None:
        line, reason = anchors.problem
        return 0, ChainBreak(None, None, reason, anchor_line=line)
    labels = {
        pk: f"{app}.{model}"
        for pk, app, model in ContentType.objects.using(using).values_list("id", "app_label", "model")
    }
    entries = AuditEntry.objects.using(using)
    expected_prev = GENESIS_HASH
    expected_seq = 1
    checked = 0
    keyed = False
    sealed: Iterator[AuditEntry] = entries.filter(seq__isnull=False).order_by("seq").iterator(chunk_size=batch_size)
    try:
        for entry in sealed:
            if entry.seq != expected_seq:
                return checked, ChainBreak(
                    expected_seq, entry.pk, f"entry #{expected_seq} is missing (next is #{entry.seq})"
                )
            if entry.prev_hash != expected_prev:
                return checked, ChainBreak(entry.seq, entry.pk, "its link to the previous entry does not match")
            if keyed and not entry.key_id:
                return checked, ChainBreak(entry.seq, entry.pk, DOWNGRADED)
            keyed = keyed or bool(entry.key_id)
            if not entry.content_hash_matches(labels.get(entry.content_type_id, "?")) or (
                entry.compute_hash() != entry.hash
            ):
                return checked, ChainBreak(entry.seq, entry.pk, "its content was changed after it was written")
            anchored = anchors.expected.get(entry.seq)
            if anchored is not None and anchored != entry.hash:
                return checked, ChainBreak(
                    entry.seq,
                    entry.pk,
                    f"it differs from the anchor of {anchors.when[entry.seq]}: the chain was rewritten up to here",
                )
            expected_prev = entry.hash
            expected_seq += 1
            checked += 1
        last = expected_seq - 1
        head = AuditHead.objects.using(using).filter(pk=1).first()
        if head is not None and (head.last_seq != last or head.last_hash != expected_prev):
            return checked, ChainBreak(
                expected_seq, None, f"the chain ends at #{last} but its head says #{head.last_seq}"
            )
        if anchors.highest > last:
            return checked, ChainBreak(
                expected_seq,
                None,
                f"the chain ends at #{last} but the anchor of {anchors.when[anchors.highest]} records "
                f"#{anchors.highest}: entries were removed",
            )
        keyed = keyed or entries.exclude(key_id="").exists()
        for entry in entries.filter(seq__isnull=True).order_by("id").iterator(chunk_size=batch_size):
            if keyed and not entry.key_id:
                return checked, ChainBreak(None, entry.pk, DOWNGRADED)
            if entry.prev_hash or entry.hash or not entry.content_hash_matches(labels.get(entry.content_type_id, "?")):
                return checked, ChainBreak(None, entry.pk, "its content was changed after it was written")
            checked += 1
    except UnknownAuditKey as exc:
        return checked, ChainBreak(
            entry.seq, entry.pk, f"it is keyed with audit key {exc.key_id!r}, which is not configured (AUDIT_KEYS)"
        )
    return checked, None


def anchor_head() -> dict[str, Any]:
    """Seal what is pending and write the head to the anchor file (``fazhi audit anchor``); returns the record."""
    seal_pending()
    head = AuditHead.objects.filter(pk=1).first()
    seq, hash_ = (head.last_seq, head.last_hash) if head is not None else (0, GENESIS_HASH)
    return anchor_file.append(seq, hash_)


def stale_unsealed(*, older_than: dt.timedelta | None = None) -> int:
    """Entries still unsealed this long after they were written: sealing after commit failed (a crash between
    commit and seal) and the sweep has not run since."""
    cutoff = timezone.now() - (older_than if older_than is not None else seal_grace())
    return AuditEntry.objects.filter(seq__isnull=True, timestamp__lt=cutoff).count()
