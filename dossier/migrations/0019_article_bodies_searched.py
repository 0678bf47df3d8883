"""Article bodies searched (see dossier/search.py): the source's FTS5 table
on SQLite and its stored search document on PostgreSQL are made again with
the body as a third column (and, on SQLite, prefix indexes).

A later migration that rebuilds dossier_source on SQLite must make its FTS5
table again with the same prefix indexes (see 0008)."""

from django.db import migrations

from dossier.migrations import _search_schema as search

# As searched before and after this migration.
TABLE = "dossier_source"
BEFORE = ("title", "byline")
AFTER = ("title", "byline", "body")
# Prefix indexes for two- and three-letter beginnings: the commonest words of
# the bodies ("the") are read as prefixes.
PREFIX = "2 3"


def _remake(schema_editor, old, new, prefix="") -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        statements = [
            *search.sqlite_unschema(TABLE, old),
            *search.sqlite_schema(TABLE, new, prefix),
        ]
    elif vendor == "postgresql":
        statements = [
            *search.postgresql_column_unschema(TABLE, old, search.DOCUMENT_COLUMN),
            *search.postgresql_column_schema(TABLE, new, search.DOCUMENT_COLUMN),
            f"ANALYZE {TABLE}",
        ]
    else:
        return
    for statement in statements:
        schema_editor.execute(statement)


def forwards(apps, schema_editor):
    _remake(schema_editor, BEFORE, AFTER, PREFIX)


def backwards(apps, schema_editor):
    _remake(schema_editor, AFTER, BEFORE)


class Migration(migrations.Migration):
    dependencies = [("dossier", "0018_remove_site_version")]

    operations = [migrations.RunPython(forwards, backwards)]
