import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from fazhi.audit.models import AuditEntry, AuditHead
from fazhi.audit.services import seal_pending, stale_unsealed, verify_chain
from fazhi.core.context import acting
from fazhi.orgs.models import Organisation
from fazhi.testing.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def entries_for(obj):
    return AuditEntry.objects.filter(object_id=str(obj.pk), content_type__model=obj._meta.model_name).order_by("id")


def test_create_update_delete_are_logged_with_before_and_after(demo_users):
    with acting(user=demo_users["hp_manager"], source="web"):
        org = OrganisationFactory(name="旧名称", parent=Organisation.objects.get(code="310101"))
        org.name = "新名称"
        org.save()
        org.save()  # no change → no entry
        pk = org.pk
        org.delete()
    entries = list(AuditEntry.objects.filter(object_id=str(pk), content_type__model="organisation").order_by("id"))
    assert [e.action for e in entries] == ["create", "update", "delete"]
    create, update, delete = entries
    assert create.after["name"] == "旧名称" and create.before is None
    # the pinyin initials follow the name (derived, but a change to the record all the same)
    assert update.before == {"name": "旧名称", "initials": "jmc"}
    assert update.after == {"name": "新名称", "initials": "xmc"}
    assert delete.before["name"] == "新名称" and delete.after is None
    assert create.user == demo_users["hp_manager"]
    assert {e.organisation_id for e in entries} == {pk}  # an organisation's entries are filed under itself
    assert all(e.source == "web" for e in entries)


def test_queryset_update_and_delete_are_logged_per_record():
    orgs = [OrganisationFactory(), OrganisationFactory()]
    before = AuditEntry.objects.count()
    Organisation.objects.filter(pk__in=[o.pk for o in orgs]).update(description="批量")
    assert AuditEntry.objects.count() == before + 2
    assert entries_for(orgs[0]).last().after == {"description": "批量"}
    Organisation.objects.filter(pk__in=[o.pk for o in orgs]).delete()
    assert AuditEntry.objects.count() == before + 4


def test_personal_data_is_masked_in_the_trail(demo_users):
    citizen = demo_users["citizen"]
    citizen.phone = "13912345678"
    citizen.save()
    entry = entries_for(citizen).last()
    assert entry.after["phone"] == "139****5678"
    assert "13912345678" not in str(entry.before) + str(entry.after)
    assert "password" not in entry.after


def test_chain_is_intact_after_normal_work():
    OrganisationFactory()
    seal_pending()
    checked, broken = verify_chain()
    assert broken is None and checked == AuditEntry.objects.count()


def test_editing_a_row_is_caught_at_that_row():
    OrganisationFactory()
    seal_pending()
    victim = AuditEntry.objects.order_by("seq")[5]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET object_repr = %s WHERE id = %s", ["篡改", victim.pk])
    checked, broken = verify_chain()
    assert broken is not None and broken.seq == victim.seq and "changed" in broken.reason
    assert checked == victim.seq - 1
    with pytest.raises(CommandError, match=f"#{victim.seq}"):
        call_command("audit_verify")


def test_deleting_a_row_is_caught():
    OrganisationFactory()
    seal_pending()
    victim = AuditEntry.objects.order_by("seq")[3]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [victim.pk])
    _checked, broken = verify_chain()
    assert broken is not None and broken.seq == victim.seq and "missing" in broken.reason


def test_recomputing_a_forged_hash_still_breaks_the_next_link():
    OrganisationFactory()
    OrganisationFactory()
    seal_pending()
    victim = AuditEntry.objects.order_by("seq")[2]
    victim.message = "forged"
    victim.content_hash = victim.compute_content_hash()
    forged_hash = victim.compute_hash()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditentry SET message=%s, content_hash=%s, hash=%s WHERE id=%s",
            ["forged", victim.content_hash, forged_hash, victim.pk],
        )
    _checked, broken = verify_chain()
    assert broken is not None and broken.seq == victim.seq + 1


