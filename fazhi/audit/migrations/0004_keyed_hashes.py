"""Keyed hashes: entries record the audit key they are hashed with; existing entries get an empty key id (they
were hashed with plain SHA-256 and keep verifying as such)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_unsealed_entries"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="key_id",
            field=models.CharField(blank=True, default="", max_length=32, verbose_name="audit key"),
        ),
    ]
