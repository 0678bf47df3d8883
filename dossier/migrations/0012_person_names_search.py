"""PostgreSQL: an index of people's names and aliases alone, which quotes
and events are matched on (see `dossier.search.NAMES`). SQLite reads the
same columns from the person's FTS5 table (migration 0008)."""

from django.db import migrations

from dossier.migrations import _search_schema as search

# As searched when this migration was written.
TABLE, COLUMNS = "dossier_person", ("name", "aliases")


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in search.postgresql_names_schema(TABLE, COLUMNS):
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in search.postgresql_names_unschema(TABLE, COLUMNS):
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("dossier", "0011_source_public_order")]

    operations = [migrations.RunPython(create, drop)]
