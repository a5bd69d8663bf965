"""Security issue #19 point 4: the chain cannot be rewritten whole by someone who can only write the database."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from fazhi.audit import anchors
from fazhi.audit.models import AuditEntry, AuditHead, chain_hash
from fazhi.audit.services import anchor_head, seal_pending, verify_chain
from fazhi.testing.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

KEY_A = "a:secret-a-0123456789abcdef0123456789"
KEY_B = "b:secret-b-0123456789abcdef0123456789"


@pytest.fixture(autouse=True)
def anchor_path(settings, tmp_path):
    settings.AUDIT_KEYS = [KEY_A, *settings.AUDIT_KEYS]  # the older key stays for the test database's entries
    settings.AUDIT_ANCHOR_FILE = tmp_path / "anchors.jsonl"
    return settings.AUDIT_ANCHOR_FILE


def rewrite_from(seq, *, key_id="", message="forged"):
    """What someone with write access to the database (and no key) does: change entry ``seq``, recompute its content
    hash and every later link with ``key_id`` (empty: plain SHA-256, the old scheme), and the head."""
    prev = AuditEntry.objects.get(seq=seq - 1).hash if seq > 1 else "0" * 64
    for entry in AuditEntry.objects.filter(seq__gte=seq).order_by("seq"):
        if entry.seq == seq:
            entry.message = message
        entry.key_id = key_id
        entry.content_hash = entry.compute_content_hash()
        entry.prev_hash = prev
        entry.hash = chain_hash(entry.seq, prev, entry.content_hash, key_id)
        with connection.cursor() as cursor:  # raw SQL: past the application, as an intruder would
            cursor.execute(
                "UPDATE audit_auditentry SET message=%s, key_id=%s, content_hash=%s, prev_hash=%s, hash=%s WHERE id=%s",
                [entry.message, key_id, entry.content_hash, prev, entry.hash, entry.pk],
            )
        prev = entry.hash
    AuditHead.objects.filter(pk=1).update(last_hash=prev)


def work():
    OrganisationFactory()
    OrganisationFactory()
    seal_pending()


def test_new_entries_are_keyed_with_the_current_key():
    work()
    newest = AuditEntry.objects.order_by("-seq").first()
    assert newest.key_id == "a"
    assert verify_chain()[1] is None


def test_changing_an_entry_and_recomputing_every_later_hash_is_caught():
    """The issue's attack: with plain SHA-256 this verified as intact."""
    work()
    victim = AuditEntry.objects.filter(key_id="a").order_by("seq")[1].seq
    rewrite_from(victim)  # plain SHA-256 from the victim on, head updated
    _checked, broken = verify_chain()
    assert broken is not None and broken.seq == victim and "without a key" in broken.reason
    with pytest.raises(CommandError, match=f"#{victim}"):
        call_command("audit_verify")


def test_recomputing_with_a_guessed_key_is_caught(settings):
    work()
    victim = AuditEntry.objects.filter(key_id="a").order_by("seq")[1].seq
    keys = settings.AUDIT_KEYS
    settings.AUDIT_KEYS = ["a:not-the-real-secret", *keys[1:]]  # the intruder's guess, under the real key id
    rewrite_from(victim, key_id="a")
    settings.AUDIT_KEYS = keys
    _checked, broken = verify_chain()
    assert broken is not None and broken.seq == victim and "changed" in broken.reason


def test_a_chain_written_before_keys_keeps_verifying_and_continues_keyed(settings):
    keys = settings.AUDIT_KEYS
    AuditEntry.objects.all().delete()  # a fresh chain (the test database's own is keyed)
    AuditHead.objects.all().delete()
    settings.AUDIT_KEYS = []  # an installation before this change: plain SHA-256
    work()
    old = set(AuditEntry.objects.values_list("key_id", flat=True))
    assert old == {""}
    settings.AUDIT_KEYS = keys
    work()
    assert set(AuditEntry.objects.values_list("key_id", flat=True)) == {"", "a"}
    checked, broken = verify_chain()
    assert broken is None and checked == AuditEntry.objects.count()


