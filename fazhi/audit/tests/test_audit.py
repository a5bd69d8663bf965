import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from fazhi.audit.models import AuditEntry
from fazhi.audit.services import verify_chain
from fazhi.core.context import acting
from fazhi.orgs.models import Organisation
from fazhi.testing.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def entries_for(obj):
    return AuditEntry.objects.filter(object_id=str(obj.pk), content_type__model=obj._meta.model_name).order_by("seq")


def test_create_update_delete_are_logged_with_before_and_after(demo_users):
    with acting(user=demo_users["hp_manager"], source="web"):
        org = OrganisationFactory(name="旧名称", parent=Organisation.objects.get(code="310101"))
        org.name = "新名称"
        org.save()
        org.save()  # no change → no entry
        pk = org.pk
        org.delete()
    entries = list(AuditEntry.objects.filter(object_id=str(pk), content_type__model="organisation").order_by("seq"))
    assert [e.action for e in entries] == ["create", "update", "delete"]
    create, update, delete = entries
    assert create.after["name"] == "旧名称" and create.before is None
    assert update.before == {"name": "旧名称"} and update.after == {"name": "新名称"}
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
    checked, broken = verify_chain()
    assert broken is None and checked == AuditEntry.objects.count()


def test_editing_a_row_is_caught_at_that_row():
    OrganisationFactory()
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
    victim = AuditEntry.objects.order_by("seq")[3]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [victim.pk])
    _checked, broken = verify_chain()
    assert broken is not None and broken.seq == victim.seq and "missing" in broken.reason


def test_recomputing_a_forged_hash_still_breaks_the_next_link():
    OrganisationFactory()
    OrganisationFactory()
    victim = AuditEntry.objects.order_by("seq")[2]
    victim.message = "forged"
    forged_hash = victim.compute_hash()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditentry SET message=%s, hash=%s WHERE id=%s", ["forged", forged_hash, victim.pk]
        )
    _checked, broken = verify_chain()
    assert broken is not None and broken.seq == victim.seq + 1


def test_truncating_the_tail_is_caught():
    OrganisationFactory()
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
