"""Full-text search (see dossier/search.py): FTS5 tables with triggers on
SQLite, GIN indexes on `to_tsvector('simple', …)` on PostgreSQL.

On SQLite a later migration that makes Django rebuild one of these tables
(most AlterFields do) drops its triggers with it: such a migration must run
`sqlite_unschema` and `sqlite_schema` again for that table.
"""

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


def _run(schema_editor, builders):
    build = builders.get(schema_editor.connection.vendor)
    if build is None:
        return
    for table, columns in DOCUMENTS.values():
        for statement in build(table, columns):
            schema_editor.execute(statement)


def create(apps, schema_editor):
    _run(
        schema_editor,
        {"sqlite": search.sqlite_schema, "postgresql": search.postgresql_schema},
    )


def drop(apps, schema_editor):
    _run(
        schema_editor,
        {"sqlite": search.sqlite_unschema, "postgresql": search.postgresql_unschema},
    )


class Migration(migrations.Migration):
    dependencies = [("dossier", "0007_site_version")]

    operations = [migrations.RunPython(create, drop)]