def test_key_rotation_old_entries_verify_with_the_old_key(settings):
    work()
    older = settings.AUDIT_KEYS[1:]
    settings.AUDIT_KEYS = [KEY_B, KEY_A, *older]  # rotated: b is current, a stays for the entries written with it
    work()
    assert {"a", "b"} <= set(AuditEntry.objects.values_list("key_id", flat=True))
    assert AuditEntry.objects.order_by("-seq").first().key_id == "b"
    checked, broken = verify_chain()
    assert broken is None and checked == AuditEntry.objects.count()
    settings.AUDIT_KEYS = [KEY_B, *older]  # key a removed too early
    _checked, broken = verify_chain()
    assert broken is not None and "'a'" in broken.reason and "not configured" in broken.reason


def test_an_unsealed_entry_cannot_be_rewritten_without_the_key():
    seal_pending()
    OrganisationFactory()  # entries committed, not sealed (the test never commits)
    victim = AuditEntry.objects.filter(seq__isnull=True).order_by("id").first()
    victim.message, victim.key_id = "forged", ""
    forged = victim.compute_content_hash()
    AuditEntry.objects.filter(pk=victim.pk).update(message="forged", key_id="", content_hash=forged)
    _checked, broken = verify_chain()
    assert broken is not None and broken.seq is None and broken.entry_id == victim.pk


def test_anchors_catch_a_rewrite_of_the_whole_chain(settings):
    """Someone who holds the key and the database rewrites everything from #1: only the anchor can tell."""
    work()
    anchored = anchor_head()
    assert anchored["seq"] == AuditHead.objects.get(pk=1).last_seq
    work()
    rewrite_from(1, key_id="a")  # with the real key: every hash is valid
    assert verify_chain(anchors=anchors.Anchors())[1] is None  # without anchors, undetectable
    _checked, broken = verify_chain()
    assert broken is not None and broken.seq == anchored["seq"] and "anchor" in broken.reason


def test_anchors_catch_truncation_below_the_anchored_head():
    work()
    anchor_head()
    last = AuditHead.objects.get(pk=1)
    entry = AuditEntry.objects.get(seq=last.last_seq)
    AuditEntry.objects.filter(pk=entry.pk).delete()
    AuditHead.objects.filter(pk=1).update(last_seq=last.last_seq - 1, last_hash=entry.prev_hash)
    _checked, broken = verify_chain()
    assert broken is not None and "entries were removed" in broken.reason


def test_an_edited_anchor_line_is_caught(anchor_path):
    work()
    anchor_head()
    record = json.loads(anchor_path.read_text())
    record["seq"] -= 1
    anchor_path.write_text(json.dumps(record) + "\n")
    _checked, broken = verify_chain()
    assert broken is not None and broken.anchor_line == 1 and "signature" in broken.reason


def test_a_restore_line_supersedes_later_anchors():
    work()
    head = AuditHead.objects.get(pk=1)
    restored_to = (head.last_seq, head.last_hash)
    work()
    anchor_head()  # pins entries a restore to restored_to then loses
    last = AuditHead.objects.get(pk=1).last_seq
    AuditEntry.objects.filter(seq__gt=restored_to[0]).delete()
    AuditHead.objects.filter(pk=1).update(last_seq=restored_to[0], last_hash=restored_to[1])
    assert verify_chain()[1] is not None and last > restored_to[0]
    anchors.append(*restored_to, kind="restore")
    assert verify_chain()[1] is None


def test_anchor_and_verify_commands(anchor_path):
    from io import StringIO

    work()
    out = StringIO()
    call_command("audit_anchor", stdout=out, stderr=StringIO())
    record = json.loads(out.getvalue())
    assert record["seq"] == AuditHead.objects.get(pk=1).last_seq and record["key_id"] == "a" and record["sig"]
    assert anchor_path.read_text().count("\n") == 1
    out = StringIO()
    call_command("audit_verify", stdout=out)
    assert "intact" in out.getvalue() and f"the last #{record['seq']}" in out.getvalue()
    out = StringIO()
    call_command("audit_key", "2027a", stdout=out, stderr=StringIO())
    assert out.getvalue().startswith("2027a:") and len(out.getvalue().strip()) > 40
