"""The search documents declared on their models (models.search_document):
PostgreSQL's stored `tsvector` columns and their GIN indexes, which 0014 and
0019 made by hand, are dropped and made again by Django from the models'
fields, to the same definitions and names. SQLite has no such columns:
its search keeps its FTS5 tables, and these operations do nothing there.

Adding a stored column rewrites its table; 0025 vacuums them."""

from django.db import migrations

import dossier.models.search_document
from dossier.migrations import _search_schema as search

# As made by hand before this migration (0014, 0019): (table, columns, column).
BY_HAND = [
    ("dossier_person", ("name", "aliases", "role", "affiliation"), "search_document"),
    ("dossier_person", ("name", "aliases"), "search_names"),
    ("dossier_quote", ("text", "context", "speaker_description"), "search_document"),
    ("dossier_event", ("title", "summary", "location"), "search_document"),
    ("dossier_source", ("title", "byline", "body"), "search_document"),
    ("dossier_claim", ("title", "summary"), "search_document"),
]


def _run(schema_editor, statements) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for statement in statements:
            schema_editor.execute(statement)


def drop_by_hand(apps, schema_editor):
    _run(schema_editor, [sql for row in BY_HAND for sql in search.postgresql_column_unschema(*row)])


def make_by_hand(apps, schema_editor):
    _run(schema_editor, [sql for row in BY_HAND for sql in search.postgresql_column_schema(*row)])



class Migration(migrations.Migration):
    dependencies = [("dossier", "0023_quote_public")]

    operations = [
        migrations.RunPython(drop_by_hand, make_by_hand),
        migrations.AddField(
            model_name="claim",
            name="search_document",
            field=dossier.models.search_document.SearchDocument("title", "summary"),
        ),
        migrations.AddField(
            model_name="event",
            name="search_document",
            field=dossier.models.search_document.SearchDocument("title", "summary", "location"),
        ),
        migrations.AddField(
            model_name="person",
            name="search_document",
            field=dossier.models.search_document.SearchDocument(
                "name", "aliases", "role", "affiliation"
            ),
        ),
        migrations.AddField(
            model_name="person",
            name="search_names",
            field=dossier.models.search_document.SearchDocument("name", "aliases"),
        ),
        migrations.AddField(
            model_name="quote",
            name="search_document",
            field=dossier.models.search_document.SearchDocument(
                "text", "context", "speaker_description"
            ),
        ),
        migrations.AddField(
            model_name="source",
            name="search_document",
            field=dossier.models.search_document.SearchDocument("title", "byline", "body"),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=dossier.models.search_document.SearchIndex(
                fields=["search_document"], name="dossier_claim_search_document"
            ),
        ),
        migrations.AddIndex(
            model_name="event",
            index=dossier.models.search_document.SearchIndex(
                fields=["search_document"], name="dossier_event_search_document"
            ),
        ),
        migrations.AddIndex(
            model_name="person",
            index=dossier.models.search_document.SearchIndex(
                fields=["search_document"], name="dossier_person_search_document"
            ),
        ),
        migrations.AddIndex(
            model_name="person",
            index=dossier.models.search_document.SearchIndex(
                fields=["search_names"], name="dossier_person_search_names"
            ),
        ),
        migrations.AddIndex(
            model_name="quote",
            index=dossier.models.search_document.SearchIndex(
                fields=["search_document"], name="dossier_quote_search_document"
            ),
        ),
        migrations.AddIndex(
            model_name="source",
            index=dossier.models.search_document.SearchIndex(
                fields=["search_document"], name="dossier_source_search_document"
            ),
        ),
    ]
