"""PostgreSQL: VACUUM (ANALYZE) of the tables 0024 rewrote.

A rewritten table's visibility map is empty, so every index-only scan
reads the table's rows again until autovacuum comes by: the tag pages ran
1.5-1.9 times slower after 0024 until then. And without statistics of the
new columns the planner guesses a thousand matches for every word (0014).
VACUUM cannot run inside a transaction, so this migration is not atomic; it
changes no data, and run again it does the same."""

from django.db import migrations

TABLES = ["dossier_person", "dossier_quote", "dossier_event", "dossier_source", "dossier_claim"]


def vacuum(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(f"VACUUM (ANALYZE) {table}")


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("dossier", "0024_search_documents_declared")]

    operations = [migrations.RunPython(vacuum, migrations.RunPython.noop)]
