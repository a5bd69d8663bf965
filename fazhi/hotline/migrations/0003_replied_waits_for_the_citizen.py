"""A replied ticket waits for the citizen, not for staff: drop the stored time limit of the ``replied`` step and
the deadlines (and overdue marks) it gave tickets now awaiting confirmation."""

from django.db import migrations


def forwards(apps, schema_editor):
    apps.get_model("casework", "TimeLimit").objects.filter(kind="hotline.ticket", step="replied").delete()
    apps.get_model("hotline", "Ticket").objects.filter(status="replied").update(
        due_at=None, overdue_alerted_at=None, escalated_at=None
    )


class Migration(migrations.Migration):
    dependencies = [
        ("hotline", "0002_ticket_media_url_unconfirmed"),
        ("casework", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