def test_truncating_the_tail_is_caught():
    OrganisationFactory()
    seal_pending()
    last = AuditEntry.objects.order_by("-seq").first()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [last.pk])
    _checked, broken = verify_chain()
    assert broken is not None and "head" in broken.reason


def test_failed_transaction_leaves_no_entry():
    from django.db import transaction

    before = AuditEntry.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        OrganisationFactory()
        raise RuntimeError
    assert AuditEntry.objects.count() == before
    assert verify_chain()[1] is None


def test_entries_are_written_unsealed_and_sealed_once_after_commit(django_capture_on_commit_callbacks):
    from django.db import transaction

    seal_pending()
    head_before = AuditHead.objects.get(pk=1).last_seq
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        first, second = OrganisationFactory(), OrganisationFactory()
        written = list(AuditEntry.objects.filter(seq__isnull=True).order_by("id"))
        assert len(written) >= 2 and all(e.hash is None and e.content_hash for e in written)
    assert len(callbacks) == 1  # one seal per transaction, however many entries it wrote
    assert not AuditEntry.objects.filter(seq__isnull=True).exists()
    sealed = [AuditEntry.objects.get(pk=e.pk) for e in written]
    assert [e.seq for e in sealed] == list(range(head_before + 1, head_before + 1 + len(written)))  # in write order
    assert sealed[0].prev_hash == AuditEntry.objects.get(seq=head_before).hash if head_before else True
    assert {e.object_id for e in sealed} >= {str(first.pk), str(second.pk)}
    checked, broken = verify_chain()
    assert broken is None and checked == AuditEntry.objects.count()


def test_editing_an_unsealed_entry_is_caught():
    seal_pending()
    OrganisationFactory()  # its entries are committed but (the test never commits) not sealed
    victim = AuditEntry.objects.filter(seq__isnull=True).order_by("id").first()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET after = %s WHERE id = %s", ['{"name": "篡改"}', victim.pk])
    _checked, broken = verify_chain()
    assert broken is not None and broken.seq is None and broken.entry_id == victim.pk and "changed" in broken.reason
    with pytest.raises(CommandError, match=f"unsealed entry \\(row id {victim.pk}\\)"):
        call_command("audit_verify")


def test_sealing_a_tampered_unsealed_entry_does_not_bless_it():
    OrganisationFactory()
    victim = AuditEntry.objects.filter(seq__isnull=True).order_by("id").last()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET object_repr = %s WHERE id = %s", ["篡改", victim.pk])
    seal_pending()
    victim.refresh_from_db()
    _checked, broken = verify_chain()
    assert broken is not None and broken.seq == victim.seq and "changed" in broken.reason


def test_a_crash_between_commit_and_seal_is_reported_then_sealed_by_the_sweep():
    """Entries whose after-commit seal never ran (the process died) are reported by verify once older than the
    grace period, and the sweep seals them into the chain."""
    import datetime as dt

    from django.utils import timezone

    seal_pending()
    OrganisationFactory()
    leftovers = AuditEntry.objects.filter(seq__isnull=True)
    count = leftovers.count()
    assert count and stale_unsealed() == 0  # just written: within the grace period
    # Written an hour ago (the content hash covers the timestamp, so it is recomputed as the writer would have).
    for entry in leftovers:
        entry.timestamp = timezone.now() - dt.timedelta(hours=1)
        entry.content_hash = entry.compute_content_hash()
        entry.save(update_fields=["timestamp", "content_hash"])
    assert stale_unsealed() == count
    with pytest.raises(CommandError, match="not sealed"):
        call_command("audit_verify")
    call_command("audit_seal")
    assert stale_unsealed() == 0 and not AuditEntry.objects.filter(seq__isnull=True).exists()
    call_command("audit_verify")  # intact, nothing left unsealed
    checked, broken = verify_chain()
    assert broken is None and checked == AuditEntry.objects.count()


def test_sealing_in_batches_continues_one_chain():
    seal_pending()
    OrganisationFactory()
    OrganisationFactory()
    pending = AuditEntry.objects.filter(seq__isnull=True).count()
    assert seal_pending(batch_size=1) == pending
    assert seal_pending() == 0
    assert verify_chain()[1] is None
