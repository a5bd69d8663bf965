"""Substring search of names and violations (``LIKE '%…%'``) served by pg_trgm GIN indexes on PostgreSQL; SQLite
has no such index and scans (its data is small)."""

from django.db import migrations

INDEXES = (
    ("pub_public_name_trgm", "public_name"),
    ("pub_violation_trgm", "violation"),
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON publicity_publisheddecision USING gin ({column} gin_trgm_ops)"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("publicity", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
