"""Entries are written unsealed and sealed into the chain after commit (see fazhi.audit.models).

Existing entries are re-linked under the new hash (over seq, previous hash and a separate content hash) — but only
after their old chain has been verified, so a trail that was tampered with is not laundered by the migration.
"""

import hashlib
import json

from django.db import migrations, models

GENESIS_HASH = "0" * 64


def _digest(data):
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def relink(apps, schema_editor):
    AuditEntry = apps.get_model("audit", "AuditEntry")
    AuditHead = apps.get_model("audit", "AuditHead")
    ContentType = apps.get_model("contenttypes", "ContentType")
    labels = {ct.pk: f"{ct.app_label}.{ct.model}" for ct in ContentType.objects.all()}
    old_prev, new_prev, seq = GENESIS_HASH, GENESIS_HASH, 0
    batch = []
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=2000):
        content = {
            "timestamp": entry.timestamp.isoformat(timespec="microseconds"),
            "user_id": entry.user_id,
            "user_repr": entry.user_repr,
            "organisation_id": entry.organisation_id,
            "request_id": entry.request_id,
            "source": entry.source,
            "action": entry.action,
            "content_type": labels.get(entry.content_type_id, ""),
            "object_id": entry.object_id,
            "object_repr": entry.object_repr,
            "before": entry.before,
            "after": entry.after,
            "message": entry.message,
        }
        seq += 1
        old = _digest({**content, "seq": entry.seq, "prev_hash": entry.prev_hash})
        if entry.seq != seq or entry.prev_hash != old_prev or entry.hash != old:
            raise RuntimeError(
                f"audit trail broken at entry #{seq} (row id {entry.pk}) before this migration: run "
                "`fazhi audit verify` on the previous release and investigate; nothing was changed"
            )
        old_prev = entry.hash
        entry.content_hash = _digest(content)
        entry.prev_hash = new_prev
        entry.hash = hashlib.sha256(f"{seq}:{new_prev}:{entry.content_hash}".encode()).hexdigest()
        entry.sealed_at = entry.timestamp
        new_prev = entry.hash
        batch.append(entry)
        if len(batch) >= 1000:
            AuditEntry.objects.bulk_update(batch, ["content_hash", "prev_hash", "hash", "sealed_at"])
            batch = []
    AuditEntry.objects.bulk_update(batch, ["content_hash", "prev_hash", "hash", "sealed_at"])
    head = AuditHead.objects.filter(pk=1).first()
    if head is not None and (head.last_seq != seq or head.last_hash != old_prev):
        raise RuntimeError("audit trail head does not match its last entry before this migration; nothing changed")
    if head is not None:
        head.last_hash = new_prev
        head.save(update_fields=["last_hash"])


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="content_hash",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditentry",
            name="sealed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="sealed at"),
        ),
        migrations.RunPython(relink, migrations.RunPython.noop),
    ]
