"""Substring search of organisations' names and former names (``LIKE '%…%'``, fazhi/credit/search.py) served by
pg_trgm GIN indexes on PostgreSQL; SQLite has no such index and scans (its data is small)."""

from django.db import migrations

INDEXES = (
    ("credit_subject_name_trgm", "credit_subject", "name"),
    ("credit_subjectname_name_trgm", "credit_subjectname", "name"),
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("credit", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
