"""PostgreSQL: each kind's search document as a stored generated column with
a GIN index, in place of the indexes on expressions of 0008 and 0012 (see
dossier/search.py for why). Nothing changes on SQLite, whose FTS5 tables
already store their documents."""

from django.db import migrations

from dossier.migrations import _search_schema as search

# As searched when this migration was written.
DOCUMENTS = {
    "person": ("dossier_person", ("name", "aliases", "role", "affiliation")),
    "quote": ("dossier_quote", ("text", "context", "speaker_description")),
    "event": ("dossier_event", ("title", "summary", "location")),
    "source": ("dossier_source", ("title", "byline")),
    "claim": ("dossier_claim", ("title", "summary")),
}
NAMES = ("dossier_person", ("name", "aliases"))


def _statements(forwards: bool) -> list[str]:
    statements = []
    for table, columns in DOCUMENTS.values():
        if forwards:
            statements += search.postgresql_unschema(table, columns)
            statements += search.postgresql_column_schema(table, columns, search.DOCUMENT_COLUMN)
        else:
            statements += search.postgresql_column_unschema(table, columns, search.DOCUMENT_COLUMN)
            statements += search.postgresql_schema(table, columns)
    if forwards:
        statements += search.postgresql_names_unschema(*NAMES)
        statements += search.postgresql_column_schema(*NAMES, search.NAMES_COLUMN)
        # Statistics of the new columns, or the planner guesses a thousand
        # matches for every word.
        statements += [f"ANALYZE {table}" for table, _ in DOCUMENTS.values()]
    else:
        statements += search.postgresql_column_unschema(*NAMES, search.NAMES_COLUMN)
        statements += search.postgresql_names_schema(*NAMES)
    return statements


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in _statements(forwards=True):
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in _statements(forwards=False):
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("dossier", "0013_source_listing")]

    operations = [migrations.RunPython(forwards, backwards)]
